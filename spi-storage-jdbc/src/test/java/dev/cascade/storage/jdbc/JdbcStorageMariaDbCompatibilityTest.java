package dev.cascade.storage.jdbc;

import dev.cascade.kit.StorageCompatibilityKit;
import dev.cascade.spi.Storage;
import org.junit.jupiter.api.AfterAll;

/** The storage contract on the real MariaDB server through MariaDB Connector/J, in tables with a prefix unique to this run. */
class JdbcStorageMariaDbCompatibilityTest extends StorageCompatibilityKit {
    private static final String PREFIX = TestDatabases.uniquePrefix("kitmariadb");

    @Override
    protected Storage createStorage() {
        return JdbcStorage.create(TestDatabases.mariaDb("mariadb", PREFIX).build());
    }

    @AfterAll
    static void dropTables() {
        TestDatabases.dropMariaDbTables(PREFIX);
    }
}
