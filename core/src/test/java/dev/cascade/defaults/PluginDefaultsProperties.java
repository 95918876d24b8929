package dev.cascade.defaults;

import dev.cascade.namespace.NamespaceId;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Merge laws of plugin defaults over generated rules and tasks. */
class PluginDefaultsProperties {
    private static final String TYPE = "io.kestra.plugin.aws.s3.Upload";
    private static final List<String> RULE_TYPES = List.of("io", "io.kestra", "io.kestra.plugin.aws",
            "io.kestra.plugin.aws.s3", TYPE, "io.kestra.plugin.awsx", "io.kestra.plugin.git");

    @Property(tries = 300)
    void taskValuesBeatEveryNonForcedDefault(@ForAll("levels") List<DefaultsLevel> levels,
                                             @ForAll("flatValues") Map<String, Object> task) {
        Map<String, Object> t = new LinkedHashMap<>(task);
        t.put("type", TYPE);
        DefaultsApplication r = new PluginDefaultsChain(nonForced(levels)).apply(t);
        t.forEach((k, v) -> {
            assertThat(r.tree()).containsEntry(k, v);
            assertThat(r.explain().get(k)).isEqualTo(PropertySource.TASK);
        });
    }

    @Property(tries = 300)
    void forcedValuesAlwaysReachTheResultAndGlobalForcedWinsOverAll(@ForAll("levels") List<DefaultsLevel> levels,
                                                                     @ForAll("flatValues") Map<String, Object> task) {
        Map<String, Object> t = new LinkedHashMap<>(task);
        t.put("type", TYPE);
        DefaultsApplication r = new PluginDefaultsChain(levels).apply(t);
        // exact global forced rules are the last word for their keys; among rules of equal specificity the
        // first declared wins
        Map<String, Object> expected = new LinkedHashMap<>();
        for (PluginDefault rule : levels.get(0).rules()) {
            if (rule.forced() && rule.type().equals(TYPE)) {
                rule.values().forEach(expected::putIfAbsent);
            }
        }
        expected.forEach((k, v) -> assertThat(r.tree()).containsEntry(k, v));
        r.explain().forEach((path, source) -> {
            if (source.forced()) {
                assertThat(source.origin()).isIn(ValueOrigin.GLOBAL, ValueOrigin.NAMESPACE);
            }
        });
    }

    @Property(tries = 200)
    void rulesThatDoNotMatchChangeNothing(@ForAll("flatValues") Map<String, Object> task,
                                          @ForAll("flatValues") Map<String, Object> values) {
        Map<String, Object> t = new LinkedHashMap<>(task);
        t.put("type", TYPE);
        PluginDefaultsChain chain = new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(
                PluginDefault.forced("io.kestra.plugin.awsx", values), PluginDefault.of("io.kestra.plugin.aw", values)))));
        assertThat(chain.apply(t).tree()).isEqualTo(t);
    }

    @Property(tries = 200)
    void applyingIsDeterministicAndLeavesTheInputAlone(@ForAll("levels") List<DefaultsLevel> levels,
                                                        @ForAll("flatValues") Map<String, Object> task) {
        Map<String, Object> t = new LinkedHashMap<>(task);
        t.put("type", TYPE);
        Map<String, Object> before = new LinkedHashMap<>(t);
        PluginDefaultsChain chain = new PluginDefaultsChain(levels);
        assertThat(chain.apply(t)).isEqualTo(chain.apply(t));
        assertThat(t).isEqualTo(before);
    }

    @SuppressWarnings("unchecked")
    @Property(tries = 200)
    void underUnionEveryElementOfTheWinningListReachesTheResult(@ForAll("levels") List<DefaultsLevel> levels,
                                                               @ForAll("flatValues") Map<String, Object> task) {
        Map<String, Object> t = new LinkedHashMap<>(task);
        t.put("type", TYPE);
        DefaultsApplication union = new PluginDefaultsChain(nonForced(levels)).apply(t, ListMerge.UNION);
        DefaultsApplication replace = new PluginDefaultsChain(nonForced(levels)).apply(t);
        replace.tree().forEach((k, v) -> {
            Object u = union.tree().get(k);
            if (v instanceof List<?> l) {
                assertThat(u).isInstanceOf(List.class);
                assertThat((List<Object>) u).containsAll((List<Object>) l);
            } else {
                assertThat(u).isEqualTo(v);
            }
        });
        assertThat(union.tree().keySet()).isEqualTo(replace.tree().keySet());
    }

    @Property(tries = 200)
    void rulesInsertingTypedMapsApplyToThemOnceAndTerminate(@ForAll("flatValues") Map<String, Object> values,
                                                            @ForAll boolean forced, @ForAll boolean nested) {
        Map<String, Object> child = new LinkedHashMap<>(values);
        child.put("type", TYPE);
        Map<String, Object> inserted = nested ? Map.of("runner", child) : child;
        PluginDefaultsChain chain = new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(
                new PluginDefault("io.kestra", Map.of("child", inserted), forced)))));
        Map<String, Object> tree = chain.apply(Map.of("type", TYPE)).tree();
        Map<?, ?> first = (Map<?, ?>) tree.get("child");
        Map<?, ?> firstTask = nested ? (Map<?, ?>) first.get("runner") : first;
        // the inserted typed map got the rule once: its own child is the plain insertion, with no child of its own
        Map<?, ?> second = (Map<?, ?>) firstTask.get("child");
        Map<?, ?> secondTask = nested ? (Map<?, ?>) second.get("runner") : second;
        assertThat(secondTask).isEqualTo(child);
        assertThat(secondTask.containsKey("child")).isFalse();
    }

    private static List<DefaultsLevel> nonForced(List<DefaultsLevel> levels) {
        List<DefaultsLevel> result = new ArrayList<>();
        for (DefaultsLevel l : levels) {
            List<PluginDefault> rules = new ArrayList<>();
            l.rules().forEach(r -> rules.add(PluginDefault.of(r.type(), r.values())));
            result.add(new DefaultsLevel(l.origin(), l.namespace(), rules));
        }
        return result;
    }

    @Provide
    Arbitrary<Map<String, Object>> flatValues() {
        return Arbitraries.maps(Arbitraries.of("p", "q", "r", "s", "region"),
                Arbitraries.oneOf(Arbitraries.strings().alpha().ofLength(3).map(s -> (Object) s),
                        Arbitraries.integers().between(0, 9).map(i -> (Object) i),
                        Arbitraries.of("x", "y").list().ofMaxSize(2).map(l -> (Object) l)))
                .ofMaxSize(4);
    }

    private Arbitrary<PluginDefault> rule(boolean allowForced) {
        return Combinators.combine(Arbitraries.of(RULE_TYPES), flatValues(),
                        allowForced ? Arbitraries.of(true, false) : Arbitraries.just(false))
                .as(PluginDefault::new);
    }

    @Provide
    Arbitrary<List<DefaultsLevel>> levels() {
        return Combinators.combine(rule(true).list().ofMaxSize(3), rule(true).list().ofMaxSize(3),
                rule(true).list().ofMaxSize(3), rule(false).list().ofMaxSize(3)).as((g, a, ab, flow) -> List.of(
                DefaultsLevel.global(g), DefaultsLevel.namespace(NamespaceId.of("a"), a),
                DefaultsLevel.namespace(NamespaceId.of("a.b"), ab), DefaultsLevel.flow(flow)));
    }
}
