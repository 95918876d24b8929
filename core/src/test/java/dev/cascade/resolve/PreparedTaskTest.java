package dev.cascade.resolve;

import dev.cascade.InvalidDocumentException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.template.TemplateRenderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static dev.cascade.resolve.ResolverFixture.ns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prepared tasks, compiled templates and the plan cache behind resolveTask. */
class PreparedTaskTest {
    private final ResolverFixture f = new ResolverFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aPreparedTaskOwnsItsCopyAndFollowsWritesToTheNamespace() {
        f.create("a");
        f.variables("a", Map.of("bucket", "b1"));
        f.defaults("a", List.of(PluginDefault.of("io.x", Map.of("region", "eu"))));
        Map<String, Object> task = new LinkedHashMap<>(Map.of("type", "io.x.T", "path", "s3://{{ namespace.bucket }}/{{ inputs.f }}"));
        PreparedTask p = f.resolver.prepare(MAIN, ns("a"), task, List.of());
        task.put("path", "changed by the host");
        assertThat(p.resolve(Map.of("inputs", Map.of("f", "x"))).task())
                .isEqualTo(Map.of("type", "io.x.T", "path", "s3://b1/x", "region", "eu"));
        f.variables("a", Map.of("bucket", "b2"));
        f.defaults("a", List.of(PluginDefault.of("io.x", Map.of("region", "us"))));
        ResolvedTask t = p.resolve(Map.of("inputs", Map.of("f", "y")));
        assertThat(t.task()).isEqualTo(Map.of("type", "io.x.T", "path", "s3://b2/y", "region", "us"));
        assertThat(t.explain().get("region").toString()).isEqualTo("NAMESPACE a (io.x)");
        assertThatThrownBy(() -> t.task().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(p.toString()).contains("io.x.T").doesNotContain("s3://");
    }

    @Test
    void resolveTaskSeesAHostMutatingItsMapInPlace() {
        f.create("a");
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("type", "io.x.T");
        task.put("v", "one");
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), task, List.of(), Map.of()).task()).containsEntry("v", "one");
        task.put("v", "two");
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), task, List.of(), Map.of()).task()).containsEntry("v", "two");
        // same content, another key order: the result keeps the order passed now
        task.remove("type");
        task.put("type", "io.x.T");
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), task, List.of(), Map.of()).task().keySet())
                .containsExactly("v", "type");
        // a modifiable flow-rules list changed in place
        List<PluginDefault> rules = new java.util.ArrayList<>(List.of(PluginDefault.of("io.x", Map.of("w", 1))));
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), task, rules, Map.of()).task()).containsEntry("w", 1);
        rules.set(0, PluginDefault.of("io.x", Map.of("w", 2)));
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), task, rules, Map.of()).task()).containsEntry("w", 2);
    }

    @Test
    void templateErrorsComeAtResolveNamingThePropertyAndForcedFlowRulesAtPrepare() {
        f.create("a");
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("type", "io.x.T");
        task.put("bad", "{{ nope }}");
        task.put("broken", "{{ 1 + }}");
        // the template that does not compile fails in its turn, as a walk of the tree would meet it
        PreparedTask p = f.resolver.prepare(MAIN, ns("a"), task, List.of());
        assertThatThrownBy(() -> p.resolve(Map.of())).isInstanceOf(TemplateRenderException.class)
                .hasMessageContaining("Property 'bad'");
        task.remove("bad");
        assertThatThrownBy(() -> f.resolver.resolveTask(MAIN, ns("a"), task, List.of(), Map.of()))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("Property 'broken'");
        assertThatThrownBy(() -> f.resolver.prepare(MAIN, ns("a"), Map.of("type", "io.x.T"),
                List.of(PluginDefault.forced("io.x", Map.of("a", 1))))).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void aCompiledTemplateRendersAsRenderDoesAndSeesWrites() {
        f.create("a");
        f.variables("a", Map.of("x", "1"));
        f.secret("a", "K", "secret-value");
        CompiledTemplate c = f.resolver.compile(MAIN, ns("a"), "{{ namespace.x }}:{{ secret('K') }}:{{ inputs.v }}");
        RenderResult r = c.render(Map.of("inputs", Map.of("v", "h")));
        assertThat(r.output()).isEqualTo("1:secret-value:h")
                .isEqualTo(f.resolver.render(MAIN, ns("a"), "{{ namespace.x }}:{{ secret('K') }}:{{ inputs.v }}",
                        Map.of("inputs", Map.of("v", "h"))).output());
        assertThat(r.masker().mask("secret-value")).isEqualTo("******");
        f.variables("a", Map.of("x", "2"));
        assertThat(c.render(Map.of("inputs", Map.of("v", "h"))).output()).isEqualTo("2:secret-value:h");
        String literal = "no template here";
        assertThat(f.resolver.compile(MAIN, ns("a"), literal).render(Map.of()).output()).isSameAs(literal);
        assertThatThrownBy(() -> f.resolver.compile(MAIN, ns("a"), "{{ 1 + }}")).isInstanceOf(TemplateRenderException.class);
        assertThatThrownBy(() -> c.render(Map.of("namespace", 1))).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void aTaskOutsideTheDataModelFailsTheSameWayEveryTime() {
        f.create("a");
        Map<String, Object> task = new java.util.HashMap<>();
        task.put("type", "io.x.T");
        task.put(null, "v");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> f.resolver.resolveTask(MAIN, ns("a"), task, List.of(), Map.of()))
                    .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("keys must be strings");
        }
        Map<String, Object> odd = Map.of("type", "io.x.T", "v", new Object());
        assertThatThrownBy(() -> f.resolver.prepare(MAIN, ns("a"), odd, List.of()))
                .isInstanceOf(InvalidDocumentException.class);
    }
}
