package dev.cascade.audit;

import java.util.Objects;

/**
 * One changed path between two documents. Values are rendered as compact JSON; they are never secret
 * values (variables and plugin defaults hold references such as {@code {{ secret('X') }}}, not values).
 * Immutable.
 *
 * @param path   dotted path, list indexes in brackets: {@code github.token}, {@code [1].values.region}
 * @param change ADDED, REMOVED or CHANGED
 * @param before JSON of the old value, null when ADDED
 * @param after  JSON of the new value, null when REMOVED
 */
public record DiffEntry(String path, Change change, String before, String after) {
    /** Kind of change at a path. */
    public enum Change { ADDED, REMOVED, CHANGED }

    public DiffEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(change, "change");
    }
}
