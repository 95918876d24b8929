package dev.cascade.secrets.vault;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract kit against a real Vault, when {@code VAULT_ADDR} and {@code VAULT_TOKEN} are set (for
 * example a {@code vault server -dev}). Optional: {@code VAULT_KV_MOUNT} (default {@code secret}),
 * {@code VAULT_KV_VERSION} (default 2), {@code VAULT_NAMESPACE}, {@code VAULT_CACERT}. Secrets are written
 * under the prefix {@code cascade-kit} in random tenants and removed after each test.
 */
class RealVaultSecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {

    private static final boolean CONFIGURED = present("VAULT_ADDR") && present("VAULT_TOKEN");

    @BeforeAll
    static void sayWhetherItRuns() {
        if (!CONFIGURED) {
            System.out.println("[cascade-secrets-vault] RealVaultSecretStoreCompatibilityTest skipped: "
                    + "set VAULT_ADDR and VAULT_TOKEN to run the contract kit against a real Vault");
        }
    }

    private static boolean present(String name) {
        String v = System.getenv(name);
        return v != null && !v.isBlank();
    }

    @Override
    protected SecretStore createStore() {
        // every kit test is reported as skipped, with the reason, when no real Vault is configured
        assumeTrue(CONFIGURED, "real Vault not configured: set VAULT_ADDR and VAULT_TOKEN");
        VaultConfig.Builder b = VaultConfig.builder()
                .address(System.getenv("VAULT_ADDR"))
                .auth(VaultAuth.token(System.getenv("VAULT_TOKEN")))
                .mount(System.getenv().getOrDefault("VAULT_KV_MOUNT", "secret"))
                .kvVersion(Integer.parseInt(System.getenv().getOrDefault("VAULT_KV_VERSION", "2")))
                .vaultNamespace(System.getenv("VAULT_NAMESPACE"))
                .pathPrefix("cascade-kit");
        if (present("VAULT_CACERT")) {
            b.caCertFile(Path.of(System.getenv("VAULT_CACERT")));
        }
        return new VaultSecretStore(b.build());
    }

    @Override
    protected int concurrentWriters() {
        return 2;
    }

    @Override
    protected int concurrencyRounds() {
        return 5;
    }

    @AfterEach
    void removeWhatTheTestWrote() {
        if (store == null || store.isReadOnly()) {
            return;
        }
        for (TenantId t : List.of(tenant, otherTenant)) {
            for (NamespaceId n : List.of(ns, child)) {
                for (SecretMetadata m : store.list(t, n)) {
                    store.delete(t, n, m.key(), SecretStore.ANY_VERSION);
                }
            }
        }
    }
}
