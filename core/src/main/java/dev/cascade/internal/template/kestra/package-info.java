/**
 * Kestra's data-only filters, functions and tests, registered by the template engine as one Pebble extension.
 * May change in any release; excluded from the Javadoc.
 *
 * <p><b>Internal: not API.</b>
 */
package dev.cascade.internal.template.kestra;
