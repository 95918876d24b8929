package dev.cascade.spi;

import java.util.Map;

/**
 * Creates a {@link Storage} from configuration properties. Registered in
 * {@code META-INF/services/dev.cascade.spi.StorageProvider} and chosen by {@link #name()}.
 * Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface StorageProvider {
    /** The name a configuration uses to choose this provider, for example {@code jdbc} or {@code memory}. */
    String name();

    /** Creates a storage. Invalid properties fail with a {@code ConfigurationException} listing all of them. */
    Storage create(Map<String, String> properties);
}
