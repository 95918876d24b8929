package dev.cascade.defaults;

/**
 * How plugin defaults merge a list that two sources both set (a default and the task, or two defaults).
 * Maps always deep-merge and scalars are always replaced.
 */
public enum ListMerge {
    /** The higher-precedence list replaces the other whole (Cascade's rule, and the default). */
    REPLACE,
    /**
     * The lower-precedence list's elements, followed by each element of the higher-precedence list that is not
     * already there (by value): the union Kestra's newer versions compute, for hosts migrating flows.
     */
    UNION
}
