package dev.cascade.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored document with its optimistic-lock version. Immutable when {@code value} is.
 *
 * @param value   the document
 * @param version 1 after the first write, +1 on every write
 * @param updated when it was last written
 * @param <T>     document type
 */
public record Versioned<T>(T value, long version, Instant updated) {
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(updated, "updated");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }
}
