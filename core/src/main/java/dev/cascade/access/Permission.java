package dev.cascade.access;

/**
 * What an action is on. Variables and plugin defaults are part of the namespace ({@code NAMESPACE}
 * {@code UPDATE}); {@code ROLE} and {@code BINDING} guard access-control administration itself;
 * {@code SECRET_STORE} {@code UPDATE} guards which secret store a namespace uses (a governance decision:
 * only the built-in {@code admin} role holds it, and binding a store that is not scoped by namespace needs
 * it tenant-wide).
 */
public enum Permission { NAMESPACE, SECRET, ROLE, BINDING, SECRET_STORE }
