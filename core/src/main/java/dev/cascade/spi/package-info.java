/**
 * What storage and secret-store modules implement: {@link dev.cascade.spi.Storage} (namespace,
 * variable, plugin-defaults and access-control stores plus a change feed), {@link dev.cascade.spi.SecretStore},
 * and their {@code ServiceLoader} providers. The contract kits in {@code cascade-testkit} (package {@code dev.cascade.kit}) check an implementation.
 *
 * <p><b>SPI.</b>
 */
package dev.cascade.spi;
