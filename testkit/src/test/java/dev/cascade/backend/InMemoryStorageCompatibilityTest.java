package dev.cascade.backend;

import dev.cascade.kit.StorageCompatibilityKit;
import dev.cascade.spi.Storage;

class InMemoryStorageCompatibilityTest extends StorageCompatibilityKit {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}
