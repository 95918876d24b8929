package dev.cascade.defaults;

/** Where a resolved task property came from, lowest precedence of the defaults levels first. */
public enum ValueOrigin {
    /** The instance-wide plugin defaults configured on the resolver. */
    GLOBAL,
    /** A namespace's plugin defaults (the namespace is named alongside). */
    NAMESPACE,
    /** The flow's own plugin defaults. */
    FLOW,
    /** The task as written in the flow. */
    TASK
}
