/**
 * The contract kits a plugin author extends to prove an implementation of the SPI:
 * {@link dev.cascade.kit.SecretStoreCompatibilityKit}, {@link dev.cascade.kit.StorageCompatibilityKit},
 * {@link dev.cascade.kit.AccessControlStoreCompatibilityKit} and {@link dev.cascade.kit.ProviderCompatibilityKit}.
 * Each is an abstract JUnit Jupiter test class: extend it in your test tree and implement its factory method.
 *
 * <p><b>API (for tests).</b> Kit instances are JUnit test instances and not shared between threads; the
 * stores they test must be thread-safe, as the SPI requires.
 */
package dev.cascade.kit;
