package dev.cascade.internal.resolve;

import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.internal.template.TemplateEngine;
import dev.cascade.internal.template.TemplateLimits;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.EffectiveNamespace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PlanCache}: a plan is built once per (context, flow rules, task content, key order included) and
 * served only for exactly that — through the identity front for the same map, through the content cache for
 * an equal one — and invalidations drop the plans they cover.
 */
class PlanCacheTest {
    private static final TenantId T = TenantId.DEFAULT;
    private static final TemplateEngine ENGINE = new TemplateEngine(TemplateLimits.DEFAULTS, true);
    private static final PluginDefault R1 = PluginDefault.of("io.x.T", Map.of("a", "1"));
    private static final PluginDefault R2 = PluginDefault.of("io.x.T", Map.of("a", "2"));

    private final List<Map<String, Object>> builtFrom = new ArrayList<>();
    private final List<List<PluginDefault>> builtWith = new ArrayList<>();
    private final PlanCache.PlanBuilder builder = (ctx, snapshot, rules) -> {
        builtFrom.add(snapshot);
        builtWith.add(rules);
        return TaskPlan.build(ctx, snapshot, ctx::forType, ENGINE);
    };
    private final PlanCache cache = new PlanCache(100);

    private static NamespaceContext ctx(TenantId tenant, String namespace) {
        return new NamespaceContext(new EffectiveNamespace(tenant, NamespaceId.of(namespace), NamespaceStatus.PLACEHOLDER,
                Map.of(), PluginDefaultsChain.EMPTY, List.of(), Optional.empty(), List.of()), null, 0, 0, ListMerge.REPLACE);
    }

