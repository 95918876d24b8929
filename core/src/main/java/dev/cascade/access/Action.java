package dev.cascade.access;

/** The four actions a permission grants. */
public enum Action { CREATE, READ, UPDATE, DELETE }
