package dev.cascade.storage.jdbc;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;

/** The secret-store contract on the real MariaDB server through MariaDB Connector/J, in tables with a prefix unique to this run. */
class JdbcSecretStoreMariaDbCompatibilityTest extends SecretStoreCompatibilityKit {
    private static final String PREFIX = TestDatabases.uniquePrefix("kitsmariadb");
    private static final String KEY = TestDatabases.newKey();

    @Override
    protected SecretStore createStore() {
        return JdbcSecretStore.create(TestDatabases.mariaDb("mariadb", PREFIX).encryptionKey("k1", KEY).build());
    }

    @AfterAll
    static void dropTables() {
        TestDatabases.dropMariaDbTables(PREFIX);
    }
}
