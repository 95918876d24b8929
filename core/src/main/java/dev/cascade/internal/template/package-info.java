/**
 * The Pebble-based template engine and its fast paths. May change in any release; excluded from the Javadoc.
 *
 * <p><b>Internal: not API.</b>
 */
package dev.cascade.internal.template;
