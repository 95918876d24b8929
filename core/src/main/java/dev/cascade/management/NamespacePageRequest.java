package dev.cascade.management;

import dev.cascade.namespace.NamespaceId;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ManagementSession#listNamespaces(NamespacePageRequest)} returns: the rows after {@code cursor}
 * (from the start when empty), at most {@code pageSize} of them, optionally only the namespaces of one subtree
 * (its root included) or only the direct children of one namespace (for tree browsing). Immutable and
 * thread-safe; build it with {@link #first(int)} and the {@code with...} methods.
 *
 * @param cursor     the last id of the previous page ({@link NamespacePage#nextCursor()}); empty for the first page
 * @param pageSize   1 to {@link #MAX_PAGE_SIZE}
 * @param subtree    only this namespace and its descendants; empty for the whole tenant
 * @param childrenOf only the namespaces whose parent is this one; empty for every depth
 */
public record NamespacePageRequest(Optional<NamespaceId> cursor, int pageSize, Optional<NamespaceId> subtree,
                                   Optional<NamespaceId> childrenOf) {
    /** The largest page. */
    public static final int MAX_PAGE_SIZE = 1000;

    public NamespacePageRequest {
        cursor = cursor == null ? Optional.empty() : cursor;
        subtree = subtree == null ? Optional.empty() : subtree;
        childrenOf = childrenOf == null ? Optional.empty() : childrenOf;
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("Namespace page size must be between 1 and " + MAX_PAGE_SIZE
                    + ", got " + pageSize);
        }
    }

    /** The first page of the whole tenant. */
    public static NamespacePageRequest first(int pageSize) {
        return new NamespacePageRequest(Optional.empty(), pageSize, Optional.empty(), Optional.empty());
    }

    /** The same request, continuing after {@code cursor}. */
    public NamespacePageRequest after(NamespaceId cursor) {
        return new NamespacePageRequest(Optional.of(Objects.requireNonNull(cursor, "cursor")), pageSize, subtree, childrenOf);
    }

    /** The same request, limited to {@code root} and its descendants. */
    public NamespacePageRequest withinSubtree(NamespaceId root) {
        return new NamespacePageRequest(cursor, pageSize, Optional.of(Objects.requireNonNull(root, "root")), childrenOf);
    }

    /** The same request, limited to the direct children of {@code parent}. */
    public NamespacePageRequest childrenOf(NamespaceId parent) {
        return new NamespacePageRequest(cursor, pageSize, subtree, Optional.of(Objects.requireNonNull(parent, "parent")));
    }

    /** The request for the page after {@code page}, or empty when {@code page} was the last. */
    public Optional<NamespacePageRequest> next(NamespacePage page) {
        return page.nextCursor().map(this::after);
    }
}
