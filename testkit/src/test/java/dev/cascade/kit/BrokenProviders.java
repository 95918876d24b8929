package dev.cascade.kit;

import dev.cascade.ConfigurationException;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deliberately broken providers, registered in this test tree's {@code META-INF/services}, for
 * {@link KitCatchesBrokenStoresTest}. Both take one property {@code mode} ({@code fast} or {@code safe}) and
 * one secret property {@code token} (non-empty).
 */
final class BrokenProviders {
    private BrokenProviders() {
    }

    /** Ignores properties it does not know. */
    public static final class IgnoresUnknownProperties implements SecretStoreProvider {
        @Override
        public String name() {
            return "kit-broken-ignores-unknown";
        }

        @Override
        public SecretStore create(Map<String, String> properties) {
            List<String> problems = new ArrayList<>();
            check(properties, problems);
            if (!problems.isEmpty()) {
                throw new ConfigurationException("Invalid configuration: " + String.join("; ", problems));
            }
            return new ForwardingMemoryStore();
        }
    }

    /** Reports only the first problem it meets, so a user fixes one property per attempt. */
    public static final class FirstProblemOnly implements SecretStoreProvider {
        @Override
        public String name() {
            return "kit-broken-first-problem-only";
        }

        @Override
        public SecretStore create(Map<String, String> properties) {
            for (String k : properties.keySet()) {
                if (!Set.of("mode", "token").contains(k)) {
                    throw new ConfigurationException(k + " is not a property of this store");
                }
            }
            List<String> problems = new ArrayList<>();
            check(properties, problems);
            if (!problems.isEmpty()) {
                throw new ConfigurationException("Invalid configuration: " + problems.get(0));
            }
            return new ForwardingMemoryStore();
        }
    }

    /** Quotes the secret token in its refusal. */
    public static final class QuotesSecretProperty implements SecretStoreProvider {
        @Override
        public String name() {
            return "kit-broken-quotes-secret";
        }

        @Override
        public SecretStore create(Map<String, String> properties) {
            List<String> problems = new ArrayList<>();
            for (String k : properties.keySet()) {
                if (!Set.of("mode", "token").contains(k)) {
                    problems.add(k + " is not a property of this store");
                }
            }
            check(properties, problems);
            if (!problems.isEmpty()) {
                throw new ConfigurationException("Invalid configuration " + properties + ": " + String.join("; ", problems));
            }
            return new ForwardingMemoryStore();
        }
    }

    private static void check(Map<String, String> properties, List<String> problems) {
        String mode = properties.getOrDefault("mode", "fast");
        if (!mode.equals("fast") && !mode.equals("safe")) {
            problems.add("mode was '" + mode + "' but it must be fast or safe");
        }
        if (properties.getOrDefault("token", "").isEmpty()) {
            problems.add("token was '' but it is required");
        }
    }
}
