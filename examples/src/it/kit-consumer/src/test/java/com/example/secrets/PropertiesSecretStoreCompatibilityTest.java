package com.example.secrets;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** All a plugin author writes to run Cascade's contract kit against their store. */
class PropertiesSecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
    @Override
    protected SecretStore createStore() {
        try {
            return new PropertiesSecretStore(Files.createTempFile("secrets", ".properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
