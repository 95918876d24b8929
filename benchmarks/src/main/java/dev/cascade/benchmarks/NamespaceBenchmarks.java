package dev.cascade.benchmarks;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.resolve.EffectiveNamespace;
import dev.cascade.resolve.Resolver;
import dev.cascade.storage.jdbc.JdbcStorage;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scenario 6: the effective namespace of {@code org.region.dept.team.project} (five existing levels, each
 * with variables; plugin defaults at the leaf): a cache hit, and a miss — {@code invalidateAll()} then a
 * load that reads every level — on in-memory storage and on H2 (file database in a temporary directory).
 * The miss figures include the (cheap) invalidation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NamespaceBenchmarks {
    InMemoryStorage memory;
    Resolver memoryResolver;
    Path h2Dir;
    JdbcStorage h2;
    Resolver h2Resolver;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        InMemorySecretStore secrets = Scenarios.secretStore();
        memory = new InMemoryStorage();
        Scenarios.fillDeep(memory);
        memoryResolver = Scenarios.resolver(memory, secrets);
        h2Dir = Files.createTempDirectory("cascade-bench-h2");
        h2 = JdbcStorage.h2(h2Dir);
        Scenarios.fillDeep(h2);
        h2Resolver = Scenarios.resolver(h2, secrets);
        memoryResolver.effectiveNamespace(Scenarios.TENANT, Scenarios.DEEP);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        memoryResolver.close();
        h2Resolver.close();
        h2.close();
        try (Stream<Path> files = Files.walk(h2Dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public EffectiveNamespace s6_effectiveNamespace_hit() {
        return memoryResolver.effectiveNamespace(Scenarios.TENANT, Scenarios.DEEP);
    }

    @Benchmark
    public EffectiveNamespace s6_effectiveNamespace_missInMemory() {
        return miss(memoryResolver);
    }

    @Benchmark
    public EffectiveNamespace s6_effectiveNamespace_missH2() {
        return miss(h2Resolver);
    }

    static EffectiveNamespace miss(Resolver resolver) {
        resolver.invalidateAll();
        return resolver.effectiveNamespace(Scenarios.TENANT, Scenarios.DEEP);
    }

}
