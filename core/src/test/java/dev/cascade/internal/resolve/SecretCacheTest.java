package dev.cascade.internal.resolve;

import ch.qos.logback.classic.Level;
import dev.cascade.BackendException;
import dev.cascade.ConfigurationException;
import dev.cascade.InvalidDocumentException;
import dev.cascade.LogCapture;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.internal.ObserverHooks;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.observe.CacheEvent;
import dev.cascade.observe.CascadeObserver;
import dev.cascade.observe.Outcome;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ForwardingSecretStore;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SecretCache} on its own, with a fake ticker and a same-thread executor: how long values, absent keys
 * and key sets are trusted, refresh-ahead, stale-if-error and its retry pacing, invalidation, the hooks it
 * reports to, and how backend failures, timeouts and a rejecting executor surface.
 */
class SecretCacheTest {
    private static final TenantId T = TenantId.DEFAULT;
    private static final TenantId OTHER_TENANT = TenantId.of("other");
    private static final NamespaceId A = NamespaceId.of("a");
    private static final NamespaceId B = NamespaceId.of("b");
    private static final SecretKey K = SecretKey.of("K");
    private static final SecretKey L = SecretKey.of("L");
    private static final String S = "memory";

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration REFRESH = Duration.ofMinutes(4);
    private static final Duration STALE = Duration.ofMinutes(10);
    private static final Duration NEGATIVE = Duration.ofSeconds(10);
    private static final ResolverCacheConfig CONFIG = ResolverCacheConfig.builder()
            .secretExpireAfterWrite(TTL).secretRefreshAhead(REFRESH).secretStaleIfError(STALE)
            .secretNegativeTtl(NEGATIVE).build();

    /** Far from 0: an expiry computed from 0 instead of the load time is long past. */
    private final AtomicLong now = new AtomicLong(Duration.ofDays(100).toNanos());
    private final InMemorySecretStore memory = new InMemorySecretStore();
    private final Probe probe = new Probe(memory);
    private final List<CacheEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final CascadeObserver observer = new CascadeObserver() {
        @Override
        public boolean includeSecretKeys() {
            return true;
        }

        @Override
        public void cacheEvent(CacheEvent event) {
            events.add(event);
        }
    };
    private final LogCapture logs = new LogCapture(SecretCache.class.getName());

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    private SecretCache cache(ResolverCacheConfig config, Executor executor) {
        return new SecretCache(new SecretStores(S, Map.of(S, probe)), config, now::get, executor, null,
                ObserverHooks.of(observer));
    }

    private SecretCache cache() {
        return cache(CONFIG, Runnable::run);
    }

