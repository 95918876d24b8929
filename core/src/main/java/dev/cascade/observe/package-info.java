/**
 * Observation hooks: a {@link dev.cascade.observe.CascadeObserver} installed with
 * {@code Cascade.builder().observer(...)} (or {@code Resolver.builder().observer(...)}) sees every backend call,
 * every cache load, refresh, stale answer and eviction, every template failure by kind, every access denial and
 * the timing of every resolution. Events carry tenants, namespaces, store names, operations, outcomes and
 * durations; never a value, and a secret's key only when the observer {@linkplain
 * dev.cascade.observe.CascadeObserver#includeSecretKeys() asks for it}. {@code cascade-micrometer} binds these
 * hooks to Micrometer's Observation API.
 *
 * <p><b>API.</b>
 */
package dev.cascade.observe;
