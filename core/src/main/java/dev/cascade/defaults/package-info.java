/**
 * Plugin defaults: rules ({@link dev.cascade.defaults.PluginDefault}), levels, the chain that applies
 * them to a task tree, and the explain view of where each value came from.
 *
 * <p><b>API.</b>
 */
package dev.cascade.defaults;
