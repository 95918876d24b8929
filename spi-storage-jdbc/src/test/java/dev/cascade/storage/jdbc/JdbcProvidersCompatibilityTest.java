package dev.cascade.storage.jdbc;

import dev.cascade.kit.ProviderCompatibilityKit;
import org.junit.jupiter.api.Nested;

import java.util.Map;
import java.util.Set;

/** The {@code jdbc} storage and secret store providers against the provider kit, on a fresh embedded H2 per test. */
class JdbcProvidersCompatibilityTest {

    @Nested
    class StorageProvider extends ProviderCompatibilityKit {
        private final String url = TestDatabases.h2Url(TestDatabases.uniquePrefix("provkit"));

        @Override
        protected Kind kind() {
            return Kind.STORAGE;
        }

        @Override
        protected String providerName() {
            return "jdbc";
        }

        @Override
        protected Map<String, String> validProperties() {
            return Map.of("url", url, "user", "sa", "password", "kit-jdbc-password", "pollInterval", "100ms");
        }

        @Override
        protected Map<String, String> invalidProperties() {
            return Map.of("poolSize", "0", "tablePrefix", "Bad-Prefix", "pollInterval", "1ms");
        }

        @Override
        protected Set<String> secretProperties() {
            return Set.of("password");
        }
    }

    @Nested
    class SecretStoreProvider extends ProviderCompatibilityKit {
        private final String url = TestDatabases.h2Url(TestDatabases.uniquePrefix("provkit"));
        private final String key = TestDatabases.newKey();

        @Override
        protected Kind kind() {
            return Kind.SECRET_STORE;
        }

        @Override
        protected String providerName() {
            return "jdbc";
        }

        @Override
        protected Map<String, String> validProperties() {
            return Map.of("url", url, "user", "sa", "password", "kit-jdbc-password", "encryptionKey.k1", key);
        }

        @Override
        protected Map<String, String> invalidProperties() {
            return Map.of("poolSize", "201", "encryptionKey.k1", "not base64: kit-invalid-key", "activeKeyId", "k9");
        }

        @Override
        protected Set<String> secretProperties() {
            return Set.of("password", "encryptionKey.k1");
        }
    }
}
