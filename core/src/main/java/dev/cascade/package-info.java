/**
 * The entry point, {@link dev.cascade.Cascade}, and the exception family every call may throw:
 * {@link dev.cascade.CascadeException} and its subclasses.
 *
 * <p><b>API.</b>
 */
package dev.cascade;
