package dev.cascade.defaults;

import dev.cascade.InvalidDocumentException;
import dev.cascade.namespace.NamespaceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginDefaultsChainTest {
    private static final String TYPE = "io.kestra.plugin.aws.s3.Upload";
    private static final NamespaceId A = NamespaceId.of("a");
    private static final NamespaceId AB = NamespaceId.of("a.b");
    private static final NamespaceId ABC = NamespaceId.of("a.b.c");

    private static Map<String, Object> task(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void typeMatchesExactlyOrAtADotBoundary() {
        PluginDefault aws = PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "us-east-1"));
        assertThat(aws.matches("io.kestra.plugin.aws.s3.Upload")).isTrue();
        assertThat(aws.matches("io.kestra.plugin.aws")).isTrue();
        assertThat(aws.matches("io.kestra.plugin.awsx.Foo")).isFalse();
        assertThat(aws.matches("io.kestra.plugin")).isFalse();
        PluginDefaultsChain chain = new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(aws))));
        assertThat(chain.apply(Map.of("type", "io.kestra.plugin.awsx.Foo")).tree()).doesNotContainKey("region");
        assertThat(chain.apply(Map.of("type", TYPE)).tree()).containsEntry("region", "us-east-1");
    }

    @Test
    void withinALevelExactBeatsLongerPrefixBeatsShorterPrefixRegardlessOfOrder() {
        List<PluginDefault> rules = List.of(
                PluginDefault.of(TYPE, Map.of("v", "exact")),
                PluginDefault.of("io.kestra.plugin.aws.s3", Map.of("v", "long", "w", "long")),
                PluginDefault.of("io.kestra", Map.of("v", "short", "w", "short", "z", "short")));
        DefaultsApplication r = new PluginDefaultsChain(List.of(DefaultsLevel.namespace(A, rules))).apply(task());
        assertThat(r.tree()).containsEntry("v", "exact").containsEntry("w", "long").containsEntry("z", "short");
        assertThat(r.explain().get("v").ruleType()).contains(TYPE);
        assertThat(r.explain().get("w").ruleType()).contains("io.kestra.plugin.aws.s3");
    }

    @Test
    void amongRulesOfEqualSpecificityTheFirstDeclaredWins() {
        List<PluginDefault> rules = List.of(
                PluginDefault.of("io.kestra.plugin.aws", Map.of("v", "first", "only1", 1, "m", Map.of("x", 1, "z", "first"))),
                PluginDefault.of("io.kestra.plugin.aws", Map.of("v", "second", "only2", 2, "m", Map.of("y", 2, "z", "second"))));
        DefaultsApplication r = new PluginDefaultsChain(List.of(DefaultsLevel.global(rules))).apply(task());
        assertThat(r.tree()).containsEntry("v", "first").containsEntry("only1", 1).containsEntry("only2", 2)
                .containsEntry("m", Map.of("x", 1, "y", 2, "z", "first"));
        // a trailing-dot prefix has the same specificity as the prefix without it
        List<PluginDefault> dotted = List.of(
                PluginDefault.of("io.kestra.plugin.aws.", Map.of("v", "dotted")),
                PluginDefault.of("io.kestra.plugin.aws", Map.of("v", "plain")));
        assertThat(new PluginDefaultsChain(List.of(DefaultsLevel.global(dotted))).apply(task()).tree())
                .containsEntry("v", "dotted");
        assertThat(new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(dotted.get(1), dotted.get(0)))))
                .apply(task()).tree()).containsEntry("v", "plain");
    }

    @Test
    void equalSpecificityForcedRulesAlsoLetTheFirstDeclaredWin() {
        List<PluginDefault> rules = List.of(
                PluginDefault.forced("io.kestra.plugin.aws", Map.of("v", "first")),
                PluginDefault.forced("io.kestra.plugin.aws", Map.of("v", "second")));
        DefaultsApplication r = new PluginDefaultsChain(List.of(DefaultsLevel.namespace(A, rules))).apply(task("v", "t"));
        assertThat(r.tree()).containsEntry("v", "first");
    }

    @Test
    void aTrailingDotPrefixMeansTheSamePrefix() {
        PluginDefault rule = PluginDefault.of("io.kestra.plugin.aws.", Map.of("region", "eu"));
        assertThat(rule.type()).isEqualTo("io.kestra.plugin.aws");
        assertThat(rule.specificity()).isEqualTo("io.kestra.plugin.aws".length());
        assertThat(rule.matches(TYPE)).isTrue();
        assertThat(rule.matches("io.kestra.plugin.aws")).isTrue();
        assertThat(rule.matches("io.kestra.plugin.awsx.Foo")).isFalse();
        assertThat(rule.matches("io.kestra.plugin")).isFalse();
        DefaultsApplication r = new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(rule)))).apply(task());
        assertThat(r.tree()).containsEntry("region", "eu");
        assertThat(r.explain().get("region").ruleType()).contains("io.kestra.plugin.aws");
        assertThatThrownBy(() -> PluginDefault.of("io.kestra..", Map.of())).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> PluginDefault.of(".", Map.of())).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void listMergeUnionKeepsTheLowerElementsThenAddsTheHigherOnesNotThere() {
        List<DefaultsLevel> levels = List.of(
                DefaultsLevel.global(List.of(PluginDefault.of("io.kestra", Map.of("tags", List.of("g", "shared"))))),
                DefaultsLevel.namespace(A, List.of(PluginDefault.of("io.kestra.plugin", Map.of("tags", List.of("a", "shared"),
                        "only", List.of("a"))))),
                DefaultsLevel.namespace(AB, List.of(PluginDefault.forced("io.kestra.plugin.aws", Map.of("forced", List.of("f"))))));
        PluginDefaultsChain chain = new PluginDefaultsChain(levels);
        Map<String, Object> t = task("tags", List.of("t", "g"), "forced", List.of("t"));
        DefaultsApplication union = chain.apply(t, ListMerge.UNION);
        assertThat(union.tree()).containsEntry("tags", List.of("g", "shared", "a", "t"))
                .containsEntry("only", List.of("a")).containsEntry("forced", List.of("t", "f"));
        assertThat(union.explain().get("tags")).isEqualTo(PropertySource.TASK);
        assertThat(union.explain().get("forced").forced()).isTrue();
        DefaultsApplication replace = chain.apply(t);
        assertThat(replace.tree()).containsEntry("tags", List.of("t", "g")).containsEntry("forced", List.of("f"));
    }

    @Test
    void mapsDeepMergeListsAndScalarsReplacedNullUnset() {
        PluginDefault rule = PluginDefault.of("io.kestra", Map.of(
                "options", Map.of("retries", 3, "timeout", "PT1M", "nested", Map.of("a", 1)),
                "tags", List.of("x", "y"), "region", "eu", "password", "default-pw"));
        Map<String, Object> options = new HashMap<>();
        options.put("timeout", "PT5M");
        options.put("nested", Map.of("b", 2));
        Map<String, Object> t = task("options", options, "tags", List.of("z"), "password", null, "extra", null);
        DefaultsApplication r = new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(rule)))).apply(t);
        assertThat(r.tree().get("options")).isEqualTo(Map.of("retries", 3, "timeout", "PT5M",
                "nested", Map.of("a", 1, "b", 2)));
        assertThat(r.tree()).containsEntry("tags", List.of("z")).containsEntry("region", "eu")
                .containsEntry("password", "default-pw").doesNotContainKey("extra");
        assertThat(r.explain().get("options.retries").origin()).isEqualTo(ValueOrigin.GLOBAL);
        assertThat(r.explain().get("options.timeout")).isEqualTo(PropertySource.TASK);
        assertThat(r.explain().get("options.nested.a").origin()).isEqualTo(ValueOrigin.GLOBAL);
        assertThat(r.explain().get("options.nested.b")).isEqualTo(PropertySource.TASK);
        assertThat(r.explain().get("tags")).isEqualTo(PropertySource.TASK);
        assertThat(r.explain().get("password").origin()).isEqualTo(ValueOrigin.GLOBAL);
        // the input is not modified
        assertThat(t).containsEntry("password", null);
        assertThat(options).doesNotContainKey("retries");
    }

    /** Levels as the chain orders them: global, a, a.b, a.b.c, flow. */
    private static PluginDefaultsChain chain(Map<String, Object> g, Map<String, Object> a, Map<String, Object> ab,
                                             Map<String, Object> abc, Map<String, Object> flow, boolean forced) {
        List<DefaultsLevel> levels = new ArrayList<>();
        levels.add(DefaultsLevel.global(g == null ? List.of() : List.of(new PluginDefault("io.kestra.plugin.aws", g, forced))));
        levels.add(DefaultsLevel.namespace(A, a == null ? List.of() : List.of(new PluginDefault("io.kestra.plugin.aws", a, forced))));
        levels.add(DefaultsLevel.namespace(AB, ab == null ? List.of() : List.of(new PluginDefault("io.kestra.plugin.aws", ab, forced))));
        levels.add(DefaultsLevel.namespace(ABC, abc == null ? List.of() : List.of(new PluginDefault("io.kestra.plugin.aws", abc, forced))));
        levels.add(DefaultsLevel.flow(flow == null ? List.of() : List.of(PluginDefault.of("io.kestra.plugin.aws", flow))));
        return new PluginDefaultsChain(levels);
    }

    private static Map<String, Object> v(String value) {
        return value == null ? null : Map.of("p", value);
    }

    /**
     * Non-forced precedence: which of global (G), a (A), a.b (B), a.b.c (C), flow (F), task (T) supplies
     * property p when the marked levels set it. Highest precedence present wins: T > F > C > B > A > G.
     */
    @ParameterizedTest(name = "set at {0} -> {1}")
    @CsvSource({
            "G, G", "GA, A", "GAB, B", "GABC, C", "GABCF, F", "GABCFT, T",
            "A, A", "AC, C", "GC, C", "GF, F", "BT, T", "GT, T", "CF, F", "AB, B", "F, F", "T, T"})
    void nonForcedPrecedenceTable(String setAt, String winner) {
        PluginDefaultsChain chain = chain(setAt.contains("G") ? v("G") : null, setAt.contains("A") ? v("A") : null,
                setAt.contains("B") ? v("B") : null, setAt.contains("C") ? v("C") : null,
                setAt.contains("F") ? v("F") : null, false);
        DefaultsApplication r = chain.apply(setAt.contains("T") ? task("p", "T") : task());
        assertThat(r.tree()).containsEntry("p", winner);
        assertThat(r.explain().get("p").origin()).isEqualTo(switch (winner) {
            case "G" -> ValueOrigin.GLOBAL;
            case "F" -> ValueOrigin.FLOW;
            case "T" -> ValueOrigin.TASK;
            default -> ValueOrigin.NAMESPACE;
        });
        if (winner.equals("A") || winner.equals("B") || winner.equals("C")) {
            assertThat(r.explain().get("p").namespace()).contains(switch (winner) {
                case "A" -> A;
                case "B" -> AB;
                default -> ABC;
            });
        }
    }

    /**
     * Forced precedence: forced rules override the task (and the flow); between forced rules the
     * administrator wins: G > A > B > C.
     */
    @ParameterizedTest(name = "forced at {0} -> {1}")
    @CsvSource({
            "G, G", "GA, G", "GABC, G", "ABC, A", "BC, B", "C, C", "AC, A", "GC, G", "B, B"})
    void forcedPrecedenceTable(String forcedAt, String winner) {
        PluginDefaultsChain chain = chain(forcedAt.contains("G") ? v("G") : null, forcedAt.contains("A") ? v("A") : null,
                forcedAt.contains("B") ? v("B") : null, forcedAt.contains("C") ? v("C") : null, v("F"), true);
        DefaultsApplication r = chain.apply(task("p", "T"));
        assertThat(r.tree()).containsEntry("p", winner);
        assertThat(r.explain().get("p").forced()).isTrue();
    }

    @Test
    void forcedAndNonForcedMix() {
        List<DefaultsLevel> levels = List.of(
                DefaultsLevel.global(List.of(PluginDefault.of("io.kestra", Map.of("x", "g", "y", "g")))),
                DefaultsLevel.namespace(A, List.of(PluginDefault.forced("io.kestra.plugin.aws", Map.of("y", "a-forced",
                        "m", Map.of("k", "forced"))))),
                DefaultsLevel.namespace(AB, List.of(PluginDefault.of(TYPE, Map.of("x", "ab")))));
        DefaultsApplication r = new PluginDefaultsChain(levels).apply(task("y", "task", "x", "task",
                "m", Map.of("k", "task", "other", "task")));
        assertThat(r.tree()).containsEntry("x", "task").containsEntry("y", "a-forced")
                .containsEntry("m", Map.of("k", "forced", "other", "task"));
        assertThat(r.explain().get("m.k").toString()).isEqualTo("NAMESPACE a (io.kestra.plugin.aws, forced)");
        assertThat(r.explain().get("m.other").toString()).isEqualTo("TASK");
    }

    @Test
    void forcedRuleAtFlowLevelIsRefused() {
        assertThatThrownBy(() -> DefaultsLevel.flow(List.of(PluginDefault.forced("io.kestra", Map.of("a", 1)))))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("forced").hasMessageContaining("flow");
    }

    @Test
    void appliesToEveryMapWithATypeKey() {
        PluginDefaultsChain chain = new PluginDefaultsChain(List.of(DefaultsLevel.namespace(A, List.of(
                PluginDefault.of("io.kestra.plugin.core.flow", Map.of("flowOpt", 1)),
                PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "us-east-1")),
                PluginDefault.of("io.kestra.plugin.scripts.runner", Map.of("image", "python:3")),
                PluginDefault.of("io.kestra.plugin.core.trigger", Map.of("cron", "@daily"))))));
        Map<String, Object> flowTask = Map.of("type", "io.kestra.plugin.core.flow.Sequential",
                "tasks", List.of(Map.of("id", "up", "type", TYPE),
                        Map.of("id", "py", "type", "io.kestra.plugin.scripts.python.Script",
                                "taskRunner", Map.of("type", "io.kestra.plugin.scripts.runner.docker.Docker"))),
                "triggers", List.of(Map.of("type", "io.kestra.plugin.core.trigger.Schedule")));
        DefaultsApplication r = chain.apply(flowTask);
        assertThat(r.tree()).containsEntry("flowOpt", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) r.tree().get("tasks");
        assertThat(tasks.get(0)).containsEntry("region", "us-east-1");
        assertThat(tasks.get(1)).doesNotContainKey("region");
        assertThat(tasks.get(1).get("taskRunner")).isEqualTo(Map.of("type",
                "io.kestra.plugin.scripts.runner.docker.Docker", "image", "python:3"));
        assertThat(r.explain()).containsKeys("tasks[0].region", "tasks[1].taskRunner.image", "triggers[0].cron",
                "tasks[0].id", "flowOpt");
        assertThat(r.explain().get("tasks[0].region").namespace()).contains(A);
        assertThat(r.explain().get("tasks[1].taskRunner.image").ruleType()).contains("io.kestra.plugin.scripts.runner");
        assertThat(r.explain().get("tasks[0].id")).isEqualTo(PropertySource.TASK);
    }

    @Test
    void nestedTaskSuppliedByADefaultGetsItsOwnDefaults() {
        PluginDefaultsChain chain = new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(
                PluginDefault.of("io.kestra.plugin.scripts.shell", Map.of("taskRunner",
                        Map.of("type", "io.kestra.plugin.scripts.runner.docker.Docker"))),
                PluginDefault.of("io.kestra.plugin.scripts.runner", Map.of("image", "ubuntu"))))));
        DefaultsApplication r = chain.apply(Map.of("type", "io.kestra.plugin.scripts.shell.Commands"));
        assertThat(r.tree().get("taskRunner")).isEqualTo(Map.of("type",
                "io.kestra.plugin.scripts.runner.docker.Docker", "image", "ubuntu"));
        assertThat(r.explain().get("taskRunner.type").ruleType()).contains("io.kestra.plugin.scripts.shell");
        assertThat(r.explain().get("taskRunner.image").ruleType()).contains("io.kestra.plugin.scripts.runner");
    }

    @Test
    void aRuleInsertingATaskItMatchesAppliesOnceInsteadOfLooping() {
        PluginDefaultsChain chain = new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(
                PluginDefault.of("io.kestra.plugin.scripts", Map.of("image", "base", "taskRunner",
                        Map.of("type", "io.kestra.plugin.scripts.runner.docker.Docker")))))));
        DefaultsApplication r = chain.apply(Map.of("type", "io.kestra.plugin.scripts.shell.Commands"));
        // the root gets the rule; the inserted runner gets it once (its image); what that inserts gets nothing
        Map<String, Object> runner = Map.of("type", "io.kestra.plugin.scripts.runner.docker.Docker", "image", "base",
                "taskRunner", Map.of("type", "io.kestra.plugin.scripts.runner.docker.Docker"));
        assertThat(r.tree()).isEqualTo(Map.of("type", "io.kestra.plugin.scripts.shell.Commands", "image", "base",
                "taskRunner", runner));
        assertThat(r.explain().get("taskRunner.image").ruleType()).contains("io.kestra.plugin.scripts");
        assertThat(r.explain().get("taskRunner.taskRunner.type").ruleType()).contains("io.kestra.plugin.scripts");
    }

    @Test
    void theTasksOwnNestedTypedMapsGetDefaultsAtEveryDepthButInsertedOnesOnlyOnce() {
        PluginDefaultsChain chain = new PluginDefaultsChain(List.of(DefaultsLevel.global(List.of(
                PluginDefault.of("io.kestra.plugin.core.flow", Map.of("tasks", List.of(
                        Map.of("type", "io.kestra.plugin.core.flow.Sequential"))))))));
        Map<String, Object> leaf = Map.of("type", "io.kestra.plugin.core.flow.Sequential", "tasks", List.of());
        Map<String, Object> own = Map.of("type", "io.kestra.plugin.core.flow.Sequential", "tasks", List.of(
                Map.of("type", "io.kestra.plugin.core.flow.Parallel", "tasks", List.of(
                        Map.of("type", "io.kestra.plugin.core.flow.Sequential", "other", 1)))));
        DefaultsApplication r = chain.apply(own);
        @SuppressWarnings("unchecked")
        Map<String, Object> deepest = (Map<String, Object>) ((List<?>) ((Map<?, ?>) ((List<?>) r.tree().get("tasks"))
                .get(0)).get("tasks")).get(0);
        // the own task three levels down gets the rule: an inserted Sequential, which gets the rule once more
        // (an inserted map gets its defaults once), and what that inserts stays as inserted
        assertThat(deepest.get("tasks")).isEqualTo(List.of(Map.of("type", "io.kestra.plugin.core.flow.Sequential",
                "tasks", List.of(Map.of("type", "io.kestra.plugin.core.flow.Sequential")))));
        assertThat(leaf).containsKey("tasks");
        assertThat(chain.apply(leaf).tree()).isEqualTo(leaf);
    }
}
