package dev.cascade.resolve;

import dev.cascade.AccessDeniedException;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store that reads a namespace's secrets in one call ({@link SecretStore#prefetch}): the resolver fills a cold
 * namespace with that one call instead of a listing and a read per key, and otherwise behaves exactly as with a
 * store that cannot: same values, same expiry, same invalidation, same access checks.
 */
class SecretPrefetchTest {
    private static final TenantId T = TenantId.DEFAULT;
    private final InMemoryStorage storage = new InMemoryStorage();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Resolver resolver;
    /** The default cap. */
    private static final int CAP = ResolverCacheConfig.DEFAULTS.secretPrefetchMaxKeys();

    /** Counts every call; {@code prefetching} says whether it claims the capability. */
    static class CountingStore implements SecretStore {
        final InMemorySecretStore data = new InMemorySecretStore();
        final boolean prefetching;
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();
        final AtomicInteger prefetches = new AtomicInteger();
        /** The cap each prefetch call was given. */
        final List<Integer> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        CountingStore(boolean prefetching) {
            this.prefetching = prefetching;
        }

        int calls() {
            return gets.get() + lists.get() + prefetches.get();
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
            gets.incrementAndGet();
            return data.get(tenant, namespace, key);
        }

        @Override
        public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
            lists.incrementAndGet();
            return data.list(tenant, namespace);
        }

        @Override
        public boolean supportsPrefetch() {
            return prefetching;
        }

