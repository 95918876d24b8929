package dev.cascade.secrets.vault;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract kit against a read-only store over KV v2; secrets are planted by a writable store. */
class VaultReadOnlySecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
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
        return new VaultSecretStore(TestSupport.v2(vault).pathPrefix("apps/existing").readOnly(true).build());
    }

    @Override
    protected void seed(SecretStore store, TenantId tenant, NamespaceId namespace, SecretKey key, String value) {
        try (SecretStore writer = new VaultSecretStore(TestSupport.v2(vault).pathPrefix("apps/existing").build())) {
            writer.put(tenant, namespace, key, SecretValue.of(value), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        }
    }
}
