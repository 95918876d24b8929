package dev.cascade.backend;

import dev.cascade.ConfigurationException;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;

import java.util.Map;

/** Provider {@code memory}: an {@link InMemorySecretStore}. Takes no properties. Stateless and thread-safe. */
public final class MemorySecretStoreProvider implements SecretStoreProvider {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public SecretStore create(Map<String, String> properties) {
        if (properties != null && !properties.isEmpty()) {
            throw new ConfigurationException("memory secret store takes no properties, got " + properties.keySet());
        }
        return new InMemorySecretStore();
    }
}
