package dev.cascade.internal.resolve;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.cascade.BackendException;
import dev.cascade.CascadeException;
import dev.cascade.ConfigurationException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.internal.ObserverHooks;
import dev.cascade.namespace.TenantId;
import dev.cascade.observe.CacheEvent;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Secret values per (tenant, namespace, store, key) and key sets per (tenant, namespace, store), in
 * Caffeine: expire-after-write, refresh-ahead in the background, stale-if-error for a bounded time (with a
 * warning naming the key, never the value), short negative caching. Backend calls run with a timeout.
 * Thread-safe. Not API.
 */
public final class SecretCache {
    private static final Logger LOG = LoggerFactory.getLogger(SecretCache.class);

    record ValueKey(TenantId tenant, NamespaceId namespace, String store, SecretKey key) { }

    record ScopeKey(TenantId tenant, NamespaceId namespace, String store) { }

    /** A cached answer: the value, or null for "no such key". */
    static final class Entry {
        final SecretValue value;
        final long loadedAt;
        volatile long retryAfter;

        Entry(SecretValue value, long loadedAt) {
            this.value = value;
            this.loadedAt = loadedAt;
        }
    }

    static final class KeySet {
        final Set<SecretKey> keys;
        final long loadedAt;

        KeySet(Set<SecretKey> keys, long loadedAt) {
            this.keys = keys;
            this.loadedAt = loadedAt;
        }
    }

    private final SecretStores stores;
    /** The stores whose {@link SecretStore#prefetch} fills a cold namespace (read once, at construction). */
    private final Set<String> prefetching;
    /**
     * The most secrets a namespace may hold for its cold key set to be filled by one
     * {@link SecretStore#prefetch} call (values included); a namespace with more is listed and read key by key.
     */
    private final int prefetchMaxKeys;
    private final Ticker ticker;
    private final Executor executor;
    private final long ttl;
    private final long stale;
    private final long negative;
    private final long refreshAhead;
    /** Bumped by every invalidation: lookups remembered before it are no longer trusted. */
    private final AtomicLong epoch = new AtomicLong();
    /** Voids remembered lookups when the first of them is due, so trusting them reads no clock; null: read the ticker. */
    private final DueWakeUp wakeUp;
    private volatile boolean closing;
    private final long timeoutNanos;
    private final LoadingCache<ValueKey, Entry> values;
    private final LoadingCache<ScopeKey, KeySet> keySets;
    private final ObserverHooks hooks;
    /**
     * Backend calls still running, one per (store, operation, tenant, namespace, key): a lookup that finds one
     * waits for it instead of starting another, so a hanging backend holds at most one thread per key.
     */
    private final ConcurrentHashMap<InFlight, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();

    private record InFlight(String store, String operation, TenantId tenant, NamespaceId namespace, SecretKey key) {
    }

    /**
     * @param scheduler schedules the wake-ups that void remembered lookups when they are due (the system clock),
     *                  or null to check them against {@code ticker} on every use (a test ticker)
     */
    public SecretCache(SecretStores stores, ResolverCacheConfig config, Ticker ticker, Executor executor,
                       Scheduler scheduler) {
        this(stores, config, ticker, executor, scheduler, ObserverHooks.NONE);
    }

