package dev.cascade.backend;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;

class InMemorySecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
    @Override
    protected SecretStore createStore() {
        return new InMemorySecretStore();
    }
}
