package dev.cascade.resolve;

import dev.cascade.SecretNotFoundException;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.observe.RecordingObserver;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.ForwardingSecretStore;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;
import dev.cascade.secret.SecretMasker;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static dev.cascade.resolve.ResolverFixture.ns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The resolver's public entry points return their results whether or not an observer listens, and the result
 * types print without secrets.
 */
class ResolverApiTest {
    private static final String VALUE = "hunter2-very-secret";

    @Test
    void everyEntryPointAnswersWithAndWithoutAnObserver() {
        for (boolean observed : List.of(false, true)) {
            RecordingObserver rec = new RecordingObserver();
            try (ResolverFixture f = new ResolverFixture(b -> {
                if (observed) {
                    b.observer(rec);
                }
            })) {
                f.create("a");
                f.variables("a", Map.of("region", "eu"));
                f.secret("a", "K", VALUE);
                Map<String, Object> task = Map.of("type", "io.x.T", "url", "{{ namespace.region }}",
                        "pw", "{{ secret('K') }}");

                ResolvedTask direct = f.resolver.resolveTask(MAIN, ns("a"), task, null, Map.of());
                assertThat(direct.task()).containsEntry("url", "eu").containsEntry("pw", VALUE);

                PreparedTask prepared = f.resolver.prepare(MAIN, ns("a"), task, List.of());
                assertThat(prepared.tenant()).isEqualTo(MAIN);
                assertThat(prepared.namespace()).isEqualTo(ns("a"));
                assertThat(prepared.resolve(Map.of()).task()).isEqualTo(direct.task());

                CompiledTemplate compiled = f.resolver.compile(MAIN, ns("a"),
                        "{{ namespace.region }}:{{ secret('K') }}");
                assertThat(compiled.tenant()).isEqualTo(MAIN);
                assertThat(compiled.namespace()).isEqualTo(ns("a"));
                RenderResult r = compiled.render(Map.of());
                assertThat(r.output()).isEqualTo("eu:" + VALUE);
                assertThat(r.maskedOutput()).isEqualTo("eu:" + SecretMasker.MASK);
                assertThat(compiled.toString()).contains("a").doesNotContain(VALUE);

                assertThat(rec.resolutions).as("observed=" + observed).hasSize(observed ? 3 : 0);
            }
        }
    }

    @Test
    void cacheConfigIsTheOneGiven() {
        ResolverCacheConfig config = ResolverCacheConfig.builder().maskMinLength(7).build();
        try (ResolverFixture f = new ResolverFixture(b -> b.cacheConfig(config))) {
            assertThat(f.resolver.cacheConfig()).isEqualTo(config);
        }
    }

    @Test
    void invalidateAllRereadsSecretsOfAStoreWithoutChangeEvents() {
        try (ResolverFixture f = new ResolverFixture()) {
            f.create("a");
            f.secret("a", "K", "first-value");
            assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("first-value");
            f.secret("a", "K", "second-value"); // the probe store publishes no change event
            assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("first-value");
            f.resolver.invalidateAll();
            assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("second-value");
        }
    }

    @Test
    void defaultsChainPutsTheGlobalLevelFirst() {
        PluginDefault global = PluginDefault.of("io.x.T", Map.of("g", 1));
        PluginDefault local = PluginDefault.of("io.x.T", Map.of("n", 2));
        try (ResolverFixture f = new ResolverFixture(b -> b.globalDefaults(List.of(global)))) {
            f.create("a");
            f.defaults("a", List.of(local));
            PluginDefaultsChain chain = f.resolver.defaultsChain(MAIN, ns("a"));
            assertThat(chain.levels()).extracting(DefaultsLevel::rules).containsExactly(List.of(global), List.of(local));
        }
        try (ResolverFixture f = new ResolverFixture()) {
            f.create("a");
            f.defaults("a", List.of(local));
            assertThat(f.resolver.defaultsChain(MAIN, ns("a")).levels()).extracting(DefaultsLevel::rules)
                    .containsExactly(List.of(local));
        }
    }

