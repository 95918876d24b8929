package dev.cascade.management;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceSummary;

import java.util.List;
import java.util.Optional;

/**
 * One page of a namespace listing. Immutable and thread-safe.
 *
 * @param rows       the visible rows, existing namespaces and placeholders, sorted by id
 * @param nextCursor the cursor of the next page; empty when no visible row follows
 */
public record NamespacePage(List<NamespaceSummary> rows, Optional<NamespaceId> nextCursor) {
    public NamespacePage {
        rows = List.copyOf(rows);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
