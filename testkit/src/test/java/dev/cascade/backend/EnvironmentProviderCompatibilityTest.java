package dev.cascade.backend;

import dev.cascade.kit.ProviderCompatibilityKit;

import java.util.Map;

/**
 * The {@code env} provider against the provider kit. The store it builds reads the real process environment,
 * which a test cannot seed; {@link EnvironmentSecretStoreCompatibilityTest} runs the store kit on an
 * environment map instead.
 */
class EnvironmentProviderCompatibilityTest extends ProviderCompatibilityKit {
    @Override
    protected Kind kind() {
        return Kind.SECRET_STORE;
    }

    @Override
    protected String providerName() {
        return "env";
    }

    @Override
    protected Map<String, String> validProperties() {
        return Map.of("prefix", "CASCADE_KIT_", "encoding", "raw");
    }

    @Override
    protected Map<String, String> invalidProperties() {
        return Map.of("prefix", "", "encoding", "sideways");
    }

    @Override
    protected boolean runsStoreKit() {
        return false;
    }
}