    /** As above, reporting loads, refreshes, stale answers and evictions to {@code hooks}. */
    public SecretCache(SecretStores stores, ResolverCacheConfig config, Ticker ticker, Executor executor,
                       Scheduler scheduler, ObserverHooks hooks) {
        this.hooks = hooks;
        this.stores = stores;
        Set<String> prefetch = new HashSet<>();
        // never more than the value cache holds: a prefetch must not evict the rest of the cache
        this.prefetchMaxKeys = (int) Math.min(config.secretPrefetchMaxKeys(), config.secretCacheSize());
        stores.all().forEach((name, store) -> {
            if (prefetchMaxKeys > 0 && store.supportsPrefetch() && store.listIsStronglyConsistent()) {
                prefetch.add(name);
            }
        });
        this.prefetching = Set.copyOf(prefetch);
        this.wakeUp = scheduler == null ? null : new DueWakeUp(scheduler, ticker, epoch::incrementAndGet);
        this.ticker = ticker;
        this.executor = executor;
        this.ttl = config.secretExpireAfterWrite().toNanos();
        this.stale = config.secretStaleIfError().toNanos();
        this.negative = config.secretNegativeTtl().toNanos();
        this.refreshAhead = config.secretRefreshAhead().toNanos();
        this.timeoutNanos = config.backendTimeout().toNanos();
        this.values = Caffeine.newBuilder()
                .maximumSize(config.secretCacheSize())
                .expireAfter(SecretCache.<ValueKey, Entry>sinceLoad(e -> e.value == null ? negative : ttl + stale,
                        e -> e.loadedAt))
                .refreshAfterWrite(config.secretRefreshAhead())
                .ticker(ticker)
                .executor(Runnable::run) // maintenance on the caller: a hand-off per drain costs more than the drain
                .recordStats()
                .evictionListener((ValueKey k, Entry v, RemovalCause c) ->
                        hooks.evicted(CacheEvent.Cache.SECRET, k.tenant(), k.namespace(), k.store(), k.key(), c))
                .build(new CacheLoader<ValueKey, Entry>() {
                    @Override
                    public Entry load(ValueKey key) {
                        return fetch(key, CacheEvent.Kind.LOAD);
                    }

                    @Override
                    public CompletableFuture<Entry> asyncReload(ValueKey key, Entry old, Executor ignored) {
                        return CompletableFuture.supplyAsync(() -> reload(key, old), executor);
                    }

                    @Override
                    public Entry reload(ValueKey key, Entry old) {
                        try {
                            return fetch(key, CacheEvent.Kind.REFRESH);
                        } catch (BackendException e) {
                            if (closing) {
                                return old; // the resolver is closing: its refreshes are interrupted on purpose
                            }
                            LOG.warn("Background refresh of secret '{}' (namespace '{}', tenant '{}', store '{}') failed; "
                                    + "keeping the cached answer until it expires: {}", key.key(), key.namespace(),
                                    key.tenant(), key.store(), e.getMessage());
                            return old;
                        }
                    }
                });
        this.keySets = Caffeine.newBuilder()
                .maximumSize(config.secretCacheSize())
                .expireAfter(SecretCache.<ScopeKey, KeySet>sinceLoad(k -> ttl + stale, k -> k.loadedAt))
                .refreshAfterWrite(config.secretNegativeTtl())
                .ticker(ticker)
                .executor(Runnable::run)
                .recordStats()
                .evictionListener((ScopeKey k, KeySet v, RemovalCause c) ->
                        hooks.evicted(CacheEvent.Cache.SECRET_KEYS, k.tenant(), k.namespace(), k.store(), null, c))
                .build(new CacheLoader<ScopeKey, KeySet>() {
                    @Override
                    public KeySet load(ScopeKey key) {
                        return list(key, CacheEvent.Kind.LOAD);
                    }

                    @Override
                    public CompletableFuture<KeySet> asyncReload(ScopeKey key, KeySet old, Executor ignored) {
                        return CompletableFuture.supplyAsync(() -> reload(key, old), executor);
                    }

                    @Override
                    public KeySet reload(ScopeKey key, KeySet old) {
                        try {
                            return list(key, CacheEvent.Kind.REFRESH);
                        } catch (BackendException e) {
                            if (closing) {
                                return old;
                            }
                            LOG.warn("Background refresh of the secret keys of namespace '{}' (tenant '{}', store '{}') "
                                    + "failed; keeping the cached list until it expires: {}", key.namespace(), key.tenant(),
                                    key.store(), e.getMessage());
                            return old;
                        }
                    }
                });
    }

