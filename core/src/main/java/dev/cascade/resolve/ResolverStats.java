package dev.cascade.resolve;

/**
 * Counters of a resolver's caches at one moment. Immutable.
 *
 * @param namespaces     effective-namespace cache
 * @param secrets        secret-value cache
 * @param secretKeySets  per-namespace key-list cache (what spares a backend call per ancestor)
 * @param templates      compiled-template cache
 * @param plans          task-plan cache of {@code resolveTask}: a hit reuses the plan of an equal task in the
 *                       same namespace state, a miss builds one (prepared tasks keep their own plan and are not
 *                       counted)
 */
public record ResolverStats(CacheCounters namespaces, CacheCounters secrets, CacheCounters secretKeySets,
                            CacheCounters templates, CacheCounters plans) {

    /** Without plan-cache counters (all zero). */
    public ResolverStats(CacheCounters namespaces, CacheCounters secrets, CacheCounters secretKeySets,
                         CacheCounters templates) {
        this(namespaces, secrets, secretKeySets, templates, new CacheCounters(0, 0, 0, 0));
    }

    /**
     * Counters of one cache. Immutable.
     *
     * @param hits      lookups served from the cache
     * @param misses    lookups that loaded
     * @param evictions entries evicted for size or expiry (not explicit invalidations)
     * @param size      approximate number of entries now
     */
    public record CacheCounters(long hits, long misses, long evictions, long size) {
    }
}
