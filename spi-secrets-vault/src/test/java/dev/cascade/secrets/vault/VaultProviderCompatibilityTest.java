package dev.cascade.secrets.vault;

import dev.cascade.kit.ProviderCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;
import java.util.Set;

/** The {@code vault} provider against the provider kit, building stores on the fake Vault (KV v2, token auth). */
class VaultProviderCompatibilityTest extends ProviderCompatibilityKit {
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
    protected Kind kind() {
        return Kind.SECRET_STORE;
    }

    @Override
    protected String providerName() {
        return "vault";
    }

    @Override
    protected Map<String, String> validProperties() {
        return Map.of("address", vault.address(), "auth.token", vault.rootToken);
    }

    @Override
    protected Map<String, String> invalidProperties() {
        return Map.of("kvVersion", "3", "retry.maxRetries", "many", "connectTimeout", "soon");
    }

    @Override
    protected Set<String> secretProperties() {
        return Set.of("auth.token");
    }
}
