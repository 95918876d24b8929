package dev.cascade.storage.jdbc;

import dev.cascade.kit.AccessControlStoreCompatibilityKit;
import dev.cascade.spi.AccessControlStore;
import org.junit.jupiter.api.AfterAll;

/** The access-control store contract on the real PostgreSQL server, in tables with a prefix unique to this run. */
class JdbcAccessControlStorePostgresCompatibilityTest extends AccessControlStoreCompatibilityKit {
    private static final String PREFIX = TestDatabases.uniquePrefix("acpg");
    private JdbcStorage storage;

    @Override
    protected AccessControlStore createStore() {
        storage = JdbcStorage.create(TestDatabases.postgres(PREFIX).build());
        return storage.accessControl().orElseThrow();
    }

    @Override
    protected void closeStore(AccessControlStore store) {
        storage.close();
    }

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PREFIX);
    }
}
