package dev.cascade.resolve;

import dev.cascade.CascadeException;
import dev.cascade.defaults.DefaultsApplication;
import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretStores;
import dev.cascade.spi.ChangeEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static dev.cascade.resolve.ResolverFixture.ns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random namespaces, rules, tasks, host variables and sequences of writes, invalidations and in-place
 * mutations of the host's task map: {@code prepare}+{@code resolve}, {@code resolveTask} (through its plan
 * cache) and a straightforward reference (the public chain's merge over the storage's current levels, then
 * every string rendered by a fresh resolver, no plan, no front, no memo) give identical trees, explain views
 * and failures.
 */
class PreparedTaskDifferentialProperties {
    private static final List<String> NAMESPACES = List.of("a", "a.b", "a.b.c");
    private static final String TYPE = "io.kestra.plugin.aws.s3.Upload";
    private static final List<String> RULE_TYPES = List.of("io.kestra", "io.kestra.plugin.aws", "io.kestra.plugin.aws.",
            TYPE, "io.kestra.plugin.git");

    /** One step of a scenario. */
    private record Step(int kind, String namespace, String key, Object value, List<PluginDefault> rules) { }

    @Property(tries = 120)
    void preparedResolveTaskAndReferenceAgree(@ForAll("tasks") Map<String, Object> task,
                                              @ForAll("rules") List<PluginDefault> flowRules,
                                              @ForAll("steps") List<Step> steps,
                                              @ForAll("leaf") String leaf) {
        try (ResolverFixture f = new ResolverFixture()) {
            for (String n : NAMESPACES) {
                f.create(n);
            }
            f.secret("a", "K", "root-secret");
            Map<String, Object> hostTask = new LinkedHashMap<>(task); // the host's own, mutable map
            PreparedTask prepared = f.resolver.prepare(MAIN, ns(leaf), hostTask, flowRules);
            Map<String, Object> preparedFrom = new LinkedHashMap<>(hostTask);
            int round = 0;
            for (Step step : steps) {
                apply(f, step, hostTask);
                if (step.kind() == 5) { // the host mutated its task: prepare again, as a host keeps one per revision
                    prepared = f.resolver.prepare(MAIN, ns(leaf), hostTask, flowRules);
                    preparedFrom = new LinkedHashMap<>(hostTask);
                }
                Map<String, Object> host = Map.of("inputs", Map.of("file", "in-" + round++));
                Outcome viaResolve = outcome(() -> f.resolver.resolveTask(MAIN, ns(leaf), hostTask, flowRules, host));
                Outcome viaResolveAgain = outcome(() -> f.resolver.resolveTask(MAIN, ns(leaf), hostTask, flowRules, host));
                PreparedTask p = prepared;
                Outcome viaPrepared = outcome(() -> p.resolve(host));
                Outcome reference = reference(f, leaf, preparedFrom, flowRules, host);
                assertThat(viaPrepared).isEqualTo(reference);
                assertThat(viaResolve).isEqualTo(reference);
                assertThat(viaResolveAgain).isEqualTo(reference);
            }
        }
    }

    /** A tree and its explain view, or the failure's class. */
    private record Outcome(Map<String, Object> tree, Map<String, String> explain, String failure) { }

    private static Outcome outcome(java.util.function.Supplier<ResolvedTask> call) {
        try {
            ResolvedTask t = call.get();
            Map<String, String> explain = new LinkedHashMap<>();
            t.explain().forEach((k, v) -> explain.put(k, v.toString()));
            return new Outcome(t.task(), explain, null);
        } catch (CascadeException e) {
            return new Outcome(null, null, e.getClass().getSimpleName());
        }
    }

