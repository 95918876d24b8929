package dev.cascade.defaults;

import dev.cascade.namespace.NamespaceId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin defaults against a straightforward model written from docs/semantics.md ("Plugin defaults"), not from
 * the merger: levels global, {@code a}, {@code a.b}, {@code a.b.c} and the flow; nested maps, lists, nulls in
 * the task, and nested typed tasks (a {@code tasks} list and a {@code runner}) that get their own defaults.
 *
 * <p>Generated default values never hold typed maps or the keys under which the task keeps its nested typed
 * maps, so the model does not have to choose an order the document leaves open (whether a parent's default
 * merges into a nested task before or after that task's own defaults).
 */
class PluginDefaultsModelProperties {
    static final String UPLOAD = "io.kestra.plugin.aws.s3.Upload";
    static final String DOCKER = "io.kestra.plugin.scripts.runner.Docker";
    static final String LOG = "io.kestra.plugin.core.log.Log";
    static final List<String> RULE_TYPES = List.of("io", "io.kestra", "io.kestra.plugin", "io.kestra.plugin.aws",
            "io.kestra.plugin.aws.s3", UPLOAD, "io.kestra.plugin.awsx", "io.kestra.plugin.aws.s", "io.kestra.plugin.scripts",
            DOCKER, LOG, "io.kestra.plugin.core");

    // ---- the model ----

    /** Applies the levels (lowest precedence first) to a task tree, as docs/semantics.md describes it. */
    static Map<String, Object> model(List<DefaultsLevel> levels, Map<String, Object> task) {
        String type = (String) task.get("type");
        Map<String, Object> own = withoutNulls(task); // null means "not set"
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (DefaultsLevel level : levels) { // a higher level wins over a lower one
            for (PluginDefault rule : winnerLast(level, type, false)) {
                defaults = deepMerge(defaults, rule.values());
            }
        }
        Map<String, Object> result = deepMerge(defaults, own); // the task's own values beat every non-forced default
        Map<String, Object> forced = new LinkedHashMap<>();
        for (int i = levels.size() - 1; i >= 0; i--) { // the administrator wins: closest first, global last
            for (PluginDefault rule : winnerLast(levels.get(i), type, true)) {
                forced = deepMerge(forced, rule.values());
            }
        }
        result = deepMerge(result, forced); // forced values override the task's own
        Map<String, Object> out = new LinkedHashMap<>();
        result.forEach((k, v) -> out.put(k, k.equals("type") ? v : nested(levels, v)));
        return out;
    }

    /** Every map in the task's own tree with a type gets its defaults: nested tasks, task runners. */
    private static Object nested(List<DefaultsLevel> levels, Object value) {
        if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            if (map.get("type") instanceof String) {
                return model(levels, map);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, nested(levels, v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(nested(levels, e)));
            return out;
        }
        return value;
    }

    /**
     * The rules of one level that match {@code type}, in the order in which merging them one over the other
     * lets the right one win: a shorter prefix first, then a longer prefix, then the exact type; among rules of
     * equal specificity the first declared wins, so it comes last.
     */
    private static List<PluginDefault> winnerLast(DefaultsLevel level, String type, boolean forced) {
        List<PluginDefault> matching = new ArrayList<>();
        for (PluginDefault rule : level.rules()) {
            boolean matches = type.equals(rule.type()) || type.startsWith(rule.type() + ".");
            if (matches && rule.forced() == forced) {
                matching.add(rule);
            }
        }
        List<PluginDefault> ordered = new ArrayList<>();
        for (int length = 0; length <= type.length(); length++) {
            for (int i = matching.size() - 1; i >= 0; i--) { // later declared first: the first declared is merged last
                if (matching.get(i).type().length() == length) {
                    ordered.add(matching.get(i));
                }
            }
        }
        return ordered;
    }

    /** Maps merge key by key; lists and scalars are replaced whole; {@code over} wins. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            Object b = out.get(k);
            if (b instanceof Map<?, ?> bm && v instanceof Map<?, ?> vm) {
                out.put(k, deepMerge((Map<String, Object>) bm, (Map<String, Object>) vm));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                out.put(k, withoutNulls((Map<String, Object>) m));
            } else if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    // ---- the properties ----

    @Tag("slow")
    @Property(tries = 400)
    void theMergerAgreesWithTheModel(@ForAll("levels") List<DefaultsLevel> levels, @ForAll("tasks") Map<String, Object> task) {
        Map<String, Object> actual = new PluginDefaultsChain(levels).apply(task).tree();
        assertThat(actual).as("task %s with levels %s", task, levels).isEqualTo(model(levels, task));
    }

    /** docs/semantics.md's own example: same specificity, declared later, loses. */
    @Example
    void amongRulesOfEqualSpecificityTheFirstDeclaredWins() {
        DefaultsLevel level = DefaultsLevel.namespace(NamespaceId.of("a"), List.of(
                PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "us-east-1", "timeout", 30)),
                PluginDefault.of("io.kestra.plugin.aws.s3", Map.of("region", "eu-west-1")),
                PluginDefault.of("io.kestra.plugin.aws.s3", Map.of("region", "ap-south-1"))));
        Map<String, Object> tree = new PluginDefaultsChain(List.of(level)).apply(Map.of("type", UPLOAD)).tree();
        assertThat(tree).containsEntry("region", "eu-west-1").containsEntry("timeout", 30);
    }

    // ---- generators ----

    private static Arbitrary<Object> scalar() {
        return Arbitraries.oneOf(Arbitraries.of("s1", "s2", "{{ namespace.x }}").map(s -> (Object) s),
                Arbitraries.integers().between(0, 3).map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b));
    }

    private static Arbitrary<Object> list() {
        return scalar().list().ofMaxSize(2).map(l -> (Object) l);
    }

    /** A small untyped map, up to two levels deep, optionally with nulls. */
    private static Arbitrary<Object> untyped(int depth, boolean nulls) {
        Arbitrary<Object> value = depth == 0 ? Arbitraries.oneOf(scalar(), list())
                : Arbitraries.oneOf(scalar(), list(), untyped(depth - 1, nulls));
        if (nulls) {
            value = Arbitraries.oneOf(value, Arbitraries.just(null));
        }
        return Arbitraries.maps(Arbitraries.of("x", "y", "z"), value).ofMaxSize(3).map(m -> (Object) m);
    }

    /** Values a default or a task sets: p, q, region (scalars or lists) and opts (a nested map). */
    private static Arbitrary<Map<String, Object>> values(boolean nulls) {
        Arbitrary<Object> flat = Arbitraries.oneOf(scalar(), list());
        if (nulls) {
            flat = Arbitraries.oneOf(flat, Arbitraries.just(null));
        }
        Arbitrary<Object> opts = nulls ? Arbitraries.oneOf(untyped(2, true), Arbitraries.just(null)) : untyped(2, false);
        return Combinators.combine(Arbitraries.maps(Arbitraries.of("p", "q", "region"), flat).ofMaxSize(3),
                opts.optional()).as((m, o) -> {
                    Map<String, Object> out = new LinkedHashMap<>(m);
                    o.ifPresent(v -> out.put("opts", v));
                    return out;
                });
    }

    private static Arbitrary<PluginDefault> rule(boolean mayBeForced) {
        return Combinators.combine(Arbitraries.of(RULE_TYPES), values(false),
                mayBeForced ? Arbitraries.of(false, false, true) : Arbitraries.just(false)).as(PluginDefault::new);
    }

    @Provide
    Arbitrary<List<DefaultsLevel>> levels() {
        Arbitrary<List<PluginDefault>> rules = rule(true).list().ofMaxSize(4);
        return Combinators.combine(rules, rules, rules, rules, rule(false).list().ofMaxSize(3))
                .as((global, a, ab, abc, flow) -> List.of(DefaultsLevel.global(global),
                        DefaultsLevel.namespace(NamespaceId.of("a"), a), DefaultsLevel.namespace(NamespaceId.of("a.b"), ab),
                        DefaultsLevel.namespace(NamespaceId.of("a.b.c"), abc), DefaultsLevel.flow(flow)));
    }

    private static Arbitrary<Map<String, Object>> typed(String type) {
        return values(true).map(v -> {
            Map<String, Object> m = new LinkedHashMap<>(v);
            m.put("type", type);
            return m;
        });
    }

    @Provide
    Arbitrary<Map<String, Object>> tasks() {
        Arbitrary<Map<String, Object>> inner = Arbitraries.oneOf(typed(LOG), typed(DOCKER), typed(UPLOAD));
        return Combinators.combine(typed(UPLOAD), inner.list().ofMaxSize(2).optional(), typed(DOCKER).optional())
                .as((top, nestedTasks, runner) -> {
                    Map<String, Object> t = new LinkedHashMap<>(top);
                    nestedTasks.ifPresent(l -> t.put("tasks", new ArrayList<Object>(l)));
                    runner.ifPresent(r -> t.put("runner", r));
                    return t;
                });
    }

    @Example
    void theModelsOwnMergeReplacesListsAndMergesMaps() {
        Map<String, Object> merged = deepMerge(Map.of("l", List.of(1, 2), "m", Map.of("a", 1, "b", 2)),
                Map.of("l", List.of(3), "m", Map.of("b", 3)));
        assertThat(merged).isEqualTo(Map.of("l", List.of(3), "m", Map.of("a", 1, "b", 3)));
        assertThat(withoutNulls(new LinkedHashMap<>(Map.of("k", "v")))).isEqualTo(Map.of("k", "v"));
        assertThat(Arrays.asList(1, null)).hasSize(2);
    }
}
