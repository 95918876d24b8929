package dev.cascade.access;

/**
 * What an action is on. Variables and plugin defaults are part of the namespace ({@code NAMESPACE}
 * {@code UPDATE}); {@code ROLE} and {@code BINDING} guard access-control administration itself.
 */
public enum Permission { NAMESPACE, SECRET, ROLE, BINDING }
