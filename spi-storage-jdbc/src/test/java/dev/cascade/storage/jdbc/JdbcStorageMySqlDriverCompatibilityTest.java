package dev.cascade.storage.jdbc;

import dev.cascade.kit.StorageCompatibilityKit;
import dev.cascade.spi.Storage;
import org.junit.jupiter.api.AfterAll;

/** The storage contract on the real MariaDB server through MySQL Connector/J, in tables with a prefix unique to this run. */
class JdbcStorageMySqlDriverCompatibilityTest extends StorageCompatibilityKit {
    private static final String PREFIX = TestDatabases.uniquePrefix("kitmysql");

    @Override
    protected Storage createStorage() {
        return JdbcStorage.create(TestDatabases.mariaDb("mysql", PREFIX).build());
    }

    @AfterAll
    static void dropTables() {
        TestDatabases.dropMariaDbTables(PREFIX);
    }
}
