package dev.cascade.backend;

import dev.cascade.ConfigurationException;
import dev.cascade.spi.Storage;
import dev.cascade.spi.StorageProvider;

import java.util.Map;

/** Provider {@code memory}: an {@link InMemoryStorage}. Takes no properties. Stateless and thread-safe. */
public final class MemoryStorageProvider implements StorageProvider {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Storage create(Map<String, String> properties) {
        if (properties != null && !properties.isEmpty()) {
            throw new ConfigurationException("memory storage takes no properties, got " + properties.keySet());
        }
        return new InMemoryStorage();
    }
}