    @Test
    void statsCountSecretLookupsAndAResolverWithoutSecretStoresHasNone() {
        try (ResolverFixture f = new ResolverFixture()) {
            f.create("a");
            f.secret("a", "K", VALUE);
            f.render("a", "{{ secret('K') }}");
            f.render("a", "{{ secret('K') }}");
            ResolverStats s = f.resolver.stats();
            assertThat(s.secrets().misses()).isEqualTo(1);
            assertThat(s.secrets().hits()).isPositive();
            assertThat(s.secrets().size()).isEqualTo(1);
        }
        InMemoryStorage storage = new InMemoryStorage();
        try (Resolver r = Resolver.builder().storage(storage).build()) {
            storage.namespaces().create(MAIN, ns("a"), NamespaceProperties.EMPTY);
            assertThat(r.render(MAIN, ns("a"), "{{ 1 + 1 }}", Map.of()).output()).isEqualTo("2");
            ResolverStats s = r.stats();
            assertThat(s.secrets()).isEqualTo(new ResolverStats.CacheCounters(0, 0, 0, 0));
            assertThat(s.secretKeySets()).isEqualTo(new ResolverStats.CacheCounters(0, 0, 0, 0));
            assertThat(s.namespaces().misses()).isEqualTo(1);
        }
    }

    @Test
    void statsCountPlanCacheHitsMissesAndSize() {
        try (ResolverFixture f = new ResolverFixture()) {
            f.create("a");
            f.variables("a", Map.of("host", "db-1"));
            Map<String, Object> task = new java.util.LinkedHashMap<>(Map.of("type", "io.x.T", "url", "{{ namespace.host }}"));
            assertThat(f.resolver.stats().plans()).isEqualTo(new ResolverStats.CacheCounters(0, 0, 0, 0));

            f.resolver.resolveTask(MAIN, ns("a"), task, null, Map.of());
            assertThat(f.resolver.stats().plans().misses()).isEqualTo(1);
            assertThat(f.resolver.stats().plans().hits()).isZero();
            assertThat(f.resolver.stats().plans().size()).isEqualTo(1);

            f.resolver.resolveTask(MAIN, ns("a"), task, null, Map.of());                        // the same map
            f.resolver.resolveTask(MAIN, ns("a"), new java.util.LinkedHashMap<>(task), null, Map.of()); // an equal copy
            assertThat(f.resolver.stats().plans().hits()).isEqualTo(2);
            assertThat(f.resolver.stats().plans().misses()).isEqualTo(1);

            // a write makes a new namespace state: the old plan no longer applies and a new one is built
            f.variables("a", Map.of("host", "db-2"));
            assertThat(f.resolver.resolveTask(MAIN, ns("a"), task, null, Map.of()).task()).containsEntry("url", "db-2");
            assertThat(f.resolver.stats().plans().misses()).isEqualTo(2);
            assertThat(f.resolver.stats().plans().size()).isEqualTo(1);
            assertThat(f.resolver.stats().plans().evictions()).isZero();
        }
    }

    @Test
    void aMissingSecretNamesEveryPlaceholderAncestorUpToTheRoot() {
        try (ResolverFixture f = new ResolverFixture()) {
            f.create("x.y.z");
            assertThatThrownBy(() -> f.render("x.y.z", "{{ secret('NOPE') }}"))
                    .isInstanceOf(SecretNotFoundException.class)
                    .hasMessageContaining("namespaces searched: x.y.z;")
                    .hasMessageContaining("placeholders (not created): x.y, x.");
        }
    }

