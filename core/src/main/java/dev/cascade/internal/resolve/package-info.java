/**
 * The resolver's caches, fronts and clocks. May change in any release; excluded from the Javadoc.
 *
 * <p><b>Internal: not API.</b>
 */
package dev.cascade.internal.resolve;
