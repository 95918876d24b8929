package dev.cascade.storage.jdbc;

import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;

import java.util.Map;

/**
 * Provider {@code jdbc}: a {@link JdbcSecretStore} from the properties described on {@link JdbcConfig}
 * ({@code url} and at least one {@code encryptionKey.<keyId>} are required). Stateless and thread-safe.
 */
public final class JdbcSecretStoreProvider implements SecretStoreProvider {
    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public SecretStore create(Map<String, String> properties) {
        JdbcConfig config = JdbcConfig.fromProperties(properties);
        JdbcConfig.requireUrl(config);
        return JdbcSecretStore.create(config);
    }
}
