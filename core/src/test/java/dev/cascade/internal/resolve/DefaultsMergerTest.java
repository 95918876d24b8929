package dev.cascade.internal.resolve;

import dev.cascade.InvalidDocumentException;
import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.defaults.PropertySource;
import dev.cascade.defaults.TreeData;
import dev.cascade.defaults.ValueOrigin;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.EffectiveNamespace;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DefaultsMerger} as the resolver uses it: defaults pre-merged per type and shared between tasks, with a
 * flow's rules merged on top per flow. Sharing must never let one application's provenance leak into another's.
 */
class DefaultsMergerTest {
    private static final TenantId T = TenantId.DEFAULT;
    private static final NamespaceId A = NamespaceId.of("a");
    private static final String TYPE = "io.x.T";

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static NamespaceContext ctx(List<PluginDefault> rules) {
        return new NamespaceContext(new EffectiveNamespace(T, A, NamespaceStatus.EXISTING, Map.of(),
                new PluginDefaultsChain(List.of(DefaultsLevel.namespace(A, rules))), List.of(), Optional.empty(),
                List.of()), null, 0, 0, ListMerge.REPLACE);
    }

    private static ValueOrigin origin(Map<String, PropertySource> explain, String path) {
        PropertySource s = explain.get(path);
        return s == null ? null : s.origin();
    }

    @Test
    void aFlowsProvenanceDoesNotLeakIntoTheNamespacesSharedDefaults() {
        NamespaceContext c = ctx(List.of(PluginDefault.of(TYPE, map("m", map("x", 1), "n", map("w", 1)))));
        List<PluginDefault> rules = List.of(PluginDefault.of(TYPE, map("m", map("x", 2, "z", 3))));
        DefaultsLevel flow = DefaultsLevel.flow(rules);

        Map<String, PropertySource> before = DefaultsMerger.apply(map("type", TYPE), c::forType).explain();
        assertThat(origin(before, "m.x")).isEqualTo(ValueOrigin.NAMESPACE);

        DefaultsMerger.Applied withFlow = DefaultsMerger.apply(map("type", TYPE), type -> c.forType(type, rules, flow));
        assertThat(withFlow.tree()).isEqualTo(map("type", TYPE, "m", map("x", 2, "z", 3), "n", map("w", 1)));
        Map<String, PropertySource> flowExplain = withFlow.explain();
        assertThat(origin(flowExplain, "m.x")).isEqualTo(ValueOrigin.FLOW);
        assertThat(origin(flowExplain, "m.z")).isEqualTo(ValueOrigin.FLOW);
        assertThat(origin(flowExplain, "n.w")).as("untouched by the flow").isEqualTo(ValueOrigin.NAMESPACE);

        DefaultsMerger.Applied after = DefaultsMerger.apply(map("type", TYPE), c::forType);
        assertThat(after.tree()).isEqualTo(map("type", TYPE, "m", map("x", 1), "n", map("w", 1)));
        assertThat(origin(after.explain(), "m.x")).isEqualTo(ValueOrigin.NAMESPACE);
        assertThat(after.explain()).doesNotContainKey("m.z");
    }

    @Test
    void aFlowAppliedFirstLeavesTheSharedDefaultsUnchangedAtEveryDepth() {
        NamespaceContext c = ctx(List.of(PluginDefault.of(TYPE, map("m", map("n", map("x", 1))))));
        List<PluginDefault> rules = List.of(PluginDefault.of(TYPE, map("m", map("n", map("x", 2)))));
        DefaultsLevel flow = DefaultsLevel.flow(rules);
        for (int i = 0; i < 2; i++) {
            DefaultsMerger.Applied withFlow = DefaultsMerger.apply(map("type", TYPE),
                    type -> c.forType(type, rules, flow));
            assertThat(origin(withFlow.explain(), "m.n.x")).isEqualTo(ValueOrigin.FLOW);
            DefaultsMerger.Applied plain = DefaultsMerger.apply(map("type", TYPE), c::forType);
            assertThat(plain.tree()).isEqualTo(map("type", TYPE, "m", map("n", map("x", 1))));
            assertThat(origin(plain.explain(), "m.n.x")).isEqualTo(ValueOrigin.NAMESPACE);
        }
    }

