package com.example.secrets;

import dev.cascade.kit.ProviderCompatibilityKit;

import java.util.Map;

/** The provider kit: found through META-INF/services by name, properties validated, the built store passes the store kit. */
class PropertiesSecretStoreProviderCompatibilityTest extends ProviderCompatibilityKit {
    private final String file = PropertiesSecretStoreCompatibilityTest.newFile().toString();

    @Override
    protected Kind kind() {
        return Kind.SECRET_STORE;
    }

    @Override
    protected String providerName() {
        return "properties-file";
    }

    @Override
    protected Map<String, String> validProperties() {
        return Map.of("file", file);
    }

    @Override
    protected Map<String, String> invalidProperties() {
        return Map.of("file", "/no-such-directory-for-the-kit/secrets.properties", "readOnly", "perhaps");
    }
}
