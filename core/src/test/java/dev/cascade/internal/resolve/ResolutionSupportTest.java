package dev.cascade.internal.resolve;

import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.internal.template.RenderScope;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.EffectiveNamespace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The variables a render sees: the host's, plus {@code namespace}, without copying either. */
class ResolutionSupportTest {
    private static final NamespaceContext CTX = new NamespaceContext(new EffectiveNamespace(TenantId.DEFAULT,
            NamespaceId.of("a"), NamespaceStatus.EXISTING, Map.of("nv", "1"), PluginDefaultsChain.EMPTY, List.of(),
            Optional.empty(), List.of()), null, 0, 0, ListMerge.REPLACE);

    @Test
    void hostVariablesAndTheNamespaceVariables() {
        RenderScope.SecretSource none = (key, namespace, subkey) -> null;
        Map<String, Object> vars = ResolutionSupport.scope(CTX, Map.of("flow", Map.of("id", "f")), none, 4).variables();
        assertThat(vars.get("flow")).isEqualTo(Map.of("id", "f"));
        assertThat(vars.get("namespace")).isEqualTo(Map.of("nv", "1"));
        assertThat(vars.get("other")).isNull();
        assertThat(vars.containsKey("flow")).isTrue();
        assertThat(vars.containsKey("namespace")).isTrue();
        assertThat(vars.containsKey("other")).isFalse();
        assertThat(vars).isEqualTo(Map.of("flow", Map.of("id", "f"), "namespace", Map.of("nv", "1")));

        Map<String, Object> without = ResolutionSupport.scope(CTX, Map.of(), none, 4).variables();
        assertThat(without).isEqualTo(Map.of("namespace", Map.of("nv", "1")));
        assertThat(ResolutionSupport.scope(CTX, Map.of(), none, 4).variables()).isSameAs(without);
    }
}
