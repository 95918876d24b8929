package dev.cascade.internal.resolve;

import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.internal.template.TemplateEngine;
import dev.cascade.internal.template.TemplateLimits;
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

/** {@link TaskPlan}: maps of every size render to maps equal to the resolved task, key order kept. */
class TaskPlanTest {
    private static final TemplateEngine ENGINE = new TemplateEngine(TemplateLimits.DEFAULTS, true);
    private static final NamespaceContext CTX = new NamespaceContext(new EffectiveNamespace(TenantId.DEFAULT,
            NamespaceId.of("a"), NamespaceStatus.EXISTING, Map.of("x", "X"), PluginDefaultsChain.EMPTY, List.of(),
            Optional.empty(), List.of()), null, 0, 0, ListMerge.REPLACE);

    @Test
    void largeMapsAreLookedUpThroughTheirIndexSmallOnesByScanning() {
        for (int size : new int[] {12, 13, 40}) {
            Map<String, Object> task = new LinkedHashMap<>();
            Map<String, Object> expected = new LinkedHashMap<>();
            task.put("type", "io.x.T");
            expected.put("type", "io.x.T");
            for (int i = 1; i < size; i++) {
                task.put("k" + i, i % 2 == 0 ? "{{ namespace.x }}" + i : "plain" + i);
                expected.put("k" + i, i % 2 == 0 ? "X" + i : "plain" + i);
            }
            Map<String, Object> resolved = TaskPlan.build(CTX, task, CTX::forType, ENGINE)
                    .render(ResolutionSupport.scope(CTX, Map.of(), (k, n, s) -> null, 4));
            assertThat(resolved).as("size %d", size).isEqualTo(expected);
            assertThat(resolved.keySet()).containsExactlyElementsOf(expected.keySet());
            for (Map.Entry<String, Object> e : expected.entrySet()) {
                assertThat(resolved.get(e.getKey())).isEqualTo(e.getValue());
                assertThat(resolved.containsKey(e.getKey())).isTrue();
            }
            assertThat(resolved.get("missing")).isNull();
            assertThat(resolved.containsKey("missing")).isFalse();
        }
    }
}
