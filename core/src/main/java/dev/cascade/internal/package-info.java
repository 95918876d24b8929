/**
 * Implementation shared by core's packages. Anything here may change or disappear in any release; it is
 * excluded from the Javadoc.
 *
 * <p><b>Internal: not API.</b>
 */
package dev.cascade.internal;
