package dev.cascade.spi;

import dev.cascade.namespace.NamespaceId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One keyset page of a namespace store: the ids greater than {@code after} (all when empty), inside
 * {@code subtree} when set (the subtree's root and its descendants), in {@link NamespaceId} order (the order of
 * the id strings, as {@link String#compareTo}), at most {@code limit} of them. Immutable and thread-safe.
 *
 * @param after   exclusive lower bound; empty to start at the first id
 * @param subtree only this namespace and its descendants; empty for the whole tenant
 * @param limit   the most ids returned, 1 to {@link #MAX_LIMIT}
 */
public record NamespaceQuery(Optional<NamespaceId> after, Optional<NamespaceId> subtree, int limit) {
    /** The largest page a store is asked for. */
    public static final int MAX_LIMIT = 10_000;

    public NamespaceQuery {
        after = after == null ? Optional.empty() : after;
        subtree = subtree == null ? Optional.empty() : subtree;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("Namespace page limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Whether {@code id} belongs to this query's range (ignoring the limit). */
    public boolean matches(NamespaceId id) {
        Objects.requireNonNull(id, "id");
        return (after.isEmpty() || id.compareTo(after.get()) > 0)
                && (subtree.isEmpty() || subtree.get().isAncestorOrSelfOf(id));
    }

    /**
     * The page of {@code items} (sorted by id) this query selects: the reference semantics, and what the
     * default {@link NamespaceStore} methods use.
     */
    public <T> List<T> select(Collection<T> sortedItems, Function<T, NamespaceId> id) {
        List<T> out = new ArrayList<>(Math.min(limit, sortedItems.size()));
        for (T item : sortedItems) {
            if (matches(id.apply(item))) {
                out.add(item);
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The smallest string greater than every descendant id of {@code id}: descendants are exactly the ids in
     * {@code [id + ".", id + "/")} ('/' follows '.'), which is how stores can find them with an index range.
     */
    public static String descendantsUpperBound(NamespaceId id) {
        return id.value() + "/";
    }
}
