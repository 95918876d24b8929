/**
 * A {@link dev.cascade.spi.SecretStore} on HashiCorp Vault's KV secrets engine (version 2 or 1),
 * configured by {@link dev.cascade.secrets.vault.VaultConfig}; provider name {@code vault}.
 *
 * <p><b>API (and SPI implementation).</b>
 */
package dev.cascade.secrets.vault;
