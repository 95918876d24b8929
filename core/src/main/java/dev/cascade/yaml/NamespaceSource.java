package dev.cascade.yaml;

import dev.cascade.secret.SecretKey;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A namespace file kept as code, as {@link NamespaceDocuments#readNamespaceSource} reads it: the namespace
 * document (with inline variables and plugin defaults, if any), the files it names for its variables and
 * plugin defaults, and references to its secrets' values. Immutable and thread-safe.
 *
 * @param document           id, description, allowed namespaces, store binding, inline variables and rules
 * @param variablesFile      a variables file ({@code variables_marketing.yml}), relative to the namespace file
 * @param pluginDefaultsFile a plugin-defaults file ({@code task_defaults_marketing.yml}), likewise
 * @param secrets            the secrets the namespace declares, in declaration order
 */
public record NamespaceSource(NamespaceDocument document, Optional<String> variablesFile,
                              Optional<String> pluginDefaultsFile, Map<SecretKey, SecretReference> secrets) {
    public NamespaceSource {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(variablesFile, "variablesFile");
        Objects.requireNonNull(pluginDefaultsFile, "pluginDefaultsFile");
        secrets = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(secrets, "secrets")));
    }
}
