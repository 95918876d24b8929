package dev.cascade.backend;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;
import dev.cascade.spi.SecretStore;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The env store is read-only and instance-wide: the kit seeds it through the environment map. */
class EnvironmentSecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
    private final Map<String, String> environment = new HashMap<>();

    @Override
    protected SecretStore createStore() {
        return new EnvironmentSecretStore(environment, "SECRET_", EnvironmentSecretStore.Encoding.BASE64);
    }

    @Override
    protected void seed(SecretStore store, TenantId tenant, NamespaceId namespace, SecretKey key, String value) {
        environment.put("SECRET_" + key.value(), Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        this.store = createStore(); // the environment is read at construction
    }

    @Override
    protected boolean isolatesTenantsAndNamespaces() {
        return false;
    }
}
