package dev.cascade.internal;

import dev.cascade.access.NamespaceFilter;
import dev.cascade.management.NamespacePage;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.NamespaceSummary;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.NamespaceQuery;
import dev.cascade.spi.NamespaceStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Keyset paging of a tenant's namespace rows (existing namespaces and placeholders) over
 * {@link NamespaceStore#listPage} and {@link NamespaceStore#usedPage}, in bounded batches.
 *
 * <p>How placeholders stay in order: a batch fetches the existing and the used ids after the cursor; it knows
 * every known id up to the batch's bound {@code L} (the smaller last id of a full batch). A placeholder
 * {@code P} in {@code (cursor, L]} has a known descendant {@code Y}. When {@code Y <= L}, {@code Y} was
 * fetched and {@code P} is one of its ancestors. When {@code Y > L}, {@code P < L < Y} and the ids starting
 * with {@code P} form one interval, so {@code L} starts with {@code P} followed by '.' (then {@code P} is an
 * ancestor of {@code L}) or by '-', the only id character ordered before '.' (then {@code P} is a string
 * prefix of {@code L} ending before a '-', and is checked with one descendant query). Nothing else can be
 * missed, so concatenated pages equal the unpaged listing.
 *
 * <p>Stateless; each call reads the store afresh.
 */
public final class NamespacePager {
    private static final int MAX_BATCH = 1000;

    private NamespacePager() {
    }

    /**
     * The page of rows after {@code cursor}, inside {@code subtree} (when set) and whose parent is
     * {@code childrenOf} (when set), that {@code visible} accepts. When the filter is made of whole subtrees,
     * only those subtrees are read (in root order, stopping once later roots cannot reach the page).
     */
    public static NamespacePage page(NamespaceStore store, TenantId tenant, Optional<NamespaceId> cursor, int pageSize,
                                     Optional<NamespaceId> subtree, Optional<NamespaceId> childrenOf,
                                     NamespaceFilter visible) {
        List<NamespaceSummary> rows;
        if (visible.subtrees().isEmpty()) {
            rows = scan(store, tenant, cursor, pageSize + 1, subtree, childrenOf, visible);
        } else {
            rows = new ArrayList<>();
            for (NamespaceId root : minimalRoots(visible.subtrees().get())) {
                if (rows.size() > pageSize && rows.get(pageSize).id().compareTo(root) < 0) {
                    break;   // every row of this root and the following ones sorts after a full page
                }
                if (cursor.isPresent() && NamespaceQuery.descendantsUpperBound(root).compareTo(cursor.get().value()) <= 0) {
                    continue;   // the whole subtree lies before the cursor
                }
                Optional<NamespaceId> scope = narrower(Optional.of(root), subtree);
                if (scope == null) {
                    continue;
                }
                rows.addAll(scan(store, tenant, cursor, pageSize + 1, scope, childrenOf, id -> true));
                rows.sort(Comparator.comparing(NamespaceSummary::id));
                if (rows.size() > pageSize + 1) {
                    rows.subList(pageSize + 1, rows.size()).clear();
                }
            }
        }
        if (rows.size() > pageSize) {
            List<NamespaceSummary> page = rows.subList(0, pageSize);
            return new NamespacePage(page, Optional.of(page.get(pageSize - 1).id()));
        }
        return new NamespacePage(rows, Optional.empty());
    }

    /** The roots no other root contains, sorted. */
    private static List<NamespaceId> minimalRoots(Set<NamespaceId> roots) {
        List<NamespaceId> out = new ArrayList<>();
        for (NamespaceId root : roots) {
            if (root.ancestors().stream().noneMatch(a -> !a.equals(root) && roots.contains(a))) {
                out.add(root);
            }
        }
        out.sort(null);
        return out;
    }

    /** Up to {@code limit} rows after {@code cursor} in scope that {@code visible} accepts, in id order. */
    private static List<NamespaceSummary> scan(NamespaceStore store, TenantId tenant, Optional<NamespaceId> cursor,
                                               int limit, Optional<NamespaceId> subtree,
                                               Optional<NamespaceId> childrenOf, Predicate<NamespaceId> visible) {
        Optional<NamespaceId> storeSubtree = narrower(subtree, childrenOf);
        if (storeSubtree == null) {
            return List.of();
        }
        if (childrenOf.isPresent() && storeSubtree.isPresent() && !storeSubtree.equals(childrenOf)) {
            return onlyRoot(store, tenant, cursor, storeSubtree.get(), childrenOf.get(), visible);
        }
        Predicate<NamespaceId> inScope = id -> subtree.map(s -> s.isAncestorOrSelfOf(id)).orElse(true)
                && childrenOf.map(p -> id.parent().filter(p::equals).isPresent()).orElse(true);
        List<NamespaceSummary> out = new ArrayList<>(limit);
        Map<NamespaceId, Boolean> hasKnownDescendant = new HashMap<>();
        NamespaceId after = cursor.orElse(null);
        int batch = Math.min(MAX_BATCH, limit);
        while (true) {
            NamespaceQuery query = new NamespaceQuery(Optional.ofNullable(after), storeSubtree, batch);
            List<Namespace> existing = store.listPage(tenant, query);
            List<NamespaceId> used = store.usedPage(tenant, query);
            NamespaceId bound = null;   // every known id in (after, bound] is in the two lists; null: no bound
            if (existing.size() == batch) {
                bound = existing.get(batch - 1).id();
            }
            if (used.size() == batch && (bound == null || used.get(batch - 1).compareTo(bound) < 0)) {
                bound = used.get(batch - 1);
            }
            TreeMap<NamespaceId, NamespaceSummary> rows = new TreeMap<>();
            for (Namespace ns : existing) {
                if (bound == null || ns.id().compareTo(bound) <= 0) {
                    rows.put(ns.id(), new NamespaceSummary(ns.id(), NamespaceStatus.EXISTING, Optional.of(ns)));
                }
            }
            List<NamespaceId> known = new ArrayList<>(rows.keySet());
            for (NamespaceId id : used) {
                if (bound == null || id.compareTo(bound) <= 0) {
                    known.add(id);
                }
            }
            for (NamespaceId id : known) {
                for (NamespaceId ancestor : id.ancestors()) {
                    if (after == null || ancestor.compareTo(after) > 0) {
                        rows.putIfAbsent(ancestor, placeholder(ancestor));
                    }
                }
            }
            if (bound != null) {
                String b = bound.value();
                for (int i = b.indexOf('-'); i > 0; i = b.indexOf('-', i + 1)) {
                    if (b.charAt(i - 1) == '.') {
                        continue;
                    }
                    NamespaceId candidate = NamespaceId.of(b.substring(0, i));
                    if ((after == null || candidate.compareTo(after) > 0) && !rows.containsKey(candidate)
                            && inScope.test(candidate)
                            && hasKnownDescendant.computeIfAbsent(candidate, c -> knownDescendant(store, tenant, c))) {
                        rows.put(candidate, placeholder(candidate));
                    }
                }
            }
            for (NamespaceSummary row : rows.values()) {
                if (inScope.test(row.id()) && visible.test(row.id())) {
                    out.add(row);
                    if (out.size() == limit) {
                        return out;
                    }
                }
            }
            if (bound == null) {
                return out;
            }
            after = childrenOf.isPresent() ? pastGrandchildren(bound, childrenOf.get()) : bound;
            batch = Math.min(MAX_BATCH, batch * 2);
        }
    }

    /**
     * Children of {@code parent} inside {@code root}, a subtree strictly below {@code parent}: {@code root}
     * itself when it is a child of {@code parent} and a row, else nothing. Two one-row queries, however large
     * the subtree.
     */
    private static List<NamespaceSummary> onlyRoot(NamespaceStore store, TenantId tenant, Optional<NamespaceId> cursor,
                                                   NamespaceId root, NamespaceId parent, Predicate<NamespaceId> visible) {
        if (root.depth() != parent.depth() + 1 || cursor.filter(c -> root.compareTo(c) <= 0).isPresent()
                || !visible.test(root)) {
            return List.of();
        }
        NamespaceQuery first = new NamespaceQuery(Optional.empty(), Optional.of(root), 1);
        List<Namespace> existing = store.listPage(tenant, first);
        if (!existing.isEmpty() && existing.get(0).id().equals(root)) {
            return List.of(new NamespaceSummary(root, NamespaceStatus.EXISTING, Optional.of(existing.get(0))));
        }
        return !existing.isEmpty() || !store.usedPage(tenant, first).isEmpty() ? List.of(placeholder(root)) : List.of();
    }

    private static NamespaceSummary placeholder(NamespaceId id) {
        return new NamespaceSummary(id, NamespaceStatus.PLACEHOLDER, Optional.empty());
    }

    private static boolean knownDescendant(NamespaceStore store, TenantId tenant, NamespaceId id) {
        NamespaceQuery below = new NamespaceQuery(Optional.of(id), Optional.of(id), 1);
        return !store.listPage(tenant, below).isEmpty() || !store.usedPage(tenant, below).isEmpty();
    }

    /**
     * For a children listing, the cursor to continue from after {@code bound}: when {@code bound} lies below a
     * child {@code C} of {@code parent}, the largest id {@code C} can have below it ({@code C.zzz…}, 255
     * characters: 'z' is the largest id character), so the rest of {@code C}'s subtree, which holds no child
     * of {@code parent}, is not read.
     */
    private static NamespaceId pastGrandchildren(NamespaceId bound, NamespaceId parent) {
        if (!parent.isAncestorOrSelfOf(bound) || bound.depth() <= parent.depth() + 1) {
            return bound;
        }
        String child = bound.ancestors().get(parent.depth()).value();
        int room = NamespaceId.MAX_LENGTH - child.length() - 1;
        if (room < 1) {
            return bound;
        }
        NamespaceId last = NamespaceId.of(child + "." + "z".repeat(room));
        return last.compareTo(bound) > 0 ? last : bound;
    }

    /** The narrower of two subtrees, empty for the whole tenant, null when they are disjoint. */
    private static Optional<NamespaceId> narrower(Optional<NamespaceId> a, Optional<NamespaceId> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        if (a.get().isAncestorOrSelfOf(b.get())) {
            return b;
        }
        return b.get().isAncestorOrSelfOf(a.get()) ? a : null;
    }
}