    @Test
    void theResolversOwnThreadsAreDaemons() throws Exception {
        // docs/resolver.md: the default executor is a daemon pool owned by the resolver; it runs timed backend calls
        CompletableFuture<Boolean> daemon = new CompletableFuture<>();
        InMemorySecretStore memory = new InMemorySecretStore();
        InMemoryStorage storage = new InMemoryStorage();
        storage.namespaces().create(MAIN, ns("a"), NamespaceProperties.EMPTY);
        memory.put(MAIN, ns("a"), SecretKey.of("K"), SecretValue.of(VALUE), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        SecretStores stores = SecretStores.single(new ThreadProbe(memory, daemon));
        try (Resolver r = Resolver.builder().storage(storage).secretStores(stores).build()) {
            assertThat(r.render(MAIN, ns("a"), "{{ secret('K') }}", Map.of()).output()).isEqualTo(VALUE);
        }
        assertThat(daemon.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeEndsEverySecretStoreSubscriptionOnceAndIsIdempotent() {
        AtomicInteger subscribed = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        SecretStore subscribing = new SubscribingStore(new InMemorySecretStore(), subscribed, closed);
        Resolver r = Resolver.builder().storage(new InMemoryStorage()).secretStores(SecretStores.single(subscribing))
                .build();
        assertThat(subscribed).hasValue(1);
        assertThat(closed).hasValue(0);
        r.close();
        r.close();
        assertThat(closed).hasValue(1);
    }

    @Test
    void aSecretReadThroughAnotherNamespaceIsNotAnsweredFromTheCallersOwnReads() {
        try (ResolverFixture f = new ResolverFixture()) {
            f.create("a");
            f.create("b", "a");
            f.secret("a", "K", "value-of-a");
            f.secret("b", "K", "value-of-b");
            assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("value-of-a");
            assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("value-of-a");
            assertThat(f.render("a", "{{ secret('K', namespace='b') }}")).isEqualTo("value-of-b");
            assertThat(f.render("a", "{{ secret('K') }}|{{ secret('K', namespace='b') }}"))
                    .isEqualTo("value-of-a|value-of-b");
        }
    }

    @Test
    void distinctTasksGetTheirOwnPlanEvenWhenTheirHashesCollide() {
        // fresh maps on every call, so that each lookup goes through the plan cache's content keys
        try (ResolverFixture f = new ResolverFixture()) {
            f.create("a");
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 100; i++) {
                    Map<String, Object> task = new java.util.LinkedHashMap<>();
                    task.put("type", "io.x.T" + (i % 3));
                    task.put("n", i);
                    task.put("list", List.of(i % 7, "v" + i));
                    ResolvedTask r = f.resolver.resolveTask(MAIN, ns("a"), task, null, Map.of());
                    assertThat(r.task()).as("round %d task %d", round, i).isEqualTo(task);
                }
            }
            // "Aa" and "BB" have the same String hash code: the two tasks hash alike and still differ
            for (String v : List.of("Aa", "BB", "Aa", "BB")) {
                Map<String, Object> task = new java.util.LinkedHashMap<>();
                task.put("type", "io.x.T");
                task.put("v", v);
                assertThat(f.resolver.resolveTask(MAIN, ns("a"), task, null, Map.of()).task()).containsEntry("v", v);
            }
        }
    }

    @Test
    void resultsPrintWithEverySecretMaskedWhateverItsLength() {
        SecretMasker masker = SecretMasker.of(4, List.of("abc", VALUE));
        RenderResult r = new RenderResult("pw=" + VALUE + " pin=abc", masker);
        assertThat(r.toString()).contains("pw=" + SecretMasker.MASK + " pin=" + SecretMasker.MASK)
                .doesNotContain(VALUE).doesNotContain("abc");
        assertThat(r.maskedOutput()).isEqualTo("pw=" + SecretMasker.MASK + " pin=abc"); // below the minimum length

        ResolvedTask t = new ResolvedTask(Map.of("pw", VALUE, "pin", "abc"), Map.of(), masker);
        assertThat(t.toString()).contains("pw=" + SecretMasker.MASK).contains("pin=" + SecretMasker.MASK)
                .doesNotContain(VALUE).doesNotContain("abc");
        assertThat(t.maskedTask()).contains("pw=" + SecretMasker.MASK).contains("pin=abc");
    }

    /** Reports whether the thread running its first read is a daemon thread. */
    private static final class ThreadProbe extends ForwardingSecretStore {
        private final CompletableFuture<Boolean> daemon;

        ThreadProbe(SecretStore delegate, CompletableFuture<Boolean> daemon) {
            super(delegate);
            this.daemon = daemon;
        }

        /** The first read goes through {@link #get} or {@link #list}, where its thread is seen. */
        @Override
        public boolean supportsPrefetch() {
            return false;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
            daemon.complete(Thread.currentThread().isDaemon());
            return super.get(tenant, namespace, key);
        }

        @Override
        public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
            daemon.complete(Thread.currentThread().isDaemon());
            return super.list(tenant, namespace);
        }
    }

    /** Counts its change subscriptions and how many of them were closed. */
    private static final class SubscribingStore extends ForwardingSecretStore {
        private final AtomicInteger subscribed;
        private final AtomicInteger closed;

        SubscribingStore(SecretStore delegate, AtomicInteger subscribed, AtomicInteger closed) {
            super(delegate);
            this.subscribed = subscribed;
            this.closed = closed;
        }

        @Override
        public String name() {
            return "subscribing";
        }

        @Override
        public Subscription subscribe(ChangeListener listener) {
            subscribed.incrementAndGet();
            return closed::incrementAndGet;
        }
    }
}
