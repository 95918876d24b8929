package dev.cascade.secrets.vault;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract kit against the fake Vault, KV v2 (check-and-set), logging in with AppRole. */
class VaultSecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
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
        return new VaultSecretStore(VaultConfig.builder()
                .address(vault.address())
                .auth(VaultAuth.appRole(vault.roleId, vault.secretId))
                .build());
    }
}
