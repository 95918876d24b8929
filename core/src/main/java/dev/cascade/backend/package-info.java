/**
 * The backends that come with core: in-memory storage, in-memory and environment secret stores, and
 * their {@code ServiceLoader} providers ({@code memory}, {@code env}).
 *
 * <p><b>API.</b>
 */
package dev.cascade.backend;
