package dev.cascade.namespace;

/** Whether a namespace has been created or is only a placeholder known from flows or descendants. */
public enum NamespaceStatus {
    /** Created through the management API; contributes variables, plugin defaults and secrets. */
    EXISTING,
    /** Not created: used by flows, or an ancestor of a used or existing namespace. Contributes nothing. */
    PLACEHOLDER
}
