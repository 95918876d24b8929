package dev.cascade.resolve;

import dev.cascade.LogCapture;

import ch.qos.logback.classic.Level;
import dev.cascade.BackendException;
import dev.cascade.SecretNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static dev.cascade.resolve.ResolverFixture.ns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The secret cache: key sets spare per-ancestor backend calls, expire-after-write, refresh-ahead,
 * stale-if-error with a warning naming only the key, negative caching, failures as BackendException, and
 * never a value in a message or a log line. Time is a fake ticker; refreshes run on the calling thread.
 */
class SecretCachingTest {
    private static final ResolverCacheConfig CONFIG = ResolverCacheConfig.builder()
            .secretExpireAfterWrite(Duration.ofMinutes(5))
            .secretRefreshAhead(Duration.ofMinutes(4))
            .secretStaleIfError(Duration.ofMinutes(10))
            .secretNegativeTtl(Duration.ofSeconds(10))
            .build();
    private static final String VALUE = "hunter2-very-secret";
    /** What {@code split('-') | first} makes of VALUE: no masker can recognise it. */
    private static final String FRAGMENT = "hunter2";
    private static final String SHORT = "xyz";
    private final ResolverFixture f = new ResolverFixture(b -> b.cacheConfig(CONFIG));
    private final LogCapture logs = new LogCapture();

    @AfterEach
    void close() {
        logs.close();
        f.close();
        assertThat(logs.all()).doesNotContain(VALUE).doesNotContain("aHVudGVyMi");
    }

    private String read(String namespace) {
        return f.render(namespace, "{{ secret('K') }}");
    }

    @Test
    void keySetsSpareABackendCallPerAncestor() {
        f.create("a");
        f.create("a.b");
        f.create("a.b.c");
        f.create("a.b.c.d");
        f.secret("a", "K", VALUE);
        assertThat(read("a.b.c.d")).isEqualTo(VALUE);
        assertThat(f.probe.lists.get()).isEqualTo(4); // one key list per existing namespace of the chain
        assertThat(f.probe.gets.get()).isEqualTo(1);  // one value read, only where the key is
        for (int i = 0; i < 10; i++) {
            read("a.b.c.d");
            read("a.b.c");
        }
        assertThat(f.probe.lists.get()).isEqualTo(4);
        assertThat(f.probe.gets.get()).isEqualTo(1);
    }

    @Test
    void valuesExpireAfterWrite() {
        f.create("a");
        f.secret("a", "K", VALUE);
        assertThat(read("a")).isEqualTo(VALUE);
        f.secret("a", "K", "second-value"); // no event
        f.advance(Duration.ofMinutes(1));
        assertThat(read("a")).isEqualTo(VALUE);
        f.advance(Duration.ofMinutes(5));
        assertThat(read("a")).isEqualTo("second-value");
    }

    @Test
    void refreshAheadReloadsInTheBackgroundWhileServing() {
        DeferringExecutor executor = new DeferringExecutor();
        try (ResolverFixture d = new ResolverFixture(b -> b.cacheConfig(CONFIG).executor(executor))) {
            d.create("a");
            d.secret("a", "K", VALUE);
            assertThat(d.render("a", "{{ secret('K') }}")).isEqualTo(VALUE);
            int gets = d.probe.gets.get();
            d.secret("a", "K", "refreshed-value"); // no event
            d.advance(Duration.ofMinutes(4).plusSeconds(1)); // past refresh-ahead, before expiry
            executor.defer = true; // background work is only queued from now on
            assertThat(d.render("a", "{{ secret('K') }}")).isEqualTo(VALUE); // served from the cache at once
            assertThat(d.probe.gets.get()).isEqualTo(gets); // the caller made no backend call
            assertThat(executor.pending()).isPositive(); // the reload was handed to the executor
            executor.defer = false;
            executor.runPending(); // the background reload runs
            assertThat(d.probe.gets.get()).isEqualTo(gets + 1);
            assertThat(d.render("a", "{{ secret('K') }}")).isEqualTo("refreshed-value");
            assertThat(d.probe.gets.get()).isEqualTo(gets + 1);
        }
    }

    /** Runs tasks on the calling thread, or queues them while {@link #defer} is set. */
    private static final class DeferringExecutor implements java.util.concurrent.Executor {
        private final java.util.Deque<Runnable> queue = new java.util.ArrayDeque<>();
        volatile boolean defer;

        @Override
        public synchronized void execute(Runnable task) {
            if (defer) {
                queue.add(task);
            } else {
                task.run();
            }
        }

        synchronized int pending() {
            return queue.size();
        }

        void runPending() {
            Runnable r;
            while ((r = poll()) != null) {
                r.run();
            }
        }

        private synchronized Runnable poll() {
            return queue.poll();
        }
    }

    @Tag("slow")
    @Test
    void refreshAheadDoesNotMakeTheCallerWaitForTheBackend() throws Exception {
        try (ResolverFixture async = new ResolverFixture(b -> b.cacheConfig(CONFIG)
                .executor(java.util.concurrent.Executors.newCachedThreadPool()))) {
            async.create("a");
            async.secret("a", "K", VALUE);
            assertThat(async.render("a", "{{ secret('K') }}")).isEqualTo(VALUE);
            async.secret("a", "K", "refreshed-value");
            async.probe.sleepMillis = 1_500; // a slow backend from now on
            async.advance(Duration.ofMinutes(4).plusSeconds(1));
            long start = System.nanoTime();
            assertThat(async.render("a", "{{ secret('K') }}")).isEqualTo(VALUE); // served from the cache
            // generous bound: far below the backend's 1.5 s
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String seen = VALUE;
            while (!seen.equals("refreshed-value") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                seen = async.render("a", "{{ secret('K') }}");
            }
            assertThat(seen).isEqualTo("refreshed-value");
        }
    }

