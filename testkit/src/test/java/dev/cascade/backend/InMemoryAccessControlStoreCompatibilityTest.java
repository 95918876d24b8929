package dev.cascade.backend;

import dev.cascade.kit.AccessControlStoreCompatibilityKit;
import dev.cascade.spi.AccessControlStore;

/** The reference store against its own contract. */
class InMemoryAccessControlStoreCompatibilityTest extends AccessControlStoreCompatibilityKit {
    @Override
    protected AccessControlStore createStore() {
        return new InMemoryAccessControlStore();
    }
}
