package dev.cascade.management;

import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.yaml.NamespaceDocument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a namespace should look like, as a namespaces-as-code directory declares it: its document
 * (properties, variables, plugin defaults) and the secrets it declares, with their values already read from
 * where the document's references point. Input to {@link ManagementSession#plan}. Immutable and thread-safe;
 * {@link #toString()} shows no secret value.
 *
 * @param document the namespace document
 * @param secrets  the declared secrets, in declaration order
 * @param origin   where it was declared (a file name), for messages
 */
public record DesiredNamespace(NamespaceDocument document, Map<SecretKey, Secret> secrets, String origin) {
    /** A declared secret: its value and attributes. {@link #toString()} masks the value. */
    public record Secret(SecretValue value, SecretAttributes attributes) {
        public Secret {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    public DesiredNamespace {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(origin, "origin");
        Map<SecretKey, Secret> copy = new LinkedHashMap<>();
        Objects.requireNonNull(secrets, "secrets").forEach((k, v) -> copy.put(Objects.requireNonNull(k, "secret key"),
                Objects.requireNonNull(v, "secret")));
        secrets = Collections.unmodifiableMap(copy);
    }
}