    @Test
    void aForcedDefaultOverAnInsertedMapDoesNotChangeTheNextTasksProvenance() {
        NamespaceContext c = ctx(List.of(PluginDefault.of(TYPE, map("m", map("x", 1))),
                PluginDefault.forced(TYPE, map("m", map("y", 2)))));
        List<PluginDefault> rules = List.of(PluginDefault.of(TYPE, map("m", map("y", 9))));
        DefaultsLevel flow = DefaultsLevel.flow(rules);
        for (int i = 0; i < 2; i++) {
            DefaultsMerger.Applied applied = DefaultsMerger.apply(map("type", TYPE, "m", map("x", 5)), c::forType);
            assertThat(applied.tree()).isEqualTo(map("type", TYPE, "m", map("x", 5, "y", 2)));
            Map<String, PropertySource> explain = applied.explain();
            assertThat(origin(explain, "m.x")).isEqualTo(ValueOrigin.TASK);
            assertThat(explain.get("m.y").forced()).isTrue();
            DefaultsMerger.Applied inserted = DefaultsMerger.apply(map("type", TYPE),
                    type -> c.forType(type, rules, flow));
            assertThat(inserted.tree()).isEqualTo(map("type", TYPE, "m", map("x", 1, "y", 2)));
            assertThat(origin(inserted.explain(), "m.x")).isEqualTo(ValueOrigin.NAMESPACE);
            assertThat(inserted.explain().get("m.x").forced()).isFalse();
            assertThat(inserted.explain().get("m.y").forced()).isTrue();
        }
    }

    @Test
    void underUnionAFlowsRulesMergeTheirListsAlsoWhenTheNamespaceHasNoDefaults() {
        NamespaceContext c = new NamespaceContext(new EffectiveNamespace(T, A, NamespaceStatus.EXISTING, Map.of(),
                PluginDefaultsChain.EMPTY, List.of(), Optional.empty(), List.of()), null, 0, 0, ListMerge.UNION);
        List<PluginDefault> rules = List.of(PluginDefault.of("io.x", map("l", List.of("a"))),
                PluginDefault.of(TYPE, map("l", List.of("b"))));
        DefaultsMerger.Applied applied = DefaultsMerger.apply(map("type", TYPE),
                type -> c.forType(type, rules, DefaultsLevel.flow(rules)));
        assertThat(applied.tree()).containsEntry("l", List.of("a", "b"));
    }

    @Test
    void aTaskIsAcceptedUpToTheMaximumDepthExactly() {
        assertThat(DefaultsMerger.apply(nested(TreeData.MAX_DEPTH, false), type -> DefaultsMerger.TypeDefaults.NONE)
                .tree()).isEqualTo(nested(TreeData.MAX_DEPTH, false));
        assertThat(DefaultsMerger.apply(nested(TreeData.MAX_DEPTH, true), type -> DefaultsMerger.TypeDefaults.NONE)
                .tree()).isEqualTo(nested(TreeData.MAX_DEPTH, true));
        for (boolean lists : new boolean[] {false, true}) {
            assertThatThrownBy(() -> DefaultsMerger.apply(nested(TreeData.MAX_DEPTH + 1, lists),
                    type -> DefaultsMerger.TypeDefaults.NONE))
                    .isInstanceOf(InvalidDocumentException.class)
                    .hasMessage("Task tree nested deeper than " + TreeData.MAX_DEPTH + " levels");
            // far deeper than any stack: refused the same way, not by overflowing the stack
            assertThatThrownBy(() -> DefaultsMerger.apply(nested(100_000, lists),
                    type -> DefaultsMerger.TypeDefaults.NONE))
                    .isInstanceOf(InvalidDocumentException.class)
                    .hasMessage("Task tree nested deeper than " + TreeData.MAX_DEPTH + " levels");
        }
    }

