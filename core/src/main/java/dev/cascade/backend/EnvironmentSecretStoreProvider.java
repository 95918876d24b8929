package dev.cascade.backend;

import dev.cascade.ConfigurationException;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Provider {@code env}: an {@link EnvironmentSecretStore} over the process environment. Properties:
 * {@code prefix} (default {@code SECRET_}) and {@code encoding} ({@code base64}, the default, or {@code raw}).
 * Stateless and thread-safe.
 */
public final class EnvironmentSecretStoreProvider implements SecretStoreProvider {
    private static final Set<String> KNOWN = Set.of("prefix", "encoding");

    @Override
    public String name() {
        return "env";
    }

    @Override
    public SecretStore create(Map<String, String> properties) {
        Map<String, String> props = properties == null ? Map.of() : properties;
        List<String> problems = new ArrayList<>();
        for (String k : props.keySet()) {
            if (!KNOWN.contains(k)) {
                problems.add(k + " was '" + props.get(k) + "' but it is not a property of the env store (known: prefix, encoding)");
            }
        }
        String prefix = props.getOrDefault("prefix", EnvironmentSecretStore.DEFAULT_PREFIX);
        if (prefix.isEmpty()) {
            problems.add("prefix was '' but it must not be empty");
        }
        EnvironmentSecretStore.Encoding encoding = EnvironmentSecretStore.Encoding.BASE64;
        String enc = props.getOrDefault("encoding", "base64");
        try {
            encoding = EnvironmentSecretStore.Encoding.valueOf(enc.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("encoding was '" + enc + "' but it must be base64 or raw");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid env secret store configuration: " + String.join("; ", problems));
        }
        return new EnvironmentSecretStore(System.getenv(), prefix, encoding);
    }
}