    private void put(NamespaceId ns, SecretKey key, String value) {
        memory.put(T, ns, key, SecretValue.of(value), SecretAttributes.NONE, SecretStore.ANY_VERSION);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static String reveal(Optional<SecretValue> v) {
        return v.map(SecretValue::reveal).orElse(null);
    }

    private List<CacheEvent> events(CacheEvent.Cache cache, CacheEvent.Kind kind) {
        synchronized (events) {
            return events.stream().filter(e -> e.cache() == cache && e.kind() == kind).toList();
        }
    }

    private long warnings(String text) {
        return logs.events().stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void aValueIsServedFromTheCacheUntilItsRefreshIsDueThenReRead() {
        SecretCache c = cache();
        put(A, K, "v1");
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        put(A, K, "v2"); // behind the cache's back
        advance(REFRESH.minusSeconds(1));
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(probe.gets).hasValue(1);
        assertThat(c.valueCount()).isEqualTo(1);
        assertThat(c.valueStats().hitCount()).isEqualTo(1);
        assertThat(c.valueStats().missCount()).isEqualTo(1);
        advance(Duration.ofSeconds(2)); // refresh due: the same-thread executor reloads before the read returns
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v2");
        assertThat(probe.gets).hasValue(2);
        assertThat(events(CacheEvent.Cache.SECRET, CacheEvent.Kind.LOAD)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS));
        assertThat(events(CacheEvent.Cache.SECRET, CacheEvent.Kind.REFRESH)).singleElement()
                .satisfies(e -> assertThat(e.key()).isEqualTo("K"));
    }

    @Test
    void anAbsentKeyIsTrustedForTheNegativeTtlOnly() {
        SecretCache c = cache();
        assertThat(c.get(T, A, S, K)).isEmpty();
        put(A, K, "v1");
        advance(NEGATIVE.minusSeconds(1));
        assertThat(c.get(T, A, S, K)).isEmpty();
        assertThat(probe.gets).hasValue(1);
        advance(Duration.ofSeconds(2));
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        // a present value is not held to the negative TTL
        put(A, K, "v2");
        advance(NEGATIVE.plusSeconds(1));
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(probe.gets).hasValue(2);
    }

    @Test
    void dueTimesAreTheRefreshOfAValueTheNegativeTtlOfAnAbsentKeyAndOfAKeySet() {
        SecretCache c = cache();
        put(A, K, "v1");
        long loadedAt = now.get();
        long[] due = {Long.MAX_VALUE};
        c.get(T, A, S, K, due);
        assertThat(due[0]).isEqualTo(loadedAt + REFRESH.toNanos());
        long[] absent = {Long.MAX_VALUE};
        c.get(T, A, S, L, absent);
        assertThat(absent[0]).isEqualTo(loadedAt + NEGATIVE.toNanos());
        long[] keys = {Long.MAX_VALUE};
        assertThat(c.hasKey(T, A, S, K, keys)).isTrue();
        assertThat(c.hasKey(T, A, S, L, keys)).isFalse();
        assertThat(keys[0]).isEqualTo(loadedAt + NEGATIVE.toNanos());
        // only ever lowered
        long[] early = {loadedAt + 5};
        c.get(T, A, S, K, early);
        c.hasKey(T, A, S, K, early);
        assertThat(early[0]).isEqualTo(loadedAt + 5);
        // a refresh-ahead shorter than the negative TTL bounds an absent key too
        SecretCache shortRefresh = cache(ResolverCacheConfig.builder().secretExpireAfterWrite(TTL)
                .secretRefreshAhead(Duration.ofSeconds(3)).secretNegativeTtl(NEGATIVE).build(), Runnable::run);
        long[] bounded = {Long.MAX_VALUE};
        shortRefresh.get(T, B, S, L, bounded);
        assertThat(bounded[0]).isEqualTo(now.get() + Duration.ofSeconds(3).toNanos());
    }

    @Test
    void keySetsAreListedOnceAndRefreshedAfterTheNegativeTtl() {
        SecretCache c = cache();
        put(A, K, "v1");
        assertThat(c.hasKey(T, A, S, K)).isTrue();
        assertThat(c.hasKey(T, A, S, L)).isFalse();
        put(A, L, "v2");
        advance(NEGATIVE.minusSeconds(1));
        assertThat(c.hasKey(T, A, S, L)).isFalse();
        assertThat(probe.lists).hasValue(1);
        assertThat(c.keySetCount()).isEqualTo(1);
        assertThat(c.keySetStats().hitCount()).isEqualTo(2);
        advance(Duration.ofSeconds(2));
        assertThat(c.hasKey(T, A, S, L)).isTrue();
        assertThat(probe.lists).hasValue(2);
        assertThat(events(CacheEvent.Cache.SECRET_KEYS, CacheEvent.Kind.LOAD)).hasSize(1);
        assertThat(events(CacheEvent.Cache.SECRET_KEYS, CacheEvent.Kind.REFRESH)).hasSize(1);
    }

    @Test
    void staleIfErrorServesTheLastValueRetryingAtMostOncePerNegativeTtlUntilTheBound() {
        SecretCache c = cache();
        put(A, K, "v1");
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        probe.failure = new IllegalStateException("down");
        advance(TTL); // exactly the TTL: the refresh fails (and is logged), the value is not yet expired
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(probe.gets).hasValue(2);
        assertThat(events(CacheEvent.Cache.SECRET, CacheEvent.Kind.STALE_SERVED)).isEmpty();
        assertThat(warnings("Background refresh of secret 'K'")).isEqualTo(1);
        assertThat(events(CacheEvent.Cache.SECRET, CacheEvent.Kind.REFRESH)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isNotEqualTo(Outcome.SUCCESS));

        advance(Duration.ofSeconds(1)); // past the TTL: re-read on the caller, fails, stale served
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(probe.gets).hasValue(3);
        assertThat(events(CacheEvent.Cache.SECRET, CacheEvent.Kind.STALE_SERVED)).singleElement()
                .satisfies(e -> assertThat(e.key()).isEqualTo("K"));
        assertThat(warnings("stale-if-error")).isEqualTo(1);

        advance(NEGATIVE.minusNanos(1)); // no retry before the negative TTL
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(probe.gets).hasValue(3);
        advance(Duration.ofNanos(1)); // retry exactly then
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(probe.gets).hasValue(4);
        assertThat(events(CacheEvent.Cache.SECRET, CacheEvent.Kind.STALE_SERVED)).hasSize(2);

        probe.failure = null; // the backend is back: the next retry reads the new value and keeps it
        put(A, K, "v2");
        advance(NEGATIVE);
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v2");
        assertThat(probe.gets).hasValue(5);
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v2");
        assertThat(probe.gets).hasValue(5);
    }

    @Test
    void aStaleValueIsGivenUpAtTheStaleBound() {
        SecretCache c = cache();
        put(A, K, "v1");
        long loadedAt = now.get();
        c.get(T, A, S, K);
        probe.failure = new IllegalStateException("down");
        now.set(loadedAt + TTL.plus(STALE).toNanos() - 1);
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        now.set(loadedAt + TTL.plus(STALE).toNanos());
        assertThatThrownBy(() -> c.get(T, A, S, K)).isInstanceOf(BackendException.class);
        assertThat(events(CacheEvent.Cache.SECRET, CacheEvent.Kind.LOAD)).last()
                .satisfies(e -> assertThat(e.outcome()).isNotEqualTo(Outcome.SUCCESS));
    }

    @Test
    void nearTheStaleBoundTheNextReadAfterItLoadsAfresh() {
        SecretCache c = cache();
        put(A, K, "v1");
        long loadedAt = now.get();
        c.get(T, A, S, K);
        probe.failure = new IllegalStateException("down");
        now.set(loadedAt + TTL.plus(STALE).toNanos() - NEGATIVE.toNanos() / 2); // less than a negative TTL left
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        probe.failure = null;
        put(A, K, "v2");
        now.set(loadedAt + TTL.plus(STALE).toNanos());
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v2");
    }

    @Test
    void aKeySetIsKeptWhileItsRefreshFailsUntilTheStaleBound() {
        SecretCache c = cache();
        put(A, K, "v1");
        long loadedAt = now.get();
        assertThat(c.hasKey(T, A, S, K)).isTrue();
        probe.failure = new IllegalStateException("down");
        advance(NEGATIVE.plusSeconds(1));
        assertThat(c.hasKey(T, A, S, K)).isTrue(); // the refresh failed: the cached list is kept
        assertThat(warnings("Background refresh of the secret keys of namespace 'a'")).isEqualTo(1);
        assertThat(events(CacheEvent.Cache.SECRET_KEYS, CacheEvent.Kind.REFRESH)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isNotEqualTo(Outcome.SUCCESS));
        assertThat(c.hasKey(T, A, S, K)).isTrue(); // kept, not dropped: no new load
        assertThat(probe.lists).hasValue(2);
        now.set(loadedAt + TTL.plus(STALE).toNanos() - 1);
        assertThat(c.hasKey(T, A, S, K)).isTrue();
        now.set(loadedAt + TTL.plus(STALE).toNanos());
        assertThatThrownBy(() -> c.hasKey(T, A, S, K)).isInstanceOf(BackendException.class);
    }

    @Test
    void aClosingCacheKeepsItsAnswersWithoutWarningWhenARefreshFails() {
        SecretCache c = cache();
        put(A, K, "v1");
        c.get(T, A, S, K);
        c.hasKey(T, A, S, K);
        c.closing();
        probe.failure = new IllegalStateException("interrupted by close");
        advance(REFRESH.plusSeconds(1));
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(c.hasKey(T, A, S, K)).isTrue();
        assertThat(probe.gets).hasValue(2);
        assertThat(probe.lists).hasValue(2);
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(c.hasKey(T, A, S, K)).isTrue();
        assertThat(probe.gets).hasValue(2);
        assertThat(probe.lists).hasValue(2);
        assertThat(warnings("Background refresh")).isZero();
        c.close(); // no wake-up to cancel
    }

    @Test
    void invalidatingAKeyDropsItAndTheKeySetsInEveryStoreAndBumpsTheEpoch() {
        SecretCache c = cache();
        put(A, K, "v1");
        put(A, L, "l1");
        c.get(T, A, S, K);
        c.get(T, A, S, L);
        c.hasKey(T, A, S, K);
        long epoch = c.epoch();
        put(A, K, "v2");
        put(A, L, "l2");
        c.invalidate(T, A, K);
        assertThat(c.epoch()).isGreaterThan(epoch);
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v2");
        assertThat(reveal(c.get(T, A, S, L))).isEqualTo("l1"); // another key stays
        c.hasKey(T, A, S, K);
        assertThat(probe.lists).hasValue(2);
    }

    @Test
    void invalidatingANamespaceDropsAllItsValuesAndOnlyThem() {
        SecretCache c = cache();
        put(A, K, "a1");
        put(A, L, "a2");
        put(B, K, "b1");
        memory.put(OTHER_TENANT, A, K, SecretValue.of("o1"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        c.get(T, A, S, K);
        c.get(T, A, S, L);
        c.get(T, B, S, K);
        c.get(OTHER_TENANT, A, S, K);
        put(A, K, "a1'");
        put(A, L, "a2'");
        put(B, K, "b1'");
        memory.put(OTHER_TENANT, A, K, SecretValue.of("o1'"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        long epoch = c.epoch();
        c.invalidate(T, A, null);
        assertThat(c.epoch()).isGreaterThan(epoch);
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("a1'");
        assertThat(reveal(c.get(T, A, S, L))).isEqualTo("a2'");
        assertThat(reveal(c.get(T, B, S, K))).isEqualTo("b1");
        assertThat(reveal(c.get(OTHER_TENANT, A, S, K))).isEqualTo("o1");
    }

    @Test
    void invalidatingEverythingDropsValuesAndKeySets() {
        SecretCache c = cache();
        put(A, K, "v1");
        c.get(T, A, S, K);
        c.hasKey(T, A, S, L);
        long epoch = c.epoch();
        put(A, K, "v2");
        put(A, L, "l");
        c.invalidateAll();
        assertThat(c.epoch()).isGreaterThan(epoch);
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v2");
        assertThat(c.hasKey(T, A, S, L)).isTrue();
    }

    @Test
    void rememberedLookupsAreTrustedOnlyAtTheirEpochAndBeforeTheirDueTime() {
        SecretCache c = cache();
        long epoch = c.epoch();
        long due = now.get() + 100;
        c.remembering(due); // no scheduler: nothing to arrange
        assertThat(c.trusted(epoch, due)).isTrue();
        assertThat(c.trusted(epoch + 1, due)).isFalse();
        now.set(due - 1);
        assertThat(c.trusted(epoch, due)).isTrue();
        now.set(due);
        assertThat(c.trusted(epoch, due)).isFalse();
        assertThat(c.now()).isEqualTo(due);
        c.invalidate(T, A, K);
        assertThat(c.trusted(epoch, due + 100)).isFalse();
        c.recordMemoHit();
        c.recordMemoHit();
        assertThat(c.memoHits()).isEqualTo(2);
    }

    @Test
    void evictionsAreReported() {
        SecretCache c = cache(ResolverCacheConfig.builder().secretExpireAfterWrite(TTL).secretRefreshAhead(REFRESH)
                .secretNegativeTtl(NEGATIVE).secretCacheSize(1).build(), Runnable::run);
        for (int i = 0; i < 5; i++) {
            NamespaceId ns = NamespaceId.of("n" + i);
            c.get(T, ns, S, K);
            c.hasKey(T, ns, S, K);
        }
        assertThat(c.valueCount()).isEqualTo(1);
        assertThat(c.keySetCount()).isEqualTo(1);
        assertThat(events(CacheEvent.Cache.SECRET, CacheEvent.Kind.EVICTION)).hasSize(4);
        assertThat(events(CacheEvent.Cache.SECRET_KEYS, CacheEvent.Kind.EVICTION)).hasSize(4);
    }

    @Test
    void aStoreAnsweringNullIsAnAbsentKeyAndAnEmptyKeySet() {
        SecretStore nulls = new Probe(memory) {
            @Override
            public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
                return null;
            }

            @Override
            public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
                return null;
            }
        };
        put(A, K, "v1");
        SecretCache c = new SecretCache(SecretStores.single(nulls), CONFIG, now::get, Runnable::run, null);
        assertThat(c.get(T, A, S, K)).isEmpty();
        assertThat(c.hasKey(T, A, S, K)).isFalse();
    }

    @Test
    void anUnknownStoreIsAConfigurationErrorNamingTheConfiguredOnes() {
        SecretCache c = cache();
        assertThatThrownBy(() -> c.get(T, A, "vault", K)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'vault'").hasMessageContaining("[memory]");
    }

    @Test
    void backendFailuresBecomeBackendExceptionsButCascadeExceptionsPassUnchanged() {
        SecretCache c = cache();
        BackendException own = new BackendException(S, "get", null, null, null, "its own");
        probe.failure = own;
        assertThatThrownBy(() -> c.get(T, A, S, K)).isSameAs(own);
        InvalidDocumentException invalid = new InvalidDocumentException("refused");
        probe.failure = invalid;
        assertThatThrownBy(() -> c.get(T, A, S, K)).isSameAs(invalid);
        probe.failure = new IllegalStateException("secret text");
        assertThatThrownBy(() -> c.get(T, A, S, K)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.getMessage()).contains("key 'K'").contains("failed with java.lang.IllegalStateException")
                    .doesNotContain("secret text");
            assertThat(e.getCause()).isNull();
        });
        assertThatThrownBy(() -> c.hasKey(T, A, S, K)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.operation()).isEqualTo("list");
            assertThat(e.getMessage()).doesNotContain("key '");
        });
    }

