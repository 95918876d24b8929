package dev.cascade.storage.jdbc;

import dev.cascade.spi.Storage;
import dev.cascade.spi.StorageProvider;

import java.util.Map;

/**
 * Provider {@code jdbc}: a {@link JdbcStorage} from the properties described on {@link JdbcConfig}
 * ({@code url} is required). Stateless and thread-safe.
 */
public final class JdbcStorageProvider implements StorageProvider {
    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public Storage create(Map<String, String> properties) {
        JdbcConfig config = JdbcConfig.fromProperties(properties);
        JdbcConfig.requireUrl(config);
        return JdbcStorage.create(config);
    }
}
