package dev.cascade.storage.jdbc;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;

/** The secret-store contract on the real PostgreSQL server, in tables with a prefix unique to this run. */
class JdbcSecretStorePostgresCompatibilityTest extends SecretStoreCompatibilityKit {
    private static final String PREFIX = TestDatabases.uniquePrefix("kitspg");
    private static final String KEY = TestDatabases.newKey();

    @Override
    protected SecretStore createStore() {
        return JdbcSecretStore.create(TestDatabases.postgres(PREFIX).encryptionKey("k1", KEY).build());
    }

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PREFIX);
    }
}
