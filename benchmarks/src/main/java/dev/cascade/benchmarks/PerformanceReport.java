package dev.cascade.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the whole suite through the JMH Runner API (with the {@code gc} profiler for allocation per
 * operation), runs {@link HeapFootprint} in its own JVM, computes every ratio against the baselines
 * measured in the same run, and prints the Markdown performance table with the JDK, CPU, load and date.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cascade.benchmarks.PerformanceReport [--full] [--include REGEX]</pre>
 *
 * The quick profile (default: one fork, 3 × 1 s warm-up, 4 × 1 s measurement) takes about 5 minutes;
 * {@code --full} (two forks, 5 × 2 s warm-up, 10 × 2 s measurement) is the one to publish.
 * Single-threaded command-line tool.
 */
public final class PerformanceReport {
    private static final double TARGET_HEAP_MB = 200;

    private final Map<String, RunResult> results = new HashMap<>();
    private final Map<String, Long> heap = new HashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        boolean full = false;
        String include = "dev\\.cascade\\.benchmarks\\..*Benchmarks\\..*";
        boolean skipHeap = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--include" -> include = args[++i];
                case "--no-heap" -> skipHeap = true;
                default -> {
                    System.err.println("usage: PerformanceReport [--full] [--include REGEX] [--no-heap]");
                    System.exit(2);
                }
            }
        }
        new PerformanceReport().run(full, include, skipHeap);
    }

    private void run(boolean full, String include, boolean skipHeap) throws RunnerException, IOException,
            InterruptedException {
        String loadBefore = loadAverage();
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        if (!skipHeap) {
            heap.putAll(runHeapFootprint());
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .addProfiler("gc")
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xms1g", "-Xmx1g");
        if (full) {
            options.forks(2).warmupIterations(5).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(10).measurementTime(TimeValue.seconds(2));
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(4).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> run = new Runner(options.build()).run();
        for (RunResult r : run) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark();
            results.put(name.substring(name.lastIndexOf('.') + 1), r);
        }
        String loadAfter = loadAverage();
        buildRows();
        System.out.println();
        System.out.println(markdown(full, started, loadBefore, loadAfter));
    }

    // ---- table ---------------------------------------------------------------------------------------

    private void buildRows() {
        // 1
        row("1 literal string (per property in resolveTask)", "s1_literal_cascadePerProperty", "s1_literal_kestraStyle",
                "≤ 5 ns/op, 0 B/op", time("s1_literal_cascadePerProperty") <= 5 && alloc("s1_literal_cascadePerProperty") < 1);
        row("1b literal string via Resolver.render (info)", "s1_literal_cascadeRender", "s1_literal_kestraStyle",
                "—", null);
        row("1c literal string via a CompiledTemplate (info)", "s1_literal_cascadeCompiled", "s1_literal_kestraStyle",
                "—", null);
        // 2
        rows.add(new String[]{"2 `{{ namespace.github.token }}` vs MapLookupFloor", cell("s2_oneVariable_cascade"),
                cell("s2_oneVariable_mapLookupFloor"), slower("s2_oneVariable_cascade", "s2_oneVariable_mapLookupFloor"),
                "≤ 3× floor", met(time("s2_oneVariable_cascade") <= 3 * time("s2_oneVariable_mapLookupFloor"))});
        rows.add(new String[]{"2 same through a CompiledTemplate vs MapLookupFloor", cell("s2_oneVariable_cascadeCompiled"),
                cell("s2_oneVariable_mapLookupFloor"), slower("s2_oneVariable_cascadeCompiled", "s2_oneVariable_mapLookupFloor"),
                "≤ 2× floor", met(has("s2_oneVariable_cascadeCompiled")
                && time("s2_oneVariable_cascadeCompiled") <= 2 * time("s2_oneVariable_mapLookupFloor"))});
        row("2 `{{ namespace.github.token }}` vs KestraStyleRenderer", "s2_oneVariable_cascade",
                "s2_oneVariable_kestraStyle", "≥ 5× faster", speedup("s2_oneVariable_cascade", "s2_oneVariable_kestraStyle") >= 5);
        // 3
        row("3 `jdbc:mysql://{{ …host }}:3306/{{ …db }}` vs KestraStyleRenderer", "s3_jdbcUrl_cascade",
                "s3_jdbcUrl_kestraStyle", "≥ 3× faster", speedup("s3_jdbcUrl_cascade", "s3_jdbcUrl_kestraStyle") >= 3);
        rows.add(new String[]{"3b same vs MapLookupFloor (info)", cell("s3_jdbcUrl_cascade"),
                cell("s3_jdbcUrl_mapLookupFloor"), slower("s3_jdbcUrl_cascade", "s3_jdbcUrl_mapLookupFloor"), "—", "—"});
        // 4
        rows.add(new String[]{"4 `{{ secret('GITHUB_TOKEN') }}`, warm", cell("s4_secret_cascade"), "—", "—",
                "≤ 50 ns/op", met(time("s4_secret_cascade") <= 50)});
        rows.add(new String[]{"4b same through a CompiledTemplate", cell("s4_secret_cascadeCompiled"), "—", "—",
                "≤ 50 ns/op", met(has("s4_secret_cascadeCompiled") && time("s4_secret_cascadeCompiled") <= 50)});
        // 5
        for (String[] variant : new String[][]{{"s5_task_cascade", "resolveTask, same map"},
                {"s5_task_cascadePrepared", "prepare + resolve"}, {"s5_task_cascadeEqualCopy", "resolveTask, equal copy per call"}}) {
            row("5 whole task (10 props, 5 default levels, 3 templates, 1 secret): " + variant[1], variant[0],
                    "s5_task_kestraStylePipeline", "≤ 400 ns/op, ≤ 600 B/op, ≥ 10× faster",
                    has(variant[0]) && time(variant[0]) <= 400 && alloc(variant[0]) <= 600
                            && speedup(variant[0], "s5_task_kestraStylePipeline") >= 10);
        }
        // clock
        rows.add(new String[]{"clock: `System.nanoTime()` (info; the warm path reads no clock)", cell("clock_nanoTime"),
                cell("clock_currentTimeMillis") + " (`currentTimeMillis`)", "—", "—", "—"});
        // 6
        rows.add(new String[]{"6 effective namespace depth 5: cache hit", cell("s6_effectiveNamespace_hit"), "—", "—",
                "≤ 50 ns/op", met(time("s6_effectiveNamespace_hit") <= 50)});
        rows.add(new String[]{"6 … miss, in-memory storage", cell("s6_effectiveNamespace_missInMemory"), "—",
                slower("s6_effectiveNamespace_missInMemory", "s6_effectiveNamespace_hit") + " the hit", "—", "—"});
        rows.add(new String[]{"6 … miss, H2 storage", cell("s6_effectiveNamespace_missH2"), "—",
                slower("s6_effectiveNamespace_missH2", "s6_effectiveNamespace_hit") + " the hit", "—", "—"});
        // 7
        double p99 = percentile("s7_slowSecret_cascade", 99);
        double baseP99 = percentile("s7_slowSecret_uncachedStore", 99);
        rows.add(new String[]{"7 `secret()`, store 5 ms, refresh-ahead due: p99",
                has("s7_slowSecret_cascade") ? fmt(p99) + " µs (p50 " + fmt(percentile("s7_slowSecret_cascade", 50))
                        + " µs, max " + fmt(percentile("s7_slowSecret_cascade", 100)) + " µs)" : "not run",
                has("s7_slowSecret_uncachedStore") ? fmt(baseP99) + " µs (uncached store)" : "not run",
                ratio(baseP99 / p99) + " faster", "p99 ≤ 10 µs", met(has("s7_slowSecret_cascade") && p99 <= 10)});
        // 8
        double one = score("s8_task_cascade_1thread");
        double two = score("s8_task_cascade_2threads");
        rows.add(new String[]{"8 whole task, 2 threads vs 1 (throughput)",
                has("s8_task_cascade_2threads") ? fmt(two) + " ops/ms" : "not run",
                has("s8_task_cascade_1thread") ? fmt(one) + " ops/ms (1 thread)" : "not run",
                ratio(two / one), "≥ 1.8×", met(has("s8_task_cascade_1thread") && two / one >= 1.8)});
        // 9
        if (heap.containsKey("resolverCacheBytes")) {
            double cacheMb = heap.get("resolverCacheBytes") / 1e6;
            double storageMb = heap.get("storageBytes") / 1e6;
            rows.add(new String[]{"9 100,000 namespaces × 20 variables, resolved and cached: retained heap",
                    fmt(cacheMb) + " MB (resolver cache)", fmt(storageMb) + " MB (in-memory storage's own copy)", "—",
                    "≤ 200 MB", met(cacheMb <= TARGET_HEAP_MB)});
        }
    }

    private void row(String scenario, String cascade, String baseline, String target, Boolean met) {
        rows.add(new String[]{scenario, cell(cascade), cell(baseline), speedupText(cascade, baseline), target,
                met == null ? "—" : met(has(cascade) && met)});
    }

    private String markdown(boolean full, ZonedDateTime started, String loadBefore, String loadAfter) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | Cascade | baseline | ratio | target | met? |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        sb.append('\n');
        sb.append("- Profile: ").append(full ? "full (2 forks, 5 × 2 s warm-up, 10 × 2 s measurement)"
                : "quick (1 fork, 3 × 1 s warm-up, 4 × 1 s measurement)").append("; allocation from JMH `-prof gc` (gc.alloc.rate.norm)\n");
        sb.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vm.vendor"))
                .append(")\n");
        sb.append("- CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores visible\n");
        sb.append("- Load average (1/5/15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter).append('\n');
        sb.append("- Date: ").append(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        sb.append("- Command: `./mvnw -q -pl benchmarks -am package -DskipTests && java -cp benchmarks/target/benchmarks.jar "
                + "dev.cascade.benchmarks.PerformanceReport").append(full ? " --full" : "").append("`\n");
        return sb.toString();
    }

    // ---- numbers -------------------------------------------------------------------------------------

    private boolean has(String label) {
        return results.containsKey(label);
    }

    /** The primary score (ns/op for average-time benchmarks), NaN when not run. */
    private double score(String label) {
        RunResult r = results.get(label);
        return r == null ? Double.NaN : r.getPrimaryResult().getScore();
    }

    private double time(String label) {
        return score(label);
    }

    private double percentile(String label, double p) {
        RunResult r = results.get(label);
        return r == null ? Double.NaN : r.getPrimaryResult().getStatistics().getPercentile(p);
    }

    /** Bytes allocated per operation, NaN when the gc profiler gave nothing. */
    private double alloc(String label) {
        RunResult r = results.get(label);
        if (r == null) {
            return Double.NaN;
        }
        Map<String, Result> secondary = r.getSecondaryResults();
        for (String key : List.of("gc.alloc.rate.norm", "·gc.alloc.rate.norm")) {
            Result s = secondary.get(key);
            if (s != null) {
                return s.getScore();
            }
        }
        return Double.NaN;
    }

    private String cell(String label) {
        if (!has(label)) {
            return "not run";
        }
        RunResult r = results.get(label);
        String unit = r.getPrimaryResult().getScoreUnit().replace("us/op", "µs/op");
        return fmt(score(label)) + " " + unit + " (" + fmt(alloc(label)) + " B/op)";
    }

    private double speedup(String cascade, String baseline) {
        return score(baseline) / score(cascade);
    }

    private String speedupText(String cascade, String baseline) {
        return ratio(speedup(cascade, baseline)) + " faster";
    }

    private String slower(String cascade, String floor) {
        return ratio(score(cascade) / score(floor)) + " the time of";
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "—" : String.format(Locale.ROOT, "%.1f×", r);
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    // ---- environment -----------------------------------------------------------------------------------

    private static Map<String, Long> runHeapFootprint() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                HeapFootprint.class.getName()).redirectErrorStream(true).start();
        Properties props = new Properties();
        StringBuilder all = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                all.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0) {
                    props.setProperty(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("HeapFootprint failed:\n" + all);
        }
        System.out.print("HeapFootprint (scenario 9):\n" + all);
        Map<String, Long> out = new HashMap<>();
        for (String k : props.stringPropertyNames()) {
            out.put(k, Long.parseLong(props.getProperty(k).trim()));
        }
        return out;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
