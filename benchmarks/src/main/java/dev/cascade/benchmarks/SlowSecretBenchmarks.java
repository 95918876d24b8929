package dev.cascade.benchmarks;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.resolve.Resolver;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.secret.SecretKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 7: {@code {{ secret('GITHUB_TOKEN') }}} against a store that takes 5 ms per read, warm, with
 * refresh-ahead due on almost every call: the value and the namespace key lists refresh 1 ms after each
 * load (expiry one hour), so a background reload is in flight or due throughout the run. Sample-time mode
 * gives the latency distribution (p99). The baseline reads the store on every call, as an uncached
 * resolver would, and so pays the 5 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SlowSecretBenchmarks {
    static final long LATENCY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    SlowSecretStore slow;
    Resolver resolver;
    String template = Scenarios.SECRET;
    Map<String, Object> host = Map.of();
    SecretKey key = SecretKey.of("GITHUB_TOKEN");
    NamespaceId company = NamespaceId.of("company");
    long readsAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        InMemoryStorage storage = new InMemoryStorage();
        InMemorySecretStore secrets = Scenarios.secretStore();
        Scenarios.fillTemplateData(storage, secrets);
        slow = new SlowSecretStore(secrets, LATENCY_NANOS);
        resolver = Scenarios.resolver(storage, slow, ResolverCacheConfig.builder()
                .secretExpireAfterWrite(Duration.ofHours(1))
                .secretRefreshAhead(Duration.ofMillis(1))
                .secretNegativeTtl(Duration.ofMillis(1))
                .build());
        cascade(); // the one cold load (pays the latency); everything after is warm
        readsAtStart = slow.reads();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long refreshes = slow.reads() - readsAtStart;
        if (refreshes == 0) {
            throw new IllegalStateException("no background refresh happened: refresh-ahead was never due");
        }
        resolver.close();
    }

    String cascade() {
        return resolver.render(Scenarios.TENANT, Scenarios.TEAM, template, host).output();
    }

    @Benchmark
    public String s7_slowSecret_cascade() {
        return cascade();
    }

    @Benchmark
    public String s7_slowSecret_uncachedStore() {
        return slow.get(Scenarios.TENANT, company, key).orElseThrow().reveal();
    }
}