        @Override
        public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
            prefetches.incrementAndGet();
            asked.add(maxKeys);
            List<SecretMetadata> keys = data.list(tenant, namespace);
            if (keys.size() > maxKeys) {
                return Optional.empty();
            }
            Map<SecretKey, SecretValue> all = new LinkedHashMap<>();
            for (SecretMetadata m : keys) {
                data.get(tenant, namespace, m.key()).ifPresent(v -> all.put(m.key(), v));
            }
            return Optional.of(all);
        }

        @Override
        public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                  SecretAttributes attributes, long expectedVersion) {
            return data.put(tenant, namespace, key, value, attributes, expectedVersion);
        }

        @Override
        public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
            return data.delete(tenant, namespace, key, expectedVersion);
        }
    }

    private CountingStore start(boolean prefetching) {
        return start(new CountingStore(prefetching));
    }

    private CountingStore start(CountingStore store) {
        return start(store, ResolverCacheConfig.DEFAULTS);
    }

    private CountingStore start(CountingStore store, ResolverCacheConfig config) {
        // the store publishes no events (its subscribe is the default): only onChange and expiry refresh
        resolver = Resolver.builder().storage(storage).secretStores(new SecretStores("counting", Map.of("counting", store)))
                .cacheConfig(config).ticker(nanos::get).executor(Runnable::run).build();
        return store;
    }

    @AfterEach
    void close() {
        if (resolver != null) {
            resolver.close();
        }
    }

    private void create(String id, String... allowed) {
        storage.namespaces().create(T, NamespaceId.of(id), new NamespaceProperties("",
                java.util.Arrays.stream(allowed).map(dev.cascade.namespace.AllowedNamespace::parse).toList(),
                Optional.empty()));
    }

    private static void put(CountingStore store, String ns, String key, String value) {
        store.data.put(T, NamespaceId.of(ns), SecretKey.of(key), SecretValue.of(value), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
    }

    private String render(String ns, String template) {
        return resolver.render(T, NamespaceId.of(ns), template, Map.of()).output();
    }

    @Test
    void aColdNamespaceIsFilledByOneCallAndServesEveryKeyFromIt() {
        CountingStore store = start(true);
        create("company");
        create("company.team");
        put(store, "company.team", "A", "alpha");
        put(store, "company.team", "B", "bravo");
        put(store, "company.team", "C", "charlie");

        assertThat(render("company.team", "{{ secret('A') }} {{ secret('B') }} {{ secret('C') }}"))
                .isEqualTo("alpha bravo charlie");

        assertThat(store.prefetches).hasValue(1);
        assertThat(store.lists).hasValue(0);
        assertThat(store.gets).hasValue(0);
    }

    @Test
    void anObservedResolverPrefetchesTooAndReportsTheCallWithoutItsValues() {
        CountingStore store = new CountingStore(true);
        List<dev.cascade.observe.BackendCall> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        resolver = Resolver.builder().storage(storage).secretStores(new SecretStores("counting", Map.of("counting", store)))
                .ticker(nanos::get).executor(Runnable::run).observer(new dev.cascade.observe.CascadeObserver() {
                    @Override
                    public dev.cascade.observe.ObservedCall backendCall(dev.cascade.observe.BackendCall call) {
                        calls.add(call);
                        return dev.cascade.observe.ObservedCall.NONE;
                    }
                }).build();
        create("company");
        put(store, "company", "A", "observed-alpha");
        put(store, "company", "B", "observed-bravo");

        assertThat(render("company", "{{ secret('A') }}-{{ secret('B') }}")).isEqualTo("observed-alpha-observed-bravo");

        assertThat(store.prefetches).hasValue(1);
        assertThat(store.gets.get() + store.lists.get()).isZero();
        assertThat(calls).filteredOn(c -> c.kind() == dev.cascade.observe.BackendCall.StoreKind.SECRET_STORE)
                .extracting(dev.cascade.observe.BackendCall::operation).containsExactly("prefetch");
        assertThat(calls.toString()).doesNotContain("observed-alpha").doesNotContain("observed-bravo");
    }

    @Test
    void aStoreWithoutTheCapabilityIsListedAndReadKeyByKeyAsBefore() {
        CountingStore store = start(false);
        create("company");
        create("company.team");
        put(store, "company.team", "A", "alpha");
        put(store, "company.team", "B", "bravo");

        assertThat(render("company.team", "{{ secret('A') }} {{ secret('B') }}")).isEqualTo("alpha bravo");

        assertThat(store.prefetches).hasValue(0);
        assertThat(store.lists).hasValue(1);
        assertThat(store.gets).hasValue(2);
    }

    @Test
    void anInheritedSecretCostsOnePrefetchPerNamespaceSearched() {
        CountingStore store = start(true);
        create("company");
        create("company.team");
        put(store, "company", "SHARED", "from-the-root");

        assertThat(render("company.team", "{{ secret('SHARED') }}")).isEqualTo("from-the-root");
        assertThat(store.prefetches).hasValue(2);
        assertThat(store.gets.get() + store.lists.get()).isZero();

        // a missing key is answered from the prefetched key sets, without another call
        assertThatThrownBy(() -> render("company.team", "{{ secret('MISSING') }}"))
                .isInstanceOf(dev.cascade.SecretNotFoundException.class);
        assertThat(store.calls()).isEqualTo(2);
    }

    @Test
    void aNamespaceWithMoreSecretsThanTheCapIsListedAndReadKeyByKey() {
        CountingStore store = start(true);
        create("big");
        for (int i = 0; i <= CAP; i++) {
            put(store, "big", "K" + i, "value-" + i);
        }

        assertThat(render("big", "{{ secret('K0') }} {{ secret('K7') }}")).isEqualTo("value-0 value-7");

        assertThat(store.prefetches).hasValue(1);
        assertThat(store.lists).hasValue(1);
        assertThat(store.gets).hasValue(2);
        assertThat(resolver.stats().secrets().size()).isEqualTo(2);
    }

    @Test
    void aNamespaceWithExactlyTheCapIsPrefetched() {
        CountingStore store = start(true);
        create("full");
        for (int i = 0; i < CAP; i++) {
            put(store, "full", "K" + i, "value-" + i);
        }

        assertThat(render("full", "{{ secret('K0') }} {{ secret('K63') }}")).isEqualTo("value-0 value-63");

        assertThat(store.prefetches).hasValue(1);
        assertThat(store.lists).hasValue(0);
        assertThat(store.gets).hasValue(0);
    }

    @Test
    void theCapIsASettingAndTheStoreIsAskedWithIt() {
        CountingStore store = start(new CountingStore(true), ResolverCacheConfig.builder().secretPrefetchMaxKeys(2).build());
        create("two");
        create("three");
        put(store, "two", "A", "alpha");
        put(store, "two", "B", "bravo");
        put(store, "three", "A", "a3");
        put(store, "three", "B", "b3");
        put(store, "three", "C", "c3");

        assertThat(render("two", "{{ secret('A') }} {{ secret('B') }}")).isEqualTo("alpha bravo");
        assertThat(store.prefetches).hasValue(1);
        assertThat(store.gets.get() + store.lists.get()).isZero();

        assertThat(render("three", "{{ secret('C') }}")).isEqualTo("c3"); // over the cap: listed, read by key
        assertThat(store.prefetches).hasValue(2);
        assertThat(store.lists).hasValue(1);
        assertThat(store.gets).hasValue(1);
        assertThat(store.asked).containsExactly(2, 2);
    }

    @Test
    void theCapNeverExceedsTheValueCache() {
        // the default cap (64) above a value cache of 2: a prefetch of 64 would evict everything else
        CountingStore store = start(new CountingStore(true), ResolverCacheConfig.builder().secretCacheSize(2).build());
        create("three");
        put(store, "three", "A", "a3");
        put(store, "three", "B", "b3");
        put(store, "three", "C", "c3");

        assertThat(render("three", "{{ secret('C') }}")).isEqualTo("c3");
        assertThat(store.asked).containsExactly(2);
        assertThat(store.lists).hasValue(1);
        assertThat(store.gets).hasValue(1);
    }

    @Test
    void aCapOfZeroTurnsPrefetchingOff() {
        CountingStore store = start(new CountingStore(true), ResolverCacheConfig.builder().secretPrefetchMaxKeys(0).build());
        create("company");
        put(store, "company", "A", "alpha");

        assertThat(render("company", "{{ secret('A') }}")).isEqualTo("alpha");

        assertThat(store.prefetches).hasValue(0);
        assertThat(store.lists).hasValue(1);
        assertThat(store.gets).hasValue(1);
    }

    @Test
    void valuesPrefetchedWhileAnInvalidationRanAreTakenBack() {
        AtomicInteger invalidations = new AtomicInteger();
        CountingStore store = new CountingStore(true) {
            @Override
            public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
                Optional<Map<SecretKey, SecretValue>> answer = super.prefetch(tenant, namespace, maxKeys);
                // a change elsewhere is processed after the store answered but before the values are cached:
                // what was read may predate it, so none of it may be kept
                resolver.onChange(ChangeEvent.secret(T, NamespaceId.of("elsewhere"), SecretKey.of("X")));
                invalidations.incrementAndGet();
                return answer;
            }
        };
        start(store);
        create("app");
        put(store, "app", "A", "alpha");
        put(store, "app", "B", "bravo");

        assertThat(render("app", "{{ secret('A') }} {{ secret('B') }}")).isEqualTo("alpha bravo");

        assertThat(invalidations).hasValue(1);
        assertThat(store.prefetches).hasValue(1);
        assertThat(store.gets).as("both values read again, one by one").hasValue(2);
    }

    @Test
    void aChangeEventDropsPrefetchedValues() {
        CountingStore store = start(true);
        create("app");
        put(store, "app", "A", "old-a");
        put(store, "app", "B", "old-b");
        assertThat(render("app", "{{ secret('A') }}")).isEqualTo("old-a");

        put(store, "app", "B", "new-b");
        resolver.onChange(ChangeEvent.secret(T, NamespaceId.of("app"), SecretKey.of("B")));
        assertThat(render("app", "{{ secret('B') }}")).isEqualTo("new-b");

        put(store, "app", "A", "new-a");
        resolver.onChange(ChangeEvent.of(T, NamespaceId.of("app"), ChangeEvent.Kind.SECRET));
        assertThat(render("app", "{{ secret('A') }}")).isEqualTo("new-a");
    }

    @Test
    void prefetchedValuesExpireLikeValuesReadOneByOne() {
        CountingStore store = start(true);
        create("app");
        put(store, "app", "A", "old-a");
        put(store, "app", "B", "old-b");
        assertThat(render("app", "{{ secret('A') }}")).isEqualTo("old-a");

        // no event: only the lifetime of the cached values brings the new one
        put(store, "app", "B", "new-b");
        assertThat(render("app", "{{ secret('B') }}")).isEqualTo("old-b");
        nanos.addAndGet(resolver.cacheConfig().secretExpireAfterWrite().plus(Duration.ofSeconds(1)).toNanos());
        assertThat(render("app", "{{ secret('B') }}")).isEqualTo("new-b");
    }

    @Test
    void prefetchedValuesOfAnotherNamespaceAreStillGuardedByItsAllowedNamespaces() {
        CountingStore store = start(true);
        create("shared", "friends.*");
        create("friends");
        create("friends.a");
        create("strangers");
        put(store, "shared", "TOKEN", "shared-token");
        // the holder's values are in the cache already
        assertThat(render("shared", "{{ secret('TOKEN') }}")).isEqualTo("shared-token");

        assertThat(render("friends.a", "{{ secret('TOKEN', namespace='shared') }}")).isEqualTo("shared-token");
        assertThatThrownBy(() -> render("strangers", "{{ secret('TOKEN', namespace='shared') }}"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageNotContaining("shared-token");
        assertThatThrownBy(() -> render("strangers", "{{ secret('TOKEN') }}"))
                .isInstanceOf(dev.cascade.SecretNotFoundException.class)
                .hasMessageNotContaining("shared-token");
    }
}