    private static Map<String, Object> task(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private TaskPlan get(NamespaceContext ctx, Map<String, Object> task) {
        return cache.get(ctx, task, List.of(), builder);
    }

    @Test
    void theSameMapIsServedByTheFrontAnEqualOneByContent() {
        NamespaceContext c = ctx(T, "a");
        Map<String, Object> t = task("type", "io.x.T", "v", "x");
        TaskPlan p = get(c, t);
        assertThat(p.context()).isSameAs(c);
        assertThat(builtFrom).singleElement().isEqualTo(t).isNotSameAs(t); // built from a snapshot
        assertThat(cache.frontHits()).isZero();
        assertThat(get(c, t)).isSameAs(p);
        assertThat(cache.frontHits()).isEqualTo(1);
        assertThat(get(c, task("type", "io.x.T", "v", "x"))).isSameAs(p);
        assertThat(cache.frontHits()).isEqualTo(1);
        assertThat(builtFrom).hasSize(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aMapChangedByItsHostGetsAPlanForWhatItHoldsNow() {
        NamespaceContext c = ctx(T, "a");
        Map<String, Object> t = task("type", "io.x.T", "v", new ArrayList<>(List.of("x")));
        TaskPlan first = get(c, t);
        @SuppressWarnings("unchecked")
        List<Object> nested = (List<Object>) t.get("v");
        nested.add("y");
        TaskPlan second = get(c, t);
        assertThat(second).isNotSameAs(first);
        assertThat(builtFrom).hasSize(2);
        assertThat(builtFrom.get(0).get("v")).isEqualTo(List.of("x")); // the snapshot did not follow the host
        assertThat(builtFrom.get(1).get("v")).isEqualTo(List.of("x", "y"));
        // the same content in another key order is another task
        Map<String, Object> reordered = task("v", List.of("x", "y"), "type", "io.x.T");
        TaskPlan third = get(c, reordered);
        assertThat(third).isNotSameAs(second);
        assertThat(builtFrom.get(2).keySet()).containsExactly("v", "type");
        // the first content is still cached
        assertThat(get(c, task("type", "io.x.T", "v", List.of("x")))).isSameAs(first);
        assertThat(builtFrom).hasSize(3);
    }

    @Test
    void aPlanIsServedOnlyForItsOwnContextAlsoWhenTheFrontSlotIsShared() {
        Map<String, Object> t = task("type", "io.x.T");
        // two contexts whose front slot for t is the same (the front has 512 slots: 513 contexts always hold two)
        Map<Integer, NamespaceContext> bySlot = new HashMap<>();
        NamespaceContext first = null;
        NamespaceContext second = null;
        for (int i = 0; i <= 512 && second == null; i++) {
            NamespaceContext c = ctx(T, "n" + i);
            int slot = (System.identityHashCode(t) * 31 + System.identityHashCode(c)) & 511;
            NamespaceContext earlier = bySlot.putIfAbsent(slot, c);
            if (earlier != null) {
                first = earlier;
                second = c;
            }
        }
        assertThat(second).isNotNull();
        TaskPlan p1 = get(first, t);
        TaskPlan p2 = get(second, t);
        assertThat(p1.context()).isSameAs(first);
        assertThat(p2.context()).isSameAs(second);
        assertThat(get(first, t)).isSameAs(p1);
        assertThat(get(second, t)).isSameAs(p2);
        assertThat(builtFrom).hasSize(2);
        assertThat(cache.frontHits()).isZero(); // each call replaced the other's front entry
    }

    @Test
    void flowRulesArePartOfTheKeyAndAModifiableListIsComparedByContent() {
        NamespaceContext c = ctx(T, "a");
        Map<String, Object> t = task("type", "io.x.T");
        List<PluginDefault> r1 = List.of(R1);
        TaskPlan withR1 = cache.get(c, t, r1, builder);
        assertThat(builtWith.get(0)).isEqualTo(r1);
        assertThat(cache.get(c, t, r1, builder)).isSameAs(withR1);
        assertThat(cache.frontHits()).isEqualTo(1);
        TaskPlan withR2 = cache.get(c, t, List.of(R2), builder);
        assertThat(withR2).isNotSameAs(withR1);
        TaskPlan none = cache.get(c, t, List.of(), builder);
        assertThat(none).isNotSameAs(withR1).isNotSameAs(withR2);
        assertThat(builtFrom).hasSize(3);
        // equal rules in another unmodifiable list, and an equal task: the content cache answers
        assertThat(cache.get(c, task("type", "io.x.T"), List.of(R1), builder)).isSameAs(withR1);
        assertThat(builtFrom).hasSize(3);

        // a modifiable list the host changes between calls
        List<PluginDefault> mutable = new ArrayList<>(List.of(R1));
        Map<String, Object> t2 = task("type", "io.x.T");
        assertThat(cache.get(c, t2, mutable, builder)).isSameAs(withR1);
        assertThat(cache.get(c, t2, mutable, builder)).isSameAs(withR1);
        mutable.set(0, R2);
        assertThat(cache.get(c, t2, mutable, builder)).isSameAs(withR2);
        mutable.set(0, R1);
        assertThat(cache.get(c, task("type", "io.x.T"), mutable, builder)).isSameAs(withR1);
        assertThat(builtFrom).hasSize(3);
        // a plan built for a modifiable list keeps a copy: the host's later changes do not reach it
        List<PluginDefault> fresh = new ArrayList<>(List.of(R2, R1));
        TaskPlan both = cache.get(c, t2, fresh, builder);
        assertThat(builtWith.get(3)).isEqualTo(List.of(R2, R1)).isNotSameAs(fresh);
        fresh.clear();
        assertThat(cache.get(c, task("type", "io.x.T"), List.of(R2, R1), builder)).isSameAs(both);
        assertThat(cache.get(c, t2, fresh, builder)).isSameAs(none);
        assertThat(builtFrom).hasSize(4);
    }

    @Test
    void alternatingUnmodifiableRuleListsFindTheirOwnPlans() {
        NamespaceContext c = ctx(T, "a");
        List<PluginDefault> r1 = List.of(R1);
        List<PluginDefault> r2 = List.of(R2);
        TaskPlan p1 = cache.get(c, task("type", "io.x.T"), r1, builder);
        TaskPlan p2 = cache.get(c, task("type", "io.x.T"), r2, builder);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.get(c, task("type", "io.x.T"), r1, builder)).isSameAs(p1);
            assertThat(cache.get(c, task("type", "io.x.T"), r2, builder)).isSameAs(p2);
        }
        assertThat(builtFrom).hasSize(2);
    }

    @Test
    void invalidatingASubtreeDropsItsPlansOnly() {
        NamespaceContext a = ctx(T, "a");
        NamespaceContext ab = ctx(T, "a.b");
        NamespaceContext b = ctx(T, "b");
        NamespaceContext otherTenant = ctx(TenantId.of("other"), "a");
        for (NamespaceContext c : List.of(a, ab, b, otherTenant)) {
            get(c, task("type", "io.x.T"));
        }
        assertThat(cache.size()).isEqualTo(4);
        cache.invalidateSubtree(T, NamespaceId.of("a"));
        assertThat(cache.size()).isEqualTo(2);
        get(b, task("type", "io.x.T"));
        get(otherTenant, task("type", "io.x.T"));
        assertThat(builtFrom).hasSize(4);
        get(ab, task("type", "io.x.T"));
        assertThat(builtFrom).hasSize(5);
        cache.invalidateAll();
        assertThat(cache.size()).isZero();
        get(b, task("type", "io.x.T"));
        assertThat(builtFrom).hasSize(6);
    }
}
