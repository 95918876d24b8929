package dev.cascade.yaml;

import java.util.Objects;

/**
 * Where a namespace file kept as code takes a secret's value from: an environment variable or a file. Never
 * the value itself, so documents can live in version control. Immutable and thread-safe.
 *
 * @param kind        environment variable or file
 * @param source      the variable's name, or the file's path (relative to the namespace file)
 * @param description the secret's description, empty when none
 */
public record SecretReference(Kind kind, String source, String description) {
    /** Where the value comes from. */
    public enum Kind {
        /** {@code fromEnv: VARIABLE} */
        ENV,
        /** {@code fromFile: path} */
        FILE
    }

    public SecretReference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(description, "description");
    }
}
