package dev.cascade.storage.jdbc;

import dev.cascade.kit.StorageCompatibilityKit;
import dev.cascade.spi.Storage;

/** The storage contract on H2 (in-memory, private to this class). */
class JdbcStorageH2CompatibilityTest extends StorageCompatibilityKit {
    private static final String DB = TestDatabases.uniquePrefix("kith2");

    @Override
    protected Storage createStorage() {
        return JdbcStorage.create(TestDatabases.h2(DB).build());
    }
}
