package dev.cascade.storage.jdbc;

import dev.cascade.kit.StorageCompatibilityKit;
import dev.cascade.spi.Storage;
import org.junit.jupiter.api.AfterAll;

/** The storage contract on the real PostgreSQL server, in tables with a prefix unique to this run. */
class JdbcStoragePostgresCompatibilityTest extends StorageCompatibilityKit {
    private static final String PREFIX = TestDatabases.uniquePrefix("kitpg");

    @Override
    protected Storage createStorage() {
        return JdbcStorage.create(TestDatabases.postgres(PREFIX).build());
    }

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PREFIX);
    }
}
