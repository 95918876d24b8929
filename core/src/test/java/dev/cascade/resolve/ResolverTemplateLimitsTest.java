package dev.cascade.resolve;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template limits set in {@link ResolverCacheConfig} are the ones the resolver's renders obey. */
class ResolverTemplateLimitsTest {
    @Test
    void theResolverRendersWithinTheConfiguredLimits() {
        ResolverCacheConfig tight = ResolverCacheConfig.builder().maxTemplateSteps(200).maxRangeLength(10)
                .maxRenderDepth(2).maxRenderedChars(100).build();
        try (ResolverFixture f = new ResolverFixture(b -> b.cacheConfig(tight))) {
            f.create("company");
            f.variables("company", Map.of("a", "{{ render(namespace.b) }}", "b", "{{ render(namespace.c) }}",
                    "c", "{{ 'deep' }}", "m", Map.of("k", "v")));
            assertThat(f.render("company", "{{ namespace.m }} {{ (1..10) | join }}")).isEqualTo("{\"k\":\"v\"} 12345678910");
            assertKind(f, "{% for i in range(1, 10) %}{% for j in range(1, 10) %}{% endfor %}{% endfor %}", Kind.TOO_MUCH_WORK);
            assertKind(f, "{{ (1..11) | length }}", Kind.RANGE_TOO_LARGE);
            assertKind(f, "{{ render(namespace.a) }}", Kind.RENDER_DEPTH);
            assertKind(f, "{% set s = 'x' %}{% for i in range(1, 10) %}{% set s = s ~ s %}{% endfor %}", Kind.OUTPUT_TOO_LARGE);
            assertThat(f.render("company", "{{ render(namespace.b) }}")).isEqualTo("deep");
        }
    }

    private static void assertKind(ResolverFixture f, String template, Kind kind) {
        assertThatThrownBy(() -> f.render("company", template))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    }
}