    /**
     * Entries live {@code lifetime} from when their value was loaded (not from when they were written into
     * the cache, which a refresh can delay); reads do not extend them.
     */
    private static <K, V> Expiry<K, V> sinceLoad(ToLongFunction<V> lifetime, ToLongFunction<V> loadedAt) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(K key, V v, long now) {
                return remaining(lifetime.applyAsLong(v), loadedAt.applyAsLong(v), now);
            }

            @Override
            public long expireAfterUpdate(K key, V v, long now, long current) {
                return remaining(lifetime.applyAsLong(v), loadedAt.applyAsLong(v), now);
            }

            @Override
            public long expireAfterRead(K key, V v, long now, long current) {
                return current;
            }
        };
    }

    private static long remaining(long lifetime, long loadedAt, long now) {
        return Math.max(1, loadedAt + lifetime - now);
    }

    /** Whether {@code namespace} (in {@code store}) has {@code key}, from the cached key set. */
    public boolean hasKey(TenantId tenant, NamespaceId namespace, String store, SecretKey key) {
        return keySets.get(new ScopeKey(tenant, namespace, store)).keys.contains(key);
    }

    /**
     * As {@link #hasKey(TenantId, NamespaceId, String, SecretKey)}, and lowers {@code due[0]} to the time (by
     * this cache's ticker) at which the key set becomes due for its refresh.
     */
    public boolean hasKey(TenantId tenant, NamespaceId namespace, String store, SecretKey key, long[] due) {
        KeySet k = keySets.get(new ScopeKey(tenant, namespace, store));
        due[0] = Math.min(due[0], k.loadedAt + negative);
        return k.keys.contains(key);
    }

    /**
     * The invalidation epoch: a lookup remembered at epoch {@code e} stays valid only while this still
     * returns {@code e} (and until the refresh of what it read is due).
     */
    public long epoch() {
        return epoch.get();
    }

    private final LongAdder memoHits = new LongAdder();

    /**
     * Whether a lookup remembered at {@code rememberedEpoch}, due for re-reading at {@code validUntil}, may still
     * be served: no invalidation since, and not yet due (pushed by a wake-up, or read from the test ticker).
     */
    public boolean trusted(long rememberedEpoch, long validUntil) {
        return rememberedEpoch == epoch.get() && (wakeUp != null || ticker.read() - validUntil < 0);
    }

    /** Call before remembering a lookup due at {@code validUntil}: arranges for it to be voided then. */
    public void remembering(long validUntil) {
        if (wakeUp != null) {
            wakeUp.wakeBy(validUntil);
        }
    }

    /** Counts a lookup served from a remembered answer (reported as a hit of the value cache). */
    public void recordMemoHit() {
        memoHits.increment();
    }

    /** Lookups served from remembered answers. */
    public long memoHits() {
        return memoHits.sum();
    }

    /** The cache's clock (nanoseconds). */
    public long now() {
        return ticker.read();
    }

    /** The value, or empty when the namespace has no such key. */
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, String store, SecretKey key) {
        return get(tenant, namespace, store, key, new long[1]);
    }

    /**
     * As {@link #get(TenantId, NamespaceId, String, SecretKey)}, and lowers {@code due[0]} to the time at
     * which the value becomes due for its refresh (or its re-read).
     */
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, String store, SecretKey key, long[] due) {
        ValueKey k = new ValueKey(tenant, namespace, store, key);
        Entry e = values.get(k);
        if (e.value != null) {
            long now = ticker.read();
            long age = now - e.loadedAt;
            if (age > ttl && now >= e.retryAfter) {
                try {
                    Entry fresh = fetch(k, CacheEvent.Kind.REFRESH);
                    // only over the entry read: a write that invalidated the key meanwhile must not be undone
                    values.asMap().replace(k, e, fresh);
                    e = fresh;
                } catch (BackendException failure) {
                    // no later than the stale bound either: the entry expires then, and its next read loads afresh
                    e.retryAfter = now + negative;
                    hooks.staleServed(tenant, namespace, store, key);
                    LOG.warn("Secret '{}' (namespace '{}', tenant '{}', store '{}') could not be re-read, serving the "
                            + "value cached {} s ago (stale-if-error, at most {} s past expiry): {}", key, namespace,
                            tenant, store, TimeUnit.NANOSECONDS.toSeconds(age), TimeUnit.NANOSECONDS.toSeconds(stale),
                            failure.getMessage());
                }
            }
        }
        // an absent key is re-read after the negative TTL: a lookup that passed over it must not be trusted longer
        due[0] = Math.min(due[0], e.loadedAt + (e.value == null ? Math.min(negative, refreshAhead) : refreshAhead));
        return Optional.ofNullable(e.value);
    }

    /** Drops one key (or, with a null key, every key) of a namespace in every store, and its key sets. */
    public void invalidate(TenantId tenant, NamespaceId namespace, SecretKey key) {
        for (String store : stores.all().keySet()) {
            keySets.invalidate(new ScopeKey(tenant, namespace, store));
            if (key != null) {
                values.invalidate(new ValueKey(tenant, namespace, store, key));
            }
        }
        if (key == null) {
            values.asMap().keySet().removeIf(k -> k.tenant().equals(tenant) && k.namespace().equals(namespace));
        }
        // last: a lookup that read the old epoch may have seen an old value and must not be remembered,
        // while a lookup that reads the new epoch finds the old entries gone
        epoch.incrementAndGet();
    }

    /** The resolver is closing: background refreshes it interrupts are not failures worth a warning. */
    public void closing() {
        closing = true;
    }

    /** Cancels the pending wake-up. */
    public void close() {
        if (wakeUp != null) {
            wakeUp.close();
        }
    }

    public void invalidateAll() {
        values.invalidateAll();
        keySets.invalidateAll();
        epoch.incrementAndGet();
    }

    public CacheStats valueStats() {
        return values.stats();
    }

    public CacheStats keySetStats() {
        return keySets.stats();
    }

    public long valueCount() {
        return values.estimatedSize();
    }

    public long keySetCount() {
        return keySets.estimatedSize();
    }

    private Entry fetch(ValueKey k, CacheEvent.Kind kind) {
        long start = hooks.start();
        try {
            Entry e = fetch(k);
            hooks.loaded(CacheEvent.Cache.SECRET, kind, k.tenant(), k.namespace(), k.store(), k.key(), start, null);
            return e;
        } catch (RuntimeException e) {
            hooks.loaded(CacheEvent.Cache.SECRET, kind, k.tenant(), k.namespace(), k.store(), k.key(), start, e);
            throw e;
        }
    }

    private Entry fetch(ValueKey k) {
        SecretStore store = store(k.store());
        Optional<SecretValue> v = timed(k.store(), "get", k.tenant(), k.namespace(), k.key(),
                () -> store.get(k.tenant(), k.namespace(), k.key()));
        return new Entry(v == null ? null : v.orElse(null), ticker.read());
    }

    private KeySet list(ScopeKey k, CacheEvent.Kind kind) {
        long start = hooks.start();
        try {
            KeySet keys = list(k, kind == CacheEvent.Kind.LOAD);
            hooks.loaded(CacheEvent.Cache.SECRET_KEYS, kind, k.tenant(), k.namespace(), k.store(), null, start, null);
            return keys;
        } catch (RuntimeException e) {
            hooks.loaded(CacheEvent.Cache.SECRET_KEYS, kind, k.tenant(), k.namespace(), k.store(), null, start, e);
            throw e;
        }
    }

    private KeySet list(ScopeKey k, boolean cold) {
        SecretStore store = store(k.store());
        if (cold && prefetching.contains(k.store())) {
            KeySet filled = prefetch(k, store);
            if (filled != null) {
                return filled;
            }
        }
        List<SecretMetadata> list = timed(k.store(), "list", k.tenant(), k.namespace(), null,
                () -> store.list(k.tenant(), k.namespace()));
        Set<SecretKey> keys = new HashSet<>();
        if (list != null) {
            for (SecretMetadata m : list) {
                keys.add(m.key());
            }
        }
        return new KeySet(Set.copyOf(keys), ticker.read());
    }

    /**
     * A cold namespace's key set and values in one backend call: the values go into the value cache (where
     * they live, expire, refresh and are invalidated like values read one by one), the keys become the key
     * set. Null when the namespace holds more than {@link #prefetchMaxKeys} secrets or the store's answer
     * is unusable: the caller lists instead. Runs inside the key set's load, so an invalidation of this
     * namespace waits for it and then drops what it put; one that ran meanwhile (seen in the epoch) makes it
     * take its values back.
     */
    private KeySet prefetch(ScopeKey k, SecretStore store) {
        long before = epoch.get();
        Optional<Map<SecretKey, SecretValue>> answer = timed(k.store(), "prefetch", k.tenant(), k.namespace(), null,
                () -> store.prefetch(k.tenant(), k.namespace(), prefetchMaxKeys));
        if (answer == null || answer.isEmpty()) {
            return null;
        }
        Map<SecretKey, SecretValue> all = answer.get();
        if (all.size() > prefetchMaxKeys) {
            return null;
        }
        Set<SecretKey> keys = new HashSet<>();
        for (Map.Entry<SecretKey, SecretValue> e : all.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                return null;
            }
            keys.add(e.getKey());
        }
        long loadedAt = ticker.read();
        List<ValueKey> added = new ArrayList<>(keys.size());
        List<Entry> entries = new ArrayList<>(keys.size());
        for (Map.Entry<SecretKey, SecretValue> e : all.entrySet()) {
            ValueKey vk = new ValueKey(k.tenant(), k.namespace(), k.store(), e.getKey());
            Entry entry = new Entry(e.getValue(), loadedAt);
            if (values.asMap().putIfAbsent(vk, entry) == null) {
                added.add(vk);
                entries.add(entry);
            }
        }
        if (epoch.get() != before) {
            for (int i = 0; i < added.size(); i++) {
                values.asMap().remove(added.get(i), entries.get(i));
            }
        }
        return new KeySet(Set.copyOf(keys), loadedAt);
    }

    private SecretStore store(String name) {
        return stores.byName(name).orElseThrow(() -> new ConfigurationException(
                "Secret store '" + name + "' is not configured; configured stores: " + stores.all().keySet()));
    }

    /**
     * Runs a backend call with the configured timeout. A failure becomes a BackendException that carries
     * only the exception's class, never its message or cause: a foreign backend's message might quote data.
     */
    private <T> T timed(String store, String operation, TenantId tenant, NamespaceId namespace, SecretKey key,
                        Supplier<T> call) {
        InFlight id = new InFlight(store, operation, tenant, namespace, key);
        CompletableFuture<T> mine = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        CompletableFuture<T> running = (CompletableFuture<T>) inFlight.putIfAbsent(id, mine);
        CompletableFuture<T> future = running == null ? mine : running;
        if (running == null) {
            mine.whenComplete((r, t) -> inFlight.remove(id, mine));
            try {
                executor.execute(() -> {
                    try {
                        mine.complete(call.get());
                    } catch (Throwable t) {
                        mine.completeExceptionally(t);
                    }
                });
            } catch (RuntimeException e) {
                mine.completeExceptionally(e); // and so leaves the in-flight map
                throw new BackendException(store, operation, tenant.value(), namespace.value(),
                        key == null ? null : key.value(), "could not be scheduled: " + e.getClass().getName());
            }
        }
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // not cancelled: the call stays the one in flight for this key until the backend answers
            throw new BackendException(store, operation, tenant.value(), namespace.value(),
                    key == null ? null : key.value(), "timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendException be) {
                throw be;
            }
            if (cause instanceof CascadeException ce) {
                throw ce;
            }
            throw new BackendException(store, operation, tenant.value(), namespace.value(),
                    key == null ? null : key.value(), "failed with " + cause.getClass().getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(store, operation, tenant.value(), namespace.value(),
                    key == null ? null : key.value(), "interrupted");
        }
    }
}
