package dev.cascade.internal.resolve;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resolver's invalidation generation and what each invalidation covered. Everything derived from cached
 * namespaces (the namespace front, prepared tasks, compiled templates) remembers the generation it was built
 * at and is trusted only while it is unchanged. An invalidation records itself first ({@link #next}), the
 * caller removes what it covers, and only then {@link #publish}es: a reader that saw the old generation may
 * have remembered an old entry, which the new generation voids; a reader that sees the new generation finds
 * the entries gone, or an entry whose load raced the removal, older than the recorded invalidation
 * ({@link #invalidatedSince}). Thread-safe. Not API.
 */
public final class Generations {
    private final AtomicLong generation = new AtomicLong();
    /** The generation published by the last invalidation of everything. */
    private final AtomicLong allInvalidatedAt = new AtomicLong();
    private final ConcurrentHashMap<TenantId, ConcurrentHashMap<NamespaceId, Long>> invalidatedAt = new ConcurrentHashMap<>();

    /** The current generation (a volatile read). */
    public long current() {
        return generation.get();
    }

    /** Records that {@code namespace}'s subtree is invalidated at the next generation (published later). */
    public void recordSubtree(TenantId tenant, NamespaceId namespace) {
        long g = generation.get() + 1;
        invalidatedAt.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).merge(namespace, g, Math::max);
    }

    /** Records that everything is invalidated at the next generation (published later). */
    public void recordAll() {
        allInvalidatedAt.accumulateAndGet(generation.get() + 1, Math::max);
    }

    /** Publishes the next generation: everything remembered before it is voided. */
    public void publish() {
        generation.incrementAndGet();
    }

    /** Whether an invalidation recorded after generation {@code since} covers {@code namespace}. */
    public boolean invalidatedSince(TenantId tenant, NamespaceId namespace, long since) {
        if (allInvalidatedAt.get() > since) {
            return true;
        }
        ConcurrentHashMap<NamespaceId, Long> map = invalidatedAt.get(tenant);
        if (map == null) {
            return false;
        }
        for (NamespaceId a : namespace.ancestors()) {
            Long at = map.get(a);
            if (at != null && at > since) {
                return true;
            }
        }
        return false;
    }
}
