package dev.cascade.secret;

import dev.cascade.internal.Arguments;

import java.util.Map;
import java.util.TreeMap;

/**
 * The non-secret attributes a secret carries besides its value. Immutable.
 *
 * @param description free text, empty when unset
 * @param tags        key/value tags, sorted by key
 */
public record SecretAttributes(String description, Map<String, String> tags) {
    public static final SecretAttributes NONE = new SecretAttributes("", Map.of());

    public SecretAttributes {
        description = description == null ? "" : Arguments.requireWellFormed(description, "Secret description");
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        tags.forEach((k, v) -> {
            Arguments.requireWellFormed(k, "A secret tag's name");
            Arguments.requireWellFormed(v, "Secret tag '" + k + "'");
        });
    }

    public static SecretAttributes of(String description) {
        return new SecretAttributes(description, Map.of());
    }
}
