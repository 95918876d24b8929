package dev.cascade.secrets.vault;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract kit against the fake Vault, KV v1 (no check-and-set: the kit skips the CAS tests). */
class VaultKv1SecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
    static FakeVault vault;

    @BeforeAll
    static void startVault() throws Exception {
        vault = new FakeVault();
    }

    @AfterAll
    static void stopVault() {
        vault.close();
    }

    @Override
    protected SecretStore createStore() {
        return new VaultSecretStore(TestSupport.v1(vault).build());
    }
}
