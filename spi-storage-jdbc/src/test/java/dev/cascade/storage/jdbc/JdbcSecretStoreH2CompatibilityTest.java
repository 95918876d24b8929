package dev.cascade.storage.jdbc;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;

/** The secret-store contract on H2 (in-memory, private to this class). */
class JdbcSecretStoreH2CompatibilityTest extends SecretStoreCompatibilityKit {
    private static final String DB = TestDatabases.uniquePrefix("kitsh2");
    private static final String KEY = TestDatabases.newKey();

    @Override
    protected SecretStore createStore() {
        return JdbcSecretStore.create(TestDatabases.h2(DB).encryptionKey("k1", KEY).build());
    }
}
