package dev.cascade.storage.jdbc;

import dev.cascade.kit.AccessControlStoreCompatibilityKit;
import dev.cascade.spi.AccessControlStore;
import org.junit.jupiter.api.AfterAll;

/**
 * The access-control store contract on the real MariaDB server through MySQL Connector/J, in tables with a prefix
 * unique to this run.
 */
class JdbcAccessControlStoreMySqlDriverCompatibilityTest extends AccessControlStoreCompatibilityKit {
    private static final String PREFIX = TestDatabases.uniquePrefix("acmysql");
    private JdbcStorage storage;

    @Override
    protected AccessControlStore createStore() {
        storage = JdbcStorage.create(TestDatabases.mariaDb("mysql", PREFIX).build());
        return storage.accessControl().orElseThrow();
    }

    @Override
    protected void closeStore(AccessControlStore store) {
        storage.close();
    }

    @AfterAll
    static void dropTables() {
        TestDatabases.dropMariaDbTables(PREFIX);
    }
}
