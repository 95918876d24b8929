package dev.cascade.internal.template;

import dev.cascade.SecretNotFoundException;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateEngineTest {
    private final TemplateEngine engine = new TemplateEngine(100, 1000, true);

    private static RenderScope scope(Map<String, Object> vars) {
        return new RenderScope(vars, (key, ns, subkey) -> {
            if (key.equals("TOKEN")) {
                return "s3cr3t-token";
            }
            if (key.equals("TEMPLATE_LIKE")) {
                return "{{ namespace.x }}";
            }
            throw new SecretNotFoundException("Secret '" + key + "' not found");
        }, 4);
    }

    private String render(String template, Map<String, Object> vars) {
        return engine.render(template, scope(vars));
    }

    @Test
    void literalIsReturnedAsTheSameInstance() {
        String s = new String("plain text with { braces } and %} and #}");
        assertThat(engine.render(s, scope(Map.of()))).isSameAs(s);
        assertThat(TemplateEngine.isLiteral("a{b")).isTrue();
        assertThat(TemplateEngine.isLiteral("a{")).isTrue();
        assertThat(TemplateEngine.isLiteral("a{{b")).isFalse();
        assertThat(TemplateEngine.isLiteral("a{%b")).isFalse();
        assertThat(TemplateEngine.isLiteral("a{#b")).isFalse();
        assertThat(engine.cacheSize()).isZero();
    }

    @Test
    void simplePathsAndSecretsUseTheFastPath() {
        TemplateEngine.FastTemplate t = TemplateEngine.FastTemplate.parse("hi {{ flow.namespace }} {{secret('TOKEN')}}");
        assertThat(t).isNotNull();
        assertThat(TemplateEngine.FastTemplate.parse("{{ a | upper }}")).isNull();
        assertThat(TemplateEngine.FastTemplate.parse("{% if a %}x{% endif %}")).isNull();
        assertThat(TemplateEngine.FastTemplate.parse("{{- a }}")).isNull();
        assertThat(TemplateEngine.FastTemplate.parse("{{ true }}")).isNull();
        assertThat(render("hi {{ flow.namespace }} {{secret('TOKEN')}}",
                Map.of("flow", Map.of("namespace", "company.marketing")))).isEqualTo("hi company.marketing s3cr3t-token");
    }

    @Test
    void secretRecordedForMaskingAndReturnedVerbatim() {
        RenderScope scope = scope(Map.of("namespace", Map.of("x", "oops")));
        assertThat(engine.render("{{ secret('TEMPLATE_LIKE') }}", scope)).isEqualTo("{{ namespace.x }}");
        assertThat(engine.render("{{ secret('TOKEN') | upper }}", scope)).isEqualTo("S3CR3T-TOKEN");
        assertThat(scope.masker().mask("got s3cr3t-token")).isEqualTo("got ******");
    }

    @Test
    void undefinedVariableNamesExpressionLineAndTemplate() {
        String template = "line one\nvalue: {{ namespace.missing }}";
        assertThatThrownBy(() -> render(template, Map.of("namespace", Map.of("a", 1))))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNDEFINED_VARIABLE);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("{{ namespace.missing }}").contains("line 2")
                            .contains("line one");
                });
        assertThatThrownBy(() -> render("{{ nothing }}", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNDEFINED_VARIABLE);
                    assertThat(e.getMessage()).contains("{{ nothing }}").contains("line 1");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ namespace.getClass() }}", "{{ namespace.getClass().getName() }}",
            "{{ 'abc'.getBytes() }}", "{{ namespace.x.toString() }}", "{{ namespace.x.bytes }}"})
    void methodCallsAreRefused(String template) {
        assertThatThrownBy(() -> render(template, Map.of("namespace", Map.of("x", "text"))))
                .isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.METHOD_CALL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"include 'x'", "import 'x'", "extends 'x'", "embed 'x'", "from 'x' import y",
            "cache 'k'", "parallel", "flush", "autoescape"})
    void fileAndTemplateTagsAreRefused(String tag) {
        assertThatThrownBy(() -> render("a\n{% " + tag + " %}", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.REFUSED_TAG);
                    assertThat(e.getMessage()).contains("is not allowed").contains(tag.split(" ")[0]);
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void i18nFunctionIsRemoved() {
        assertThatThrownBy(() -> render("{{ i18n('messages', 'key') }}", Map.of()))
                .isInstanceOf(TemplateRenderException.class);
    }

    @Test
    void noAutoEscapingAndNoNewlineTrimming() {
        assertThat(render("{{ v }}", Map.of("v", "<a href=\"x\">&</a>"))).isEqualTo("<a href=\"x\">&</a>");
        assertThat(render("{{ v | upper }}", Map.of("v", "<b>"))).isEqualTo("<B>");
        assertThat(render("{% if true %}\nx\n{% endif %}\n", Map.of())).isEqualTo("\nx\n\n");
    }

    @Test
    void outputIsBounded() {
        String big = "x".repeat(600);
        assertThat(render("{{ a }}", Map.of("a", big))).hasSize(600);
        assertThatThrownBy(() -> render("{{ a }}{{ a }}", Map.of("a", big)))
                .isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        assertThatThrownBy(() -> render("{% for i in range(1, 2000) %}ab{% endfor %}", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
    }

    @Test
    void renderRendersInTheCallersScope() {
        Map<String, Object> ns = Map.of("github", Map.of("token", "{{ secret('TOKEN') }}"), "raw", "{{ secret('TOKEN') }}");
        RenderScope scope = scope(Map.of("namespace", ns));
        assertThat(engine.render("{{ render(namespace.github.token) }}", scope)).isEqualTo("s3cr3t-token");
        assertThat(engine.render("{{ namespace.raw }}", scope)).isEqualTo("{{ secret('TOKEN') }}");
        assertThat(scope.masker().mask("s3cr3t-token")).isEqualTo("******");
    }

    @Test
    void renderNestsSixteenDeepAndRefusesSeventeen() {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 1; i <= 20; i++) {
            vars.put("v" + i, "{{ render(namespace.v" + (i + 1) + ") }}");
        }
        // 16 nested render() calls: v1 .. v16
        vars.put("v16", "bottom");
        assertThat(render("{{ render(namespace.v1) }}", Map.of("namespace", vars))).isEqualTo("bottom");
        // the 17th fails
        vars.put("v16", "{{ render(namespace.v17) }}");
        vars.put("v17", "bottom");
        assertThatThrownBy(() -> render("{{ render(namespace.v1) }}", Map.of("namespace", vars)))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RENDER_DEPTH);
                    assertThat(e.getMessage()).contains("16");
                });
    }

    @Test
    void renderCyclesFailClearly() {
        Map<String, Object> vars = Map.of("a", "{{ render(namespace.b) }}", "b", "{{ render(namespace.a) }}",
                "self", "{{ render(namespace.self) }}");
        for (String t : List.of("{{ render(namespace.a) }}", "{{ render(namespace.self) }}")) {
            assertThatThrownBy(() -> render(t, Map.of("namespace", vars)))
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.RENDER_CYCLE);
                        assertThat(e.getMessage()).contains("cycle");
                    });
        }
    }

    @Test
    void renderRefusesASecretValue() {
        assertThatThrownBy(() -> render("{{ render(secret('TEMPLATE_LIKE')) }}", Map.of("namespace", Map.of("x", "leak"))))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("secret").doesNotContain("namespace.x");
                });
    }

    @Test
    void errorsMaskSecretValuesResolvedBefore() {
        assertThatThrownBy(() -> render("{{ secret('TOKEN') }}{{ missing }}", Map.of()))
                .isInstanceOf(TemplateRenderException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-token"));
        assertThatThrownBy(() -> render("{{ secret('TOKEN') ~ 1 | date }}", Map.of()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-token"));
    }

    @Test
    void cascadeExceptionsFromFunctionsPropagateUnwrapped() {
        assertThatThrownBy(() -> render("{{ 'a' ~ secret('NOPE') }}", Map.of()))
                .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> render("{{ secret('NOPE') }}", Map.of()))
                .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("NOPE");
    }

    @Test
    void syntaxErrorsAreTemplateErrors() {
        assertThatThrownBy(() -> render("{{ a ", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SYNTAX));
    }

    @Test
    void templateCacheIsBounded() {
        TemplateEngine small = new TemplateEngine(5, 1000, true);
        for (int i = 0; i < 50; i++) {
            small.render("{{ a }}" + i, scope(Map.of("a", "x")));
        }
        small.render("{{ a }}0", scope(Map.of("a", "x")));
        assertThat(small.cacheSize()).isLessThanOrEqualTo(6);
        assertThat(small.stats().evictionCount()).isPositive();
    }

    @Test
    void hugeRangesAreRefused() {
        assertThatThrownBy(() -> render("{% for i in range(1, 1000000000) %}{% endfor %}", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RANGE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("range()");
                });
        assertThat(render("{% for i in range(1, 3) %}{{ i }}{% endfor %}", Map.of())).isEqualTo("123");
    }
}
