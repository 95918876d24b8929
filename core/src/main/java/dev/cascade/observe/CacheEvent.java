package dev.cascade.observe;

import java.util.Objects;

/**
 * Something a resolver cache did.
 *
 * @param cache         which cache
 * @param kind          what happened
 * @param tenant        the entry's tenant
 * @param namespace     the entry's namespace
 * @param store         the secret store of a secret or key-list entry, null for the namespace cache
 * @param key           the secret's key, only when the observer {@linkplain CascadeObserver#includeSecretKeys() asked
 *                      for keys}; null otherwise
 * @param outcome       of a load or refresh; {@link Outcome#SUCCESS} for the other kinds
 * @param durationNanos of a load or refresh; 0 for the other kinds
 *
 *                      <p>Immutable. Never holds a value.
 */
public record CacheEvent(Cache cache, Kind kind, String tenant, String namespace, String store, String key,
                         Outcome outcome, long durationNanos) {
    /** The resolver's caches that report events. */
    public enum Cache {
        /** Effective namespaces (merged variables, defaults chain, allowed namespaces). */
        NAMESPACE,
        /** Secret values. */
        SECRET,
        /** The key list of a namespace in one secret store. */
        SECRET_KEYS
    }

    /** What happened to an entry. */
    public enum Kind {
        /** A miss read the entry from its backend (synchronously, on the caller's thread). */
        LOAD,
        /** The entry was re-read ahead of its expiry (in the background) or after it (synchronously). */
        REFRESH,
        /** A stale value was served because its backend failed (stale-if-error). */
        STALE_SERVED,
        /** The entry left the cache because of its size bound or its lifetime (not an invalidation). */
        EVICTION
    }

    public CacheEvent {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
    }
}
