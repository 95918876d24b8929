package dev.cascade.resolve;

import dev.cascade.observe.CacheEvent;
import dev.cascade.observe.RecordingObserver;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Cache events the resolver reports: refreshes, refresh failures, stale values served, evictions. */
class ResolverObserverTest {
    private static final ResolverCacheConfig CONFIG = ResolverCacheConfig.builder()
            .namespaceCacheSize(1)
            .secretExpireAfterWrite(Duration.ofMinutes(5))
            .secretRefreshAhead(Duration.ofMinutes(4))
            .secretStaleIfError(Duration.ofMinutes(10))
            .secretNegativeTtl(Duration.ofSeconds(10))
            .build();
    private static final String VALUE = "hunter2-very-secret";

    @Test
    void refreshesAndStaleValuesAreReported() {
        RecordingObserver rec = new RecordingObserver();
        try (ResolverFixture f = new ResolverFixture(b -> b.cacheConfig(CONFIG).observer(rec))) {
            f.create("a");
            f.secret("a", "K", VALUE);
            assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo(VALUE);
            f.advance(Duration.ofMinutes(4).plusSeconds(1)); // refresh-ahead, run on this thread by the fixture
            assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo(VALUE);
            assertThat(rec.cacheEventTexts()).contains("SECRET REFRESH a memory SUCCESS");
            f.probe.failure = new IllegalStateException("backend down " + VALUE);
            f.advance(Duration.ofMinutes(6)); // past expire-after-write, within stale-if-error
            assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo(VALUE);
            assertThat(rec.cacheEventTexts()).contains("SECRET REFRESH a memory FAILURE", "SECRET STALE_SERVED a memory SUCCESS");
            assertThat(rec.cacheEvents.toString() + rec.calls + rec.callEnds).doesNotContain(VALUE);
            assertThat(rec.callEnds).anyMatch(e -> e.startsWith("get FAILURE"));
        }
    }

    @Test
    void evictionsAreReportedButInvalidationsAreNot() {
        RecordingObserver rec = new RecordingObserver();
        try (ResolverFixture f = new ResolverFixture(b -> b.cacheConfig(CONFIG).observer(rec))) {
            f.create("a");
            f.create("b");
            f.render("a", "x {{ 1 }}");
            f.resolver.invalidateAll();
            assertThat(rec.cacheEvents).noneMatch(e -> e.kind() == CacheEvent.Kind.EVICTION);
            f.render("a", "x {{ 1 }}");
            f.render("b", "x {{ 1 }}"); // the namespace cache holds one entry
            f.render("a", "x {{ 1 }}");
            assertThat(rec.cacheEvents).anyMatch(e -> e.kind() == CacheEvent.Kind.EVICTION
                    && e.cache() == CacheEvent.Cache.NAMESPACE);
        }
    }
}
