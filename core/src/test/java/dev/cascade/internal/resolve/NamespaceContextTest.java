package dev.cascade.internal.resolve;

import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.internal.resolve.DefaultsMerger.TypeDefaults;
import dev.cascade.internal.template.RenderScope;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.EffectiveNamespace;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NamespaceContext}: the chain closest first, the defaults levels (global below the namespaces'), the
 * per-type and per-flow defaults computed once (bounded), the flow sources, and the bounded secret memo.
 */
class NamespaceContextTest {
    private static final TenantId T = TenantId.DEFAULT;
    private static final NamespaceId A = NamespaceId.of("a");
    private static final NamespaceId AB = NamespaceId.of("a.b");
    private static final String TYPE = "io.x.T";
    private static final int BOUND = 4096;

    private static Namespace namespace(NamespaceId id) {
        return new Namespace(T, id, "", List.of(), Optional.empty(), 1, Instant.EPOCH, Instant.EPOCH);
    }

    private static NamespaceContext ctx(DefaultsLevel global, List<DefaultsLevel> levels) {
        return new NamespaceContext(new EffectiveNamespace(T, AB, NamespaceStatus.EXISTING, Map.of("v", "1"),
                new PluginDefaultsChain(levels), List.of(), Optional.empty(), List.of(namespace(A), namespace(AB))),
                global, 7, 42, ListMerge.REPLACE);
    }

    private static NamespaceContext plain() {
        return ctx(null, List.of());
    }

    private static PluginDefault rule(String type, Object... kv) {
        java.util.LinkedHashMap<String, Object> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            values.put((String) kv[i], kv[i + 1]);
        }
        return PluginDefault.of(type, values);
    }

    private static Map<String, Object> apply(DefaultsMerger.DefaultsSource source) {
        return DefaultsMerger.apply(new java.util.LinkedHashMap<>(Map.of("type", TYPE)), source).tree();
    }

    @Test
    void theChainIsClosestFirstAndTheLoadIsRemembered() {
        NamespaceContext c = plain();
        assertThat(c.closestFirst()).extracting(Namespace::id).containsExactly(AB, A);
        assertThat(c.effective().id()).isEqualTo(AB);
        assertThat(c.loadGeneration()).isEqualTo(7);
        assertThat(c.loadedAt()).isEqualTo(42);
    }

    @Test
    void globalDefaultsLieBelowTheNamespacesDefaults() {
        NamespaceContext c = ctx(DefaultsLevel.global(List.of(rule(TYPE, "g", "global", "x", "global"))),
                List.of(DefaultsLevel.namespace(A, List.of(rule(TYPE, "x", "a")))));
        assertThat(apply(c::forType)).containsEntry("g", "global").containsEntry("x", "a");
        assertThat(apply(plain()::forType)).containsOnlyKeys("type");
    }

    @Test
    void perTypeDefaultsAreComputedOnceUpToTheBound() {
        NamespaceContext c = ctx(null, List.of(DefaultsLevel.namespace(A, List.of(rule("io", "x", "1")))));
        TypeDefaults first = c.forType("io.t0");
        assertThat(c.forType("io.t0")).isSameAs(first);
        for (int i = 1; i < BOUND; i++) {
            c.forType("io.t" + i);
        }
        assertThat(c.forType("io.t" + (BOUND - 1))).isSameAs(c.forType("io.t" + (BOUND - 1)));
        // beyond the bound nothing more is remembered: equal defaults, computed again
        TypeDefaults beyond = c.forType("io.beyond");
        assertThat(c.forType("io.beyond")).isNotSameAs(beyond);
        assertThat(c.forType("io.t0")).isSameAs(first);
    }

    @Test
    void perFlowDefaultsAreComputedOncePerRulesContentAndTypeUpToTheBound() {
        NamespaceContext c = ctx(null, List.of(DefaultsLevel.namespace(A, List.of(rule(TYPE, "x", "ns", "y", "ns")))));
        List<PluginDefault> rules = List.of(rule("io", "x", "flow"));
        DefaultsLevel flow = DefaultsLevel.flow(rules);
        TypeDefaults d = c.forType(TYPE, rules, flow);
        assertThat(apply(type -> d)).containsEntry("x", "flow").containsEntry("y", "ns");
        assertThat(c.forType(TYPE, new ArrayList<>(rules), flow)).isSameAs(d); // compared by content
        // the namespace's own defaults are not changed by the flow's
        assertThat(apply(c::forType)).containsEntry("x", "ns");
        for (int i = 1; i < BOUND; i++) {
            c.forType("io.t" + i, rules, flow);
        }
        assertThat(c.forType("io.t1", rules, flow)).isSameAs(c.forType("io.t1", rules, flow));
        TypeDefaults beyond = c.forType("io.beyond", rules, flow);
        assertThat(c.forType("io.beyond", rules, flow)).isNotSameAs(beyond);
    }

    @Test
    void aFlowSourceGivesEachTypeAndEachRulesListItsOwnDefaults() {
        NamespaceContext c = ctx(null, List.of());
        DefaultsLevel one = DefaultsLevel.flow(List.of(rule(TYPE, "x", "one"), rule("io.y.U", "x", "u")));
        DefaultsLevel two = DefaultsLevel.flow(List.of(rule(TYPE, "x", "two")));
        DefaultsMerger.DefaultsSource s1 = c.flowSource(one.rules(), one);
        assertThat(c.flowSource(one.rules(), one)).isSameAs(s1); // the front remembers an unmodifiable list
        assertThat(s1.forType(TYPE).nonForced).containsEntry("x", "one");
        assertThat(s1.forType("io.y.U").nonForced).containsEntry("x", "u");
        assertThat(s1.forType(TYPE).nonForced).containsEntry("x", "one");
        DefaultsMerger.DefaultsSource s2 = c.flowSource(two.rules(), two);
        assertThat(s2.forType(TYPE).nonForced).containsEntry("x", "two");
        assertThat(c.flowSource(one.rules(), one).forType(TYPE).nonForced).containsEntry("x", "one");

        // a modifiable list is compared by content on every call: a host changing it gets the new defaults
        List<PluginDefault> mutable = new ArrayList<>(List.of(rule(TYPE, "x", "before")));
        assertThat(c.flowSource(mutable, DefaultsLevel.flow(mutable)).forType(TYPE).nonForced)
                .containsEntry("x", "before");
        mutable.set(0, rule(TYPE, "x", "after"));
        assertThat(c.flowSource(mutable, DefaultsLevel.flow(mutable)).forType(TYPE).nonForced)
                .containsEntry("x", "after");
    }

    @Test
    void perContextObjectsAreMadeOnce() {
        NamespaceContext c = plain();
        AtomicInteger made = new AtomicInteger();
        RenderScope.SecretSource source = (namespace, key, scope) -> {
            throw new AssertionError("not called");
        };
        assertThat(c.secretSource(x -> {
            made.incrementAndGet();
            return source;
        })).isSameAs(source);
        assertThat(c.secretSource(x -> {
            made.incrementAndGet();
            return null;
        })).isSameAs(source);
        assertThat(made).hasValue(1);
        TemplateVariables v = c.variablesWithoutHost();
        assertThat(v).containsEntry("namespace", Map.of("v", "1"));
        assertThat(c.variablesWithoutHost()).isSameAs(v);
    }

    @Test
    void theSecretMemoIsBounded() {
        NamespaceContext c = plain();
        assertThat(c.secretMemo("K0")).isNull();
        NamespaceContext.SecretMemo memo = new NamespaceContext.SecretMemo(namespace(A), SecretKey.of("K"),
                SecretValue.of("v"), 0, 1);
        for (int i = 0; i < BOUND; i++) {
            c.rememberSecret("K" + i, memo);
        }
        assertThat(c.secretMemo("K0")).isSameAs(memo);
        assertThat(c.secretMemo("K" + (BOUND - 1))).isSameAs(memo);
        c.rememberSecret("beyond", memo);
        assertThat(c.secretMemo("beyond")).isNull();
        NamespaceContext.SecretMemo newer = new NamespaceContext.SecretMemo(namespace(A), SecretKey.of("K"),
                SecretValue.of("w"), 1, 2);
        c.rememberSecret("K0", newer); // a key already remembered is still updated
        assertThat(c.secretMemo("K0")).isSameAs(newer);
    }
}