    private static Outcome reference(ResolverFixture f, String leaf, Map<String, Object> task, List<PluginDefault> flowRules,
                                     Map<String, Object> host) {
        List<DefaultsLevel> levels = new ArrayList<>();
        for (NamespaceId a : ns(leaf).ancestors()) {
            if (f.storage.namespaces().get(MAIN, a).isPresent()) {
                f.storage.pluginDefaults().get(MAIN, a).ifPresent(v -> {
                    if (!v.value().isEmpty()) {
                        levels.add(DefaultsLevel.namespace(a, v.value()));
                    }
                });
            }
        }
        levels.add(DefaultsLevel.flow(flowRules));
        DefaultsApplication applied = new PluginDefaultsChain(levels).apply(task);
        {
            Resolver plain = Resolver.builder().storage(f.storage)
                    .secretStores(new SecretStores("memory", Map.of("memory", f.probe)))
                    .ticker(f.nanos::get).executor(Runnable::run).build();
            try (plain) {
                Object tree = renderAll(applied.tree(), plain, leaf, host);
                Map<String, String> explain = new LinkedHashMap<>();
                applied.explain().forEach((k, v) -> explain.put(k, v.toString()));
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) tree;
                return new Outcome(t, explain, null);
            } catch (CascadeException e) {
                return new Outcome(null, null, e.getClass().getSimpleName());
            }
        }
    }

    private static Object renderAll(Object value, Resolver r, String leaf, Map<String, Object> host) {
        if (value instanceof String s) {
            return r.render(MAIN, ns(leaf), s, host).output();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, renderAll(v, r, leaf, host)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(renderAll(v, r, leaf, host)));
            return out;
        }
        return value;
    }

    private static void apply(ResolverFixture f, Step s, Map<String, Object> hostTask) {
        switch (s.kind()) {
            case 0 -> { } // resolve again, nothing changed
            case 1 -> f.variables(s.namespace(), Map.of(s.key(), s.value()));
            case 2 -> f.defaults(s.namespace(), s.rules());
            case 3 -> { // a secret write reported by the management facade (the probe store publishes nothing)
                f.secret(s.namespace(), "K", "v-" + s.value());
                f.resolver.onChange(ChangeEvent.secret(MAIN, ns(s.namespace()), SecretKey.of("K")));
            }
            case 4 -> f.resolver.invalidateAll();
            case 5 -> hostTask.put(s.key(), s.value()); // in place: same map instance
            default -> f.advance(java.time.Duration.ofMinutes(11)); // everything expires
        }
    }

    @Provide
    Arbitrary<String> leaf() {
        return Arbitraries.of("a", "a.b", "a.b.c", "a.b.c.d");
    }

    private static Arbitrary<Object> value() {
        return Arbitraries.of("plain", "{{ namespace.x }}", "{{ inputs.file }}",
                "{{ secret('K') }}", "s3://{{ namespace.y }}/{{ inputs.file }}", "{{ namespace.x }}-{{ namespace.x }}",
                "{% if true %}yes{% endif %}").map(o -> (Object) o);
    }

    private static Arbitrary<Object> nested() {
        return Arbitraries.oneOf(value(), Arbitraries.integers().between(0, 3).map(i -> (Object) i),
                value().list().ofMaxSize(2).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.of("m1", "m2"), value()).ofMaxSize(2).map(m -> (Object) m));
    }

    @Provide
    Arbitrary<Map<String, Object>> tasks() {
        return Arbitraries.maps(Arbitraries.of("p", "q", "r", "bucket"), nested()).ofMaxSize(4).map(m -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("type", TYPE);
            t.putAll(m);
            return t;
        });
    }

    private static Arbitrary<PluginDefault> rule(boolean forced) {
        return Combinators.combine(Arbitraries.of(RULE_TYPES),
                Arbitraries.maps(Arbitraries.of("p", "q", "region", "opts"), nested()).ofMaxSize(3),
                forced ? Arbitraries.of(true, false) : Arbitraries.just(false)).as(PluginDefault::new);
    }

    @Provide
    Arbitrary<List<PluginDefault>> rules() {
        return rule(false).list().ofMaxSize(2);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.of(NAMESPACES),
                Arbitraries.of("x", "y", "p", "q"), Arbitraries.strings().alpha().ofLength(2).map(s -> (Object) s),
                rule(true).list().ofMaxSize(2)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(8);
    }
}
