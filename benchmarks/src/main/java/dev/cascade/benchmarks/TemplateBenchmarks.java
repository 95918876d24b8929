package dev.cascade.benchmarks;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.benchmarks.baseline.KestraStyleRenderer;
import dev.cascade.benchmarks.baseline.MapLookupFloor;
import dev.cascade.internal.template.RenderScope;
import dev.cascade.internal.template.TemplateEngine;
import dev.cascade.resolve.CompiledTemplate;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenarios 1–4: one string rendered in namespace {@code company.team}, warm (templates compiled,
 * namespace and secret cached), Cascade next to its baselines. Cascade goes through the public
 * {@link Resolver#render} (namespace lookup, scope, masker, result), except {@code s1_literal_cascadePerProperty},
 * which is what {@code resolveTask} spends on a literal property (the template engine's literal check).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TemplateBenchmarks {
    static final String[] TOKEN_PATH = {"github", "token"};
    static final String[] HOST_PATH = {"mysql", "host"};
    static final String[] DB_PATH = {"mysql", "db"};

    InMemoryStorage storage;
    InMemorySecretStore secrets;
    Resolver resolver;
    TemplateEngine engine;
    RenderScope scope;
    KestraStyleRenderer kestra;
    Map<String, Object> context;
    Map<String, Object> variables;
    Map<String, Object> host;
    // instance fields, so the JIT cannot fold the strings as constants
    String literal = Scenarios.LITERAL;
    String oneVariable = Scenarios.ONE_VARIABLE;
    String jdbcUrl = Scenarios.JDBC_URL;
    String secret = Scenarios.SECRET;
    CompiledTemplate oneVariableCompiled;
    CompiledTemplate secretCompiled;
    CompiledTemplate literalCompiled;
    String pebblePath = "{{ namespace.env | upper }}:{{ namespace.mysql.host ~ '/' ~ namespace.mysql.db }}"
            + "{% for k in ['a', 'b', 'c'] %}-{{ k }}{% endfor %}";

    @Setup(Level.Trial)
    public void setUp() {
        storage = new InMemoryStorage();
        secrets = Scenarios.secretStore();
        Scenarios.fillTemplateData(storage, secrets);
        resolver = Scenarios.resolver(storage, secrets);
        engine = new TemplateEngine(1000, 1_000_000, true);
        scope = new RenderScope(Map.of("namespace", Scenarios.teamVariables()), (k, n, s) -> "x", 4);
        kestra = new KestraStyleRenderer();
        variables = Scenarios.teamVariables();
        context = Map.of("namespace", variables);
        host = Map.of();
        oneVariableCompiled = resolver.compile(Scenarios.TENANT, Scenarios.TEAM, oneVariable);
        secretCompiled = resolver.compile(Scenarios.TENANT, Scenarios.TEAM, secret);
        literalCompiled = resolver.compile(Scenarios.TENANT, Scenarios.TEAM, literal);
        // warm: compile, cache the namespace and the secret
        cascadeOneVariable();
        cascadeJdbcUrl();
        cascadeSecret();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        resolver.close();
    }

    // ---- scenario 1: literal string ----

    @Benchmark
    public String s1_literal_cascadePerProperty() {
        return engine.render(literal, scope);
    }

    @Benchmark
    public String s1_literal_cascadeRender() {
        return resolver.render(Scenarios.TENANT, Scenarios.TEAM, literal, host).output();
    }

    @Benchmark
    public String s1_literal_kestraStyle() {
        return kestra.render(literal, context);
    }

    /** A template the fast path cannot take (a filter, a concatenation, a loop): Pebble's path with its limits. */
    @Benchmark
    public String s1_pebblePath_cascadePerProperty() {
        return engine.render(pebblePath, scope);
    }

    // ---- scenario 2: {{ namespace.github.token }} ----

    @Benchmark
    public String s2_oneVariable_cascade() {
        return cascadeOneVariable();
    }

    String cascadeOneVariable() {
        return resolver.render(Scenarios.TENANT, Scenarios.TEAM, oneVariable, host).output();
    }

    @Benchmark
    public String s2_oneVariable_cascadeCompiled() {
        return oneVariableCompiled.render(host).output();
    }

    @Benchmark
    public String s4_secret_cascadeCompiled() {
        return secretCompiled.render(host).output();
    }

    @Benchmark
    public String s1_literal_cascadeCompiled() {
        return literalCompiled.render(host).output();
    }

    @Benchmark
    public Object s2_oneVariable_mapLookupFloor() {
        return MapLookupFloor.lookup(variables, TOKEN_PATH);
    }

    @Benchmark
    public String s2_oneVariable_kestraStyle() {
        return kestra.render(oneVariable, context);
    }

    // ---- scenario 3: jdbc:mysql://{{ namespace.mysql.host }}:3306/{{ namespace.mysql.db }} ----

    @Benchmark
    public String s3_jdbcUrl_cascade() {
        return cascadeJdbcUrl();
    }

    String cascadeJdbcUrl() {
        return resolver.render(Scenarios.TENANT, Scenarios.TEAM, jdbcUrl, host).output();
    }

    @Benchmark
    public String s3_jdbcUrl_mapLookupFloor() {
        return MapLookupFloor.interpolate(variables, "jdbc:mysql://", HOST_PATH, ":3306/", DB_PATH, "");
    }

    @Benchmark
    public String s3_jdbcUrl_kestraStyle() {
        return kestra.render(jdbcUrl, context);
    }

    // ---- scenario 4: {{ secret('GITHUB_TOKEN') }} ----

    @Benchmark
    public String s4_secret_cascade() {
        return cascadeSecret();
    }

    String cascadeSecret() {
        return resolver.render(Scenarios.TENANT, Scenarios.TEAM, secret, host).output();
    }
}
