package dev.cascade.benchmarks;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.benchmarks.baseline.KestraStylePipeline;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.resolve.PreparedTask;
import dev.cascade.resolve.Resolver;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 5 (and 8): resolve a whole task — 10 properties after defaults from the global level, three
 * namespace levels and the flow; 3 templated values and 1 secret — with Cascade's resolver, warm, against
 * {@link KestraStylePipeline} (deep copy + merge + Pebble render of every string + uncached secret store).
 * Scenario 8 runs the same Cascade call on 1 and on 2 threads, in throughput mode.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskBenchmarks {
    InMemoryStorage storage;
    InMemorySecretStore secrets;
    Resolver resolver;
    KestraStylePipeline pipeline;
    Map<String, Object> task;
    Map<String, Object> host;
    List<PluginDefault> flowDefaults;
    List<List<PluginDefault>> levels;
    Map<String, Object> pipelineContext;
    PreparedTask prepared;
    /** Equal copies of the task, more than the plan cache's identity front holds: the content-keyed path. */
    List<Map<String, Object>> copies;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        storage = new InMemoryStorage();
        secrets = Scenarios.secretStore();
        Scenarios.fillTemplateData(storage, secrets);
        resolver = Scenarios.resolver(storage, secrets);
        task = Scenarios.task();
        host = Scenarios.hostVariables();
        flowDefaults = Scenarios.flowDefaults();
        pipeline = new KestraStylePipeline(secrets, Scenarios.TENANT);
        levels = Scenarios.pipelineLevels(storage);
        Map<String, Object> ctx = new java.util.HashMap<>(host);
        ctx.put("namespace", Scenarios.etlVariables());
        pipelineContext = Map.copyOf(ctx);
        prepared = resolver.prepare(Scenarios.TENANT, Scenarios.ETL, task, flowDefaults);
        copies = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            copies.add(new LinkedHashMap<>(task));
        }
        cascade();
        kestraStyle();
        prepared.resolve(host);
        for (Map<String, Object> copy : copies) {
            resolver.resolveTask(Scenarios.TENANT, Scenarios.ETL, copy, flowDefaults, host);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        resolver.close();
    }

    Map<String, Object> cascade() {
        return resolver.resolveTask(Scenarios.TENANT, Scenarios.ETL, task, flowDefaults, host).task();
    }

    Map<String, Object> kestraStyle() {
        return pipeline.resolve(task, levels, pipelineContext);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Map<String, Object> s5_task_cascade() {
        return cascade();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Map<String, Object> s5_task_cascadePrepared() {
        return prepared.resolve(host).task();
    }

    /** resolveTask with an equal but different map each call (a host that rebuilds its task): content hashing. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Map<String, Object> s5_task_cascadeEqualCopy() {
        Map<String, Object> copy = copies.get(next++ & 4095);
        return resolver.resolveTask(Scenarios.TENANT, Scenarios.ETL, copy, flowDefaults, host).task();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Map<String, Object> s5_task_kestraStylePipeline() {
        return kestraStyle();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public Map<String, Object> s8_task_cascade_1thread() {
        return cascade();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(2)
    public Map<String, Object> s8_task_cascade_2threads() {
        return cascade();
    }
}