    @Test
    void defaultsThatMakeTheTreeTooDeepAreRefused() {
        // a typed map 60 levels down gets a default nesting 10 levels more
        NamespaceContext c = ctx(List.of(PluginDefault.of(TYPE, map("d", nested(10, false)))));
        Map<String, Object> task = map("type", TYPE);
        for (int i = 0; i < 60; i++) {
            task = map("k", task);
        }
        Map<String, Object> deep = task;
        assertThatThrownBy(() -> DefaultsMerger.apply(deep, c::forType)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("after applying plugin defaults");
    }

    @Test
    void underUnionListElementsFromDefaultsAreInsertedOnceAndTheTasksOwnStayItsOwn() {
        // T's defaults insert a U task; U's insert a V task; V's and W's set v: inserted tasks get their own
        // defaults once, so the U inserted by T gets its V, and that V gets nothing
        List<PluginDefault> rules = List.of(
                PluginDefault.of("io.x.T", map("tasks", List.of(map("type", "io.x.U")))),
                PluginDefault.forced("io.x.F", map("tasks", List.of(map("type", "io.x.U")))),
                PluginDefault.of("io.x.U", map("sub", map("type", "io.x.V"))),
                PluginDefault.of("io.x.V", map("v", 1)),
                PluginDefault.of("io.x.W", map("sub", map("type", "io.x.V"))));
        NamespaceContext c = new NamespaceContext(new EffectiveNamespace(T, A, NamespaceStatus.EXISTING, Map.of(),
                new PluginDefaultsChain(List.of(DefaultsLevel.namespace(A, rules))), List.of(), Optional.empty(),
                List.of()), null, 0, 0, ListMerge.UNION);
        Map<String, Object> inserted = map("type", "io.x.U", "sub", map("type", "io.x.V"));
        Map<String, Object> own = map("type", "io.x.W", "sub", map("type", "io.x.V", "v", 1));
        for (String type : List.of("io.x.T", "io.x.F")) {
            for (int i = 0; i < 2; i++) { // again: the shared defaults were not changed by the first application
                Map<String, Object> tree = DefaultsMerger.apply(map("type", type,
                        "tasks", List.of(map("type", "io.x.W"))), c::forType).tree();
                assertThat(tree.get("tasks")).as(type).isEqualTo(type.equals("io.x.T")
                        ? List.of(inserted, own) : List.of(own, inserted));
            }
        }
    }

    /** A map whose innermost container, an empty map, is {@code depth} levels below it (through lists or maps). */
    private static Map<String, Object> nested(int depth, boolean lists) {
        Object inner = new LinkedHashMap<String, Object>();
        for (int i = 1; i < depth; i++) {
            inner = lists ? new java.util.ArrayList<>(List.of(inner)) : map("k", inner);
        }
        return map("type", TYPE, "k", inner);
    }

    @Test
    void theExplainViewIsAReadOnlyMapOfEveryLeafPath() {
        NamespaceContext c = ctx(List.of(PluginDefault.of(TYPE, map("d", "default", "e", map()))));
        Map<String, PropertySource> explain = DefaultsMerger.apply(map("type", TYPE, "own", List.of(1, 2),
                "tasks", List.of(map("k", "v"))), c::forType).explain();
        assertThat(explain.containsKey("d")).isTrue();
        assertThat(explain.containsKey("nope")).isFalse();
        assertThat(explain.get("e").origin()).as("an empty map is a leaf").isEqualTo(ValueOrigin.NAMESPACE);
        assertThat(explain.get("own")).as("a list without maps is a leaf").isEqualTo(PropertySource.TASK);
        assertThat(explain.get("tasks[0].k")).isEqualTo(PropertySource.TASK);
        assertThat(explain.keySet()).containsExactly("type", "own", "tasks[0].k", "d", "e");
        assertThat(explain.entrySet()).hasSize(5);
    }
}
