package dev.cascade.secrets.vault;

import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;

import java.util.Map;

/**
 * Provider {@code vault}: a {@link VaultSecretStore} configured from properties (see
 * {@link VaultConfig#fromProperties(Map)} and docs/vault.md for the list). Registered in
 * {@code META-INF/services/dev.cascade.spi.SecretStoreProvider}. Stateless and thread-safe.
 */
public final class VaultSecretStoreProvider implements SecretStoreProvider {
    @Override
    public String name() {
        return "vault";
    }

    /**
     * @throws dev.cascade.ConfigurationException listing every bad property at once
     */
    @Override
    public SecretStore create(Map<String, String> properties) {
        return new VaultSecretStore(VaultConfig.fromProperties(properties));
    }
}
