package dev.cascade.storage.jdbc;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a document (variables or plugin defaults). Immutable (and so thread-safe) when
 * {@code value} is; the stores hand out unmodifiable documents.
 *
 * @param version the document's version this revision holds
 * @param written when that version was written
 * @param value   the document as it was
 * @param <T>     document type
 */
public record Revision<T>(long version, Instant written, T value) {
    public Revision {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(value, "value");
    }
}
