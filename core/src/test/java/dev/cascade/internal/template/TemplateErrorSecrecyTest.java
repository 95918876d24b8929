package dev.cascade.internal.template;

import dev.cascade.SecretNotFoundException;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No secret value, and no part of one, reaches an exception message: filters', functions' and tests' own
 * messages are withheld (they quote the value they were given), computed attribute names and computed
 * secret() arguments are not named, and every recorded value is masked whatever its length.
 */
class TemplateErrorSecrecyTest {
    /** Shorter than the mask minimum (4): the masker alone would leave it. */
    private static final String SHORT = "xyz";
    /** split('e') | first gives "qwzk", a fragment no masker can recognise. */
    private static final String LONG = "qwzkeplmnb";
    private static final String FRAGMENT = "qwzk";

    private final TemplateEngine engine = new TemplateEngine(100, 10_000, true);

    private static RenderScope scope() {
        return new RenderScope(Map.of("namespace", Map.of("x", "plain", "tpl", "{{ namespace.x }}")), (key, ns, subkey) -> {
            if (key.equals("S")) {
                return SHORT;
            }
            if (key.equals("L")) {
                return LONG;
            }
            if (key.equals("T")) {
                return "{{ namespace.x }}";
            }
            throw new SecretNotFoundException("Secret '" + key + "' not found");
        }, 4);
    }

    private static void assertNoSecretIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SHORT).doesNotContain(FRAGMENT);
            assertThat(t.toString()).doesNotContain(SHORT).doesNotContain(FRAGMENT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ secret('S') | date }}",                                  // IllegalArgumentException quoting the value
        "{{ secret('L') | split('e') | first | date }}",             // ... quoting a fragment
        "{{ secret('L') | split('e') | first | date('yyyy') }}",
        "{{ secret('S') | abs }}",                                   // PebbleException quoting the value
        "{{ secret('L') | split('e') | first | numberformat('#') }}",
        "{% if (secret('L') | split('e') | first) > 3 %}x{% endif %}",
        "{% for i in secret('S') %}{% endfor %}",
        "{{ namespace[secret('S')] }}",                              // computed attribute name
        "{{ namespace[secret('L') | split('e') | first] }}",
        "{{ secret(secret('S')) }}",                                 // our own not-found message naming the key
        "{{ secret(secret('L') | split('e') | first) }}",
        "{{ secret('K', namespace=(secret('L') | split('e') | first)) }}",
        "{{ secret('S') }}{{ missing }}",
        "line one\n{{ secret('S') | date }}"})
    void noSecretValueOrFragmentInAnyMessage(String template) {
        assertThatThrownBy(() -> engine.render(template, scope())).satisfies(TemplateErrorSecrecyTest::assertNoSecretIn);
    }

    @Test
    void anEvaluationFailureNamesTheExceptionClassTheExpressionAndTheLine() {
        assertThatThrownBy(() -> engine.render("{{ secret('S') | slice(-1) }}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.EVALUATION);
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("IllegalArgumentException")
                            .contains("{{ secret('S') | slice(-1) }}").contains("line 1").contains("not shown");
                });
        assertThatThrownBy(() -> engine.render("a\n{{ secret('L') | abs }}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.EVALUATION);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("PebbleException").contains("{{ secret('L') | abs }}")
                            .contains("line 2");
                });
    }

    @Test
    void undefinedVariablesStillNameTheAttributeWhenItIsInTheSource() {
        assertThatThrownBy(() -> engine.render("x\n{{ namespace.nope }}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNDEFINED_VARIABLE);
                    assertThat(e.getMessage()).contains("'nope'").contains("{{ namespace.nope }}").contains("line 2")
                            .contains("of template 'x\\u000A{{ namespace.nope }}'");
                });
        assertThatThrownBy(() -> engine.render("{{ namespace[secret('L') | split('e') | first] }}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNDEFINED_VARIABLE);
                    assertThat(e.getMessage()).contains("computed").contains("line 1");
                });
    }

    @Test
    void shortValuesAreMaskedInOurOwnMessages() {
        // the key is the whole short value: masked out of the not-found message, whatever the mask minimum
        assertThatThrownBy(() -> engine.render("{{ secret(secret('S')) }}", scope()))
                .isInstanceOf(TemplateRenderException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("secret()").doesNotContain(SHORT));
        // a key that is not part of any secret keeps the ordinary not-found error
        assertThatThrownBy(() -> engine.render("{{ secret('S') }}{{ secret('NOPE') }}", scope()))
                .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("NOPE");
    }

    @Test
    void aSelfRecursiveMacroIsATooDeepErrorNotAStackOverflow() {
        String t = "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}";
        assertThatThrownBy(() -> engine.render(t, scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP);
                    assertThat(e.getMessage()).contains("macro");
                });
        String mutual = "{% macro a(n) %}{{ b(n) }}{% endmacro %}{% macro b(n) %}{{ a(n) }}{% endmacro %}{{ a(1) }}";
        assertThatThrownBy(() -> engine.render(mutual, scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP));
        // through render(): the overflow surfaces as the same error
        RenderScope nested = new RenderScope(Map.of("namespace", Map.of("m", t)), (k, n, s) -> "unused", 4);
        assertThatThrownBy(() -> engine.render("{{ render(namespace.m) }}", nested))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP));
        // the engine keeps working
        assertThat(engine.render("{{ namespace.x }}{% macro n(i) %}{{ i }}{% endmacro %}{{ n(2) }}", scope()))
                .isEqualTo("plain2");
    }

    @Tag("slow")
    @Test
    void aDeeplyNestedExpressionIsATemplateErrorNotAStackOverflow() {
        String t = "{{ " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " }}";
        assertThatThrownBy(() -> engine.render(t, scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP));
        String list = "{{ " + "[".repeat(20_000) + "]".repeat(20_000) + " }}";
        assertThatThrownBy(() -> engine.render(list, scope())).isInstanceOf(TemplateRenderException.class);
        assertThat(engine.render("{{ ((1)) }}", scope())).isEqualTo("1");
    }

    @Test
    void renderRefusesASecretValueAndTextCarryingOneButNotATransformedValue() {
        // exactly a secret's value
        assertThatThrownBy(() -> engine.render("{{ render(secret('T')) }}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        // text containing a secret's value (at least maskMinLength long)
        assertThatThrownBy(() -> engine.render("{{ render(' ' ~ secret('T')) }}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("secret");
                });
        assertThatThrownBy(() -> engine.render("{{ render(secret('T') ~ '!') }}", scope()))
                .isInstanceOf(TemplateRenderException.class);
        // best effort only: a value transformed from a secret is not recognised and IS rendered as a template
        assertThat(engine.render("{{ render(secret('T') | replace({'x': 'tpl'})) }}", scope())).isEqualTo("{{ namespace.x }}");
        // ordinary variables still render
        assertThat(engine.render("{{ render(namespace.tpl) }}", scope())).isEqualTo("plain");
    }
}
