/**
 * Who may do what: actors, subjects, roles, role bindings, permissions and actions, the
 * {@link dev.cascade.access.AccessPolicy} the management facade consults, and the built-in role-based policy.
 *
 * <p><b>API.</b>
 */
package dev.cascade.access;
