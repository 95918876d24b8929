package dev.cascade.internal.template;

import dev.cascade.SecretNotFoundException;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Error kinds and messages (semantics.md, "Errors"; security.md, "Errors never quote secret-derived data"):
 * each names what failed, the expression, its line and the template; an operator from another language is
 * named with Cascade's spelling; wrong arguments of {@code secret()} and {@code render()} are
 * {@code INVALID_ARGUMENT}; a secret's value written in the template itself is masked out of every message.
 */
class TemplateErrorMessagesTest {
    private static final String VALUE = "sv-TOKEN";

    private final TemplateEngine engine = new TemplateEngine(new TemplateLimits(100, 1_000_000, 50, 1_000_000, 100, 3), true);

    private static RenderScope scope(Map<String, Object> namespace) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("namespace", namespace);
        vars.put("big", "y".repeat(40));
        return new RenderScope(vars, (key, ns, subkey) -> {
            if (key.equals("TOKEN")) {
                return VALUE;
            }
            throw new SecretNotFoundException("Secret '" + key + "' not found in " + (ns == null ? "the caller's namespace" : ns)
                    + (subkey == null ? "" : " (subkey " + subkey + ")"));
        }, 4);
    }

    private TemplateRenderException error(String template, Map<String, Object> namespace) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> engine.render(template, scope(namespace)));
        assertThat(t).as(template).isInstanceOf(TemplateRenderException.class);
        return (TemplateRenderException) t;
    }

    private TemplateRenderException error(String template) {
        return error(template, Map.of("x", "plain", "m", Map.of("a", "b")));
    }

    @Test
    void operatorsOfOtherLanguagesAreNamedWithCascadesSpelling() {
        for (String[] c : new String[][] {
            {"{{ 1 !== 2 }}", "operator '!==' does not exist; did you mean '!='?"},
            {"{{ 1 <> 2 }}", "operator '<>' does not exist; did you mean '!='?"},
            {"{% if !true %}x{% endif %}", "operator '!' does not exist; did you mean 'not'?"},
            {"{{ 2 ** 3 }}", "operator '**' does not exist; did you mean '*'?"},
            {"{{ true && false }}", "operator '&&' does not exist; did you mean 'and'?"}}) {
            TemplateRenderException e = error(c[0]);
            assertThat(e.kind()).isEqualTo(Kind.SYNTAX);
            assertThat(e.getMessage()).as(c[0]).contains(c[1]).contains("expression " + c[0].split("x")[0].trim());
        }
        // no Cascade spelling for =~: named without a suggestion
        assertThat(error("{{ 'a' =~ 'b' }}").getMessage()).contains("operator '=~' does not exist;")
                .doesNotContain("did you mean");
        // an operator written inside a string, even after an escaped quote, is text
        assertThat(error("{{ 'it\\'s && x' ~ }}").getMessage()).doesNotContain("operator");
        assertThat(error("{{ \"a || b\" ~ }}").getMessage()).doesNotContain("operator");
        assertThat(error("{{ 'a' ~ }}").getMessage()).doesNotContain("operator");
        assertThat(KnownNames.unknownOperator(null)).isEmpty();
    }

    @Test
    void eachKindOfFailureSaysWhatFailedWhereAndInWhichTemplate() {
        TemplateRenderException method = error("{{ namespace.x.bytes }}");
        assertThat(method.kind()).isEqualTo(Kind.METHOD_CALL);
        assertThat(method.getMessage()).startsWith("Method calls are not allowed in Cascade templates: ")
                .contains("expression {{ namespace.x.bytes }} at line 1 of template '{{ namespace.x.bytes }}'");

        TemplateRenderException output = error("{{ big }}{{ big }}");
        assertThat(output.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE);
        assertThat(output.getMessage()).startsWith("Rendered output too large: ").contains("50")
                .endsWith("of template '{{ big }}{{ big }}'");

        TemplateRenderException value = error("{{ (big ~ big) | length }}");
        assertThat(value.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE);
        assertThat(value.getMessage()).contains("80 characters or elements").contains("limit of 50")
                .endsWith("; template '{{ (big ~ big) | length }}'");

        TemplateRenderException division = error("{{ 1 / 0 }}");
        assertThat(division.kind()).isEqualTo(Kind.EVALUATION);
        assertThat(division.line()).isEqualTo(1);
        assertThat(division.getMessage()).startsWith("Template evaluation failed: ").contains("ArithmeticException")
                .contains("its message is not shown").contains("expression {{ 1 / 0 }} at line 1 of template");

        TemplateRenderException undefined = error("{{ namespace.m.a.b }}");
        assertThat(undefined.kind()).isEqualTo(Kind.UNDEFINED_VARIABLE);
        assertThat(undefined.getMessage()).startsWith("Undefined variable: 'b' does not exist; expression {{ namespace.m.a.b }}");

        TemplateRenderException syntax = error("x\n\n{{ a ");
        assertThat(syntax.kind()).isEqualTo(Kind.SYNTAX);
        assertThat(syntax.getMessage()).startsWith("Template syntax error: ").contains("of template 'x\\u000A\\u000A{{ a '");
    }

    @Test
    void theExpressionIsTheOneOnTheFailingLine() {
        TemplateRenderException e = error("{{ 'a' }}\n{{ 'b' }} {{ namespace.nope }} {% if true %}\n{% endif %}");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("expression {{ namespace.nope }} at line 2");
        // nothing names the failing part: every expression of the line
        TemplateRenderException s = error("{% if !true %}x{% endif %}");
        assertThat(s.getMessage()).contains("expression {% if !true %} {% endif %} at line 1");
        assertThat(TemplateEngine.expressionAt("{{ a }}", 0, null)).isNull();
        assertThat(TemplateEngine.expressionAt("{{ a }}", 2, null)).isNull();
        assertThat(TemplateEngine.expressionAt("text only", 1, null)).isNull();
        assertThat(TemplateEngine.expressionAt("x {{ a }} {{ b", 1, null)).isEqualTo("{{ a }} {{ b");
        assertThat(TemplateEngine.expressionAt("{{ a }}{% b %}{{ c }}", 1, "c")).isEqualTo("{{ c }}");
        assertThat(TemplateEngine.expressionAt("{{ a }}{% b %}{{ c }}", 1, "z")).isEqualTo("{{ a }} {{ c }} {% b %}");
        assertThat(TemplateEngine.expressionAt("{% b", 1, null)).isEqualTo("{% b");
    }

    @Test
    void aMissingFunctionOrFilterInAConditionIsNamed() {
        for (String[] c : new String[][] {{"{% if nope(1) %}x{% endif %}", "function 'nope' does not exist"},
            {"{% if 'a' | uper %}x{% endif %}", "filter 'uper' does not exist; did you mean 'upper'?"},
            // names of Pebble's escaper and of Cascade's (Kestra's) own extensions are suggested too
            {"{{ 'a' | escap }}", "filter 'escap' does not exist; did you mean 'escape'?"},
            {"{{ 'a b' | slugfy }}", "filter 'slugfy' does not exist; did you mean 'slugify'?"},
            {"a\n{{ rnage(1, 2) }}", "function 'rnage' does not exist; did you mean 'range'?; expression {{ rnage(1, 2) }} at line 2"}}) {
            TemplateRenderException e = error(c[0]);
            assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_NAME);
            assertThat(e.getMessage()).as(c[0]).contains(c[1]).contains("of template '");
        }
        assertThat(error("a\n{{ rnage(1, 2) }}").line()).isEqualTo(2);
    }

    @Test
    void aSecretsValueWrittenInTheTemplateIsMaskedOutOfEveryMessage() {
        for (String t : List.of("{{ secret('TOKEN') }} sv-TOKEN {{ nope() }}", "{{ secret('TOKEN') }} sv-TOKEN {{ missing }}",
                "{{ secret('TOKEN') }} sv-TOKEN {{ 1 / 0 }}", "{{ secret('TOKEN') }} sv-TOKEN {{ namespace.x.bytes }}",
                "{{ secret('TOKEN') }} sv-TOKEN {{ big ~ big }}", "{{ secret('TOKEN') }} sv-TOKEN {{ 'x' | slice(-1) }}")) {
            TemplateRenderException e = error(t);
            assertThat(e.getMessage()).as(t).doesNotContain(VALUE).contains("******");
        }
    }

    @Test
    void wrongArgumentsOfSecretAndRenderAreInvalidArguments() {
        for (String[] c : new String[][] {{"{{ secret(1) }}", "needs the key as a string, for example secret('MY_KEY'); got a Long at line 1"},
            {"{{ secret() }}", "got no key"},
            {"{{ secret('TOKEN', namespace=1) }}", "secret('TOKEN', namespace=...) needs the namespace as a string"},
            {"{{ secret('TOKEN', subkey=1) }}", "secret('TOKEN', subkey=...) needs the subkey as a string"},
            {"{{ secret('TOKEN', full='yes') }}", "needs true or false"},
            {"{{ render('x', recursive='yes') }}", "render(..., recursive=...) needs true or false"}}) {
            TemplateRenderException e = error(c[0]);
            assertThat(e.kind()).as(c[0]).isEqualTo(Kind.INVALID_ARGUMENT);
            assertThat(e.getMessage()).as(c[0]).contains(c[1]);
        }
        assertThat(engine.render("{{ secret('TOKEN', namespace='company', subkey='k', full=false) }}", scope(Map.of())))
                .isEqualTo(VALUE);
    }

    @Test
    void aSecretErrorQuotesOnlyArgumentsWrittenInTheSource() {
        // written in the source: the store's own error, naming them
        assertThatThrownBy(() -> engine.render("{{ secret('NOPE', namespace='company.sales', subkey='field') }}", scope(Map.of())))
                .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("NOPE").hasMessageContaining("company.sales")
                .hasMessageContaining("field");
        // any of them computed while rendering: withheld
        for (String t : List.of("{{ secret('NO' ~ 'PE') }}", "{{ secret('NOPE', namespace=('company' ~ '.sales')) }}",
                "{{ secret('NOPE', subkey=('fi' ~ 'eld')) }}", "{{ secret('TOKEN') }}{{ secret('sv', namespace='TOKEN') }}",
                "{{ secret('TOKEN') }}{{ secret('NOPE', namespace='sv-T') }}", "{{ secret('TOKEN') }}{{ secret('NOPE', subkey='OKEN') }}")) {
            TemplateRenderException e = error(t);
            assertThat(e.kind()).as(t).isEqualTo(Kind.INVALID_ARGUMENT);
            assertThat(e.getMessage()).as(t).contains("SecretNotFoundException").contains("computed while rendering")
                    .doesNotContain("company.sales").doesNotContain("field");
        }
    }

    @Test
    void renderDepthAndPassesStopExactlyAtTheLimit() {
        // maxRenderDepth is 3 here
        Map<String, Object> ns = new HashMap<>();
        ns.put("a", "{{ render(namespace.b) }}");
        ns.put("b", "{{ render(namespace.c) }}");
        ns.put("c", "bottom");
        assertThat(engine.render("{{ render(namespace.a) }}", scope(ns))).isEqualTo("bottom");
        ns.put("c", "{{ render(namespace.d) }}");
        ns.put("d", "bottom");
        TemplateRenderException deep = error("{{ render(namespace.a) }}", ns);
        assertThat(deep.kind()).isEqualTo(Kind.RENDER_DEPTH);
        assertThat(deep.getMessage()).contains("nested more than 3 levels deep").contains("innermost template was 'bottom'");

        // three passes of a recursive render() are allowed, a fourth is refused
        Map<String, Object> chain = new HashMap<>();
        chain.put("a", "{{ namespace.b }}");
        chain.put("b", "{{ namespace.c }}");
        chain.put("c", "{{ namespace.d }}");
        chain.put("d", "end");
        assertThat(engine.render("{{ render(namespace.a) }}", scope(chain))).isEqualTo("end");
        chain.put("d", "{{ namespace.e }}");
        chain.put("e", "end");
        TemplateRenderException passes = error("{{ render(namespace.a) }}", chain);
        assertThat(passes.kind()).isEqualTo(Kind.RENDER_DEPTH);
        assertThat(passes.getMessage()).contains("after 3 passes").contains("'{{ namespace.e }}'");
        // a value that renders to itself no longer changes: it is the result
        assertThat(engine.render("{{ render(namespace.v) }}", scope(Map.of("v", "{{ namespace.v }}")))).isEqualTo("{{ namespace.v }}");
    }
}
