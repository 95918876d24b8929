package dev.cascade.spi;

import java.util.Map;

/**
 * Creates a {@link SecretStore} from configuration properties. Registered in
 * {@code META-INF/services/dev.cascade.spi.SecretStoreProvider} and chosen by {@link #name()}.
 * Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface SecretStoreProvider {
    /** The name a configuration uses to choose this provider, for example {@code vault}. */
    String name();

    /**
     * Creates a store. Invalid properties fail with a {@code ConfigurationException} that lists every
     * bad property at once.
     */
    SecretStore create(Map<String, String> properties);
}
