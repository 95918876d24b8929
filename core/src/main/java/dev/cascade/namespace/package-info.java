/**
 * Tenants, namespace ids, namespaces and their properties and status (existing or placeholder).
 *
 * <p><b>API.</b>
 */
package dev.cascade.namespace;
