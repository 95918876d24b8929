package com.example.secrets;

import dev.cascade.ConfigurationException;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Provider {@code properties-file}, registered in {@code META-INF/services/dev.cascade.spi.SecretStoreProvider}.
 * Properties: {@code file} (required; its directory must exist) and {@code readOnly} ({@code true} or
 * {@code false}, the default). Every bad property is reported at once. Stateless and thread-safe.
 */
public final class PropertiesSecretStoreProvider implements SecretStoreProvider {
    private static final Set<String> KNOWN = Set.of("file", "readOnly");

    @Override
    public String name() {
        return "properties-file";
    }

    @Override
    public SecretStore create(Map<String, String> properties) {
        Map<String, String> props = properties == null ? Map.of() : properties;
        List<String> problems = new ArrayList<>();
        for (String name : props.keySet()) {
            if (!KNOWN.contains(name)) {
                problems.add(name + " is not a property of the properties-file secret store (known: file, readOnly)");
            }
        }
        Path file = null;
        String f = props.getOrDefault("file", "");
        if (f.isBlank()) {
            problems.add("file was '' but it is required");
        } else {
            try {
                file = Path.of(f).toAbsolutePath();
                if (!Files.isDirectory(file.getParent())) {
                    problems.add("file was '" + f + "' but its directory does not exist");
                }
            } catch (InvalidPathException e) {
                problems.add("file was '" + f + "' but it is not a path (" + e.getReason() + ")");
            }
        }
        String ro = props.getOrDefault("readOnly", "false");
        if (!ro.equals("true") && !ro.equals("false")) {
            problems.add("readOnly was '" + ro + "' but it must be true or false");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid properties-file secret store configuration: "
                    + String.join("; ", problems));
        }
        return new PropertiesSecretStore(file, Boolean.parseBoolean(ro));
    }
}