    @Test
    void aRejectingExecutorFailsTheLookupAndLeavesNothingInFlight() {
        AtomicInteger rejections = new AtomicInteger(2);
        Executor executor = r -> {
            if (rejections.getAndDecrement() > 0) {
                throw new RejectedExecutionException("full");
            }
            r.run();
        };
        put(A, K, "v1");
        SecretCache c = cache(CONFIG, executor);
        assertThatThrownBy(() -> c.get(T, A, S, K)).isInstanceOfSatisfying(BackendException.class, e ->
                assertThat(e.getMessage()).contains("key 'K'")
                        .contains("could not be scheduled: java.util.concurrent.RejectedExecutionException"));
        assertThatThrownBy(() -> c.hasKey(T, A, S, K)).isInstanceOfSatisfying(BackendException.class, e ->
                assertThat(e.getMessage()).doesNotContain("key '").contains("could not be scheduled"));
        assertThat(reveal(c.get(T, A, S, K))).isEqualTo("v1");
        assertThat(c.hasKey(T, A, S, K)).isTrue();
    }

    @Test
    void aCallStillRunningIsWaitedForNotStartedAgainAndATimeoutNamesTheBound() {
        Deque<Runnable> queued = new ArrayDeque<>();
        put(A, K, "v1");
        SecretCache c = cache(ResolverCacheConfig.builder().secretExpireAfterWrite(TTL).secretRefreshAhead(REFRESH)
                .secretNegativeTtl(NEGATIVE).backendTimeout(Duration.ofMillis(1)).build(), queued::add);
        assertThatThrownBy(() -> c.get(T, A, S, K)).isInstanceOfSatisfying(BackendException.class, e ->
                assertThat(e.getMessage()).contains("key 'K'").contains("timed out after 1 ms"));
        assertThatThrownBy(() -> c.hasKey(T, A, S, K)).isInstanceOfSatisfying(BackendException.class, e ->
                assertThat(e.getMessage()).doesNotContain("key '").contains("timed out after 1 ms"));
        assertThat(queued).hasSize(2);
        assertThatThrownBy(() -> c.get(T, A, S, K)).isInstanceOf(BackendException.class);
        assertThat(queued).as("the call in flight is waited for, not started again").hasSize(2);
        queued.poll().run(); // the backend answers at last
        queued.poll().run();
        assertThat(probe.gets).hasValue(1);
        assertThat(probe.lists).hasValue(1);
        // nothing in flight any more: the next lookups start calls of their own
        assertThatThrownBy(() -> c.get(T, A, S, K)).isInstanceOf(BackendException.class);
        assertThatThrownBy(() -> c.hasKey(T, A, S, K)).isInstanceOf(BackendException.class);
        assertThat(queued).hasSize(2);
    }

    @Test
    void anInterruptedLookupIsABackendExceptionAndKeepsTheInterrupt() {
        Deque<Runnable> queued = new ArrayDeque<>();
        SecretCache c = cache(CONFIG, queued::add);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> c.get(T, A, S, K)).isInstanceOfSatisfying(BackendException.class, e ->
                    assertThat(e.getMessage()).contains("key 'K'").endsWith("interrupted"));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThatThrownBy(() -> c.hasKey(T, A, S, K)).isInstanceOfSatisfying(BackendException.class, e ->
                    assertThat(e.getMessage()).doesNotContain("key '").endsWith("interrupted"));
        } finally {
            Thread.interrupted();
        }
    }

    /** Delegates to a store, counts calls, and fails while {@link #failure} is set. */
    private static class Probe extends ForwardingSecretStore {
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();
        volatile RuntimeException failure;

        Probe(SecretStore delegate) {
            super(delegate);
        }

        /** Reads go through {@link #get} and {@link #list}, where they are counted and can fail. */
        @Override
        public boolean supportsPrefetch() {
            return false;
        }

        @Override
        public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
            gets.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return super.get(tenant, namespace, key);
        }

        @Override
        public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
            lists.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return super.list(tenant, namespace);
        }
    }
}
