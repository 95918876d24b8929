package dev.cascade.backend;

import dev.cascade.kit.ProviderCompatibilityKit;
import org.junit.jupiter.api.Nested;

import java.util.Map;

/** Core's {@code memory} providers against the provider kit (and, through it, the store kits). */
class MemoryProvidersCompatibilityTest {

    @Nested
    class SecretStoreProvider extends ProviderCompatibilityKit {
        @Override
        protected Kind kind() {
            return Kind.SECRET_STORE;
        }

        @Override
        protected String providerName() {
            return "memory";
        }

        @Override
        protected Map<String, String> validProperties() {
            return Map.of();
        }
    }

    @Nested
    class StorageProvider extends ProviderCompatibilityKit {
        @Override
        protected Kind kind() {
            return Kind.STORAGE;
        }

        @Override
        protected String providerName() {
            return "memory";
        }

        @Override
        protected Map<String, String> validProperties() {
            return Map.of();
        }
    }
}
