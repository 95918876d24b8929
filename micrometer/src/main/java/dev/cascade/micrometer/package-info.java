/**
 * Micrometer binding of Cascade's observation hooks: {@link dev.cascade.micrometer.MicrometerCascadeObserver}
 * records backend calls and resolutions as Micrometer {@code Observation}s (timers, and spans where a tracing
 * bridge is installed) and cache, denial and template events as counters; {@link
 * dev.cascade.micrometer.CascadeCacheMetrics} binds the resolver's cache statistics as gauges and function
 * counters. Tag cardinality is bounded: no namespace, tenant or key tags unless asked for.
 *
 * <p><b>API.</b>
 */
package dev.cascade.micrometer;