    @Test
    void staleIfErrorServesTheLastValueForABoundedTimeWithAWarningNamingOnlyTheKey() {
        f.create("a");
        f.secret("a", "K", VALUE);
        assertThat(read("a")).isEqualTo(VALUE);
        f.probe.failure = new IllegalStateException("connection refused to backend holding " + VALUE);
        f.advance(Duration.ofMinutes(6)); // past expire-after-write, within stale-if-error
        assertThat(read("a")).isEqualTo(VALUE);
        assertThat(logs.events()).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("'K'").contains("stale-if-error").doesNotContain(VALUE);
        });
        f.advance(Duration.ofMinutes(10)); // past expiry + stale bound
        assertThatThrownBy(() -> read("a"))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.getMessage()).contains("memory").contains("'a'").doesNotContain(VALUE)
                            .doesNotContain("connection refused");
                    assertThat(e.getCause()).isNull();
                });
        f.probe.failure = null;
        assertThat(read("a")).isEqualTo(VALUE);
    }

    @Test
    void negativeAnswersAreCachedBriefly() {
        f.create("a");
        assertThatThrownBy(() -> read("a")).isInstanceOf(SecretNotFoundException.class);
        f.secret("a", "K", VALUE); // written behind the library's back: no event
        assertThatThrownBy(() -> read("a")).isInstanceOf(SecretNotFoundException.class);
        f.advance(Duration.ofSeconds(9)); // within secretNegativeTtl (10 s): still the cached "no such key"
        assertThatThrownBy(() -> read("a")).isInstanceOf(SecretNotFoundException.class);
        f.advance(Duration.ofSeconds(2)); // past it: the key list is refreshed; the fixture's same-thread
        // executor completes that refresh before the read returns, so this very read sees the key
        assertThat(read("a")).isEqualTo(VALUE);
    }

    @Test
    void aThrowingBackendIsABackendExceptionWithoutValuesOrCause() {
        f.create("a");
        f.probe.failure = new RuntimeException("boom " + VALUE);
        assertThatThrownBy(() -> read("a"))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.backend()).isEqualTo("memory");
                    assertThat(e.operation()).isEqualTo("list");
                    assertThat(e.getMessage()).contains("tenant 'main'").contains("namespace 'a'")
                            .contains("java.lang.RuntimeException").doesNotContain(VALUE);
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void aSlowBackendTimesOut() {
        try (ResolverFixture slow = new ResolverFixture(b -> b.cacheConfig(ResolverCacheConfig.builder()
                .backendTimeout(Duration.ofMillis(200)).build()).executor(java.util.concurrent.ForkJoinPool.commonPool()))) {
            slow.create("a");
            slow.secret("a", "K", VALUE);
            slow.probe.sleepMillis = 5_000;
            long start = System.nanoTime();
            assertThatThrownBy(() -> slow.render("a", "{{ secret('K') }}"))
                    .isInstanceOf(BackendException.class).hasMessageContaining("timed out after 200 ms");
            // generous bound: the call gives up long before the backend answers
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
        }
    }

    @Test
    void configValidationReportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ResolverCacheConfig.builder().secretCacheSize(0).secretRefreshAhead(Duration.ofMinutes(9))
                .secretStaleIfError(Duration.ofSeconds(-1)).maskMinLength(0).build())
                .isInstanceOf(dev.cascade.ConfigurationException.class)
                .hasMessageContaining("secretCacheSize was '0' but it must be at least 1")
                .hasMessageContaining("secretRefreshAhead was 'PT9M' but it must be shorter than secretExpireAfterWrite")
                .hasMessageContaining("secretStaleIfError was 'PT-1S'")
                .hasMessageContaining("maskMinLength was '0'");
    }

    @Test
    void secretValuesNeverAppearInResolverMessages() {
        f.create("a");
        f.secret("a", "K", VALUE);
        f.secret("a", "S", SHORT); // shorter than maskMinLength (4)
        f.variables("a", java.util.Map.of("n", 1));
        String[] templates = {"{{ secret('K') }}{{ missing }}", "{{ secret('K') ~ namespace.getClass() }}",
                "{{ secret('K') }}{% include 'x' %}", "{{ render(secret('K')) }}", "{{ secret('K', subkey='f') }}",
                // filters whose own messages quote their input: the short value, and a fragment of the long one
                "{{ secret('S') | date }}", "{{ secret('K') | split('-') | first | date }}",
                "{{ secret('S') | abs }}", "{{ secret('K') | split('-') | first | abs }}",
                // computed attribute names and secret() arguments
                "{{ namespace[secret('S')] }}", "{{ namespace[secret('K') | split('-') | first] }}",
                "{{ secret(secret('K')) }}", "{{ secret(secret('K') | split('-') | first) }}",
                "{{ secret('K', namespace=secret('S')) }}",
                "{{ secret('K', namespace=(secret('K') | split('-') | first)) }}",
                "{{ render(' ' ~ secret('K')) }}"};
        for (String t : templates) {
            assertThatThrownBy(() -> f.render("a", t)).as(t).satisfies(e -> {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    assertThat(String.valueOf(c.getMessage())).as(t).doesNotContain(VALUE).doesNotContain(FRAGMENT)
                            .doesNotContain(SHORT);
                    assertThat(String.valueOf(c)).as(t).doesNotContain(VALUE).doesNotContain(FRAGMENT)
                            .doesNotContain(SHORT);
                }
            });
        }
        RenderResult r = f.resolver.render(MAIN, ns("a"), "{{ secret('K') }}", java.util.Map.of());
        assertThat(r.toString()).doesNotContain(VALUE);
        assertThat(r.maskedOutput()).isEqualTo("******");
    }
}
