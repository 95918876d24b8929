package com.example.secrets;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.Nested;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** All a plugin author writes to run Cascade's secret store kit against their store. */
class PropertiesSecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
    @Override
    protected SecretStore createStore() {
        return new PropertiesSecretStore(newFile());
    }

    static Path newFile() {
        try {
            return Files.createTempFile("secrets", ".properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same store opened read-only: the kit plants values through a writable store on the same file. */
    @Nested
    class ReadOnly extends SecretStoreCompatibilityKit {
        private final Path file = newFile();

        @Override
        protected SecretStore createStore() {
            return new PropertiesSecretStore(file, true);
        }

        @Override
        protected void seed(SecretStore store, TenantId tenant, NamespaceId namespace, SecretKey key, String value) {
            new PropertiesSecretStore(file).put(tenant, namespace, key, SecretValue.of(value), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
        }
    }
}
