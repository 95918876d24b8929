package dev.cascade.storage.jdbc;

import dev.cascade.kit.AccessControlStoreCompatibilityKit;
import dev.cascade.spi.AccessControlStore;

/** The access-control store contract on H2 (in-memory, private to this class). */
class JdbcAccessControlStoreH2CompatibilityTest extends AccessControlStoreCompatibilityKit {
    private static final String DB = TestDatabases.uniquePrefix("ach2");
    private JdbcStorage storage;

    @Override
    protected AccessControlStore createStore() {
        storage = JdbcStorage.create(TestDatabases.h2(DB).build());
        return storage.accessControl().orElseThrow();
    }

    @Override
    protected void closeStore(AccessControlStore store) {
        storage.close();
    }
}
