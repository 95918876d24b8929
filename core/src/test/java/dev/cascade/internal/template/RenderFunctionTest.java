package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code render()} and {@code secret()} as functions (semantics.md, "render()" and "secret()"): a map is
 * rendered key by key and value by value, a list element by element, each bounded like any value built;
 * numbers and booleans come back as they are; an error in a template written by someone (a variable, the
 * caller's source) is reported as is, one in a template computed while rendering keeps its kind but not its
 * message; {@code secret()} takes its arguments by position or by name.
 */
class RenderFunctionTest {
    private static RenderScope scope(Map<String, Object> namespace) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("namespace", namespace);
        return new RenderScope(vars, (key, ns, subkey) -> {
            if (key.equals("NOPE")) {
                throw new dev.cascade.SecretNotFoundException("Secret 'NOPE' not found");
            }
            return key + "@" + ns + "/" + subkey;
        }, 4);
    }

    private static TemplateEngine engine(int maxChars) {
        return new TemplateEngine(new TemplateLimits(100, 1_000_000, maxChars, 1_000_000, 100, 16), true);
    }

    private final TemplateEngine engine = engine(1000);

    private TemplateRenderException error(TemplateEngine e, String template, Map<String, Object> ns) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> e.render(template, scope(ns)));
        assertThat(t).as(template).isInstanceOf(TemplateRenderException.class);
        return (TemplateRenderException) t;
    }

    @Test
    void mapsAndListsAreRenderedPartByPartAndBoundedLikeAnyValueBuilt() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("{{ 'k' }}", "{{ 1 + 1 }}");
        m.put(7, "{{ 'seven' }}");
        m.put("plain", List.of("{{ 'a' }}", 3, true));
        assertThat(engine.render("{{ render(namespace.m) }}", scope(Map.of("m", m))))
                .isEqualTo("{\"k\":\"2\",\"7\":\"seven\",\"plain\":[\"a\",3,true]}");
        // two keys that render alike: the first wins
        Map<String, Object> clash = new LinkedHashMap<>();
        clash.put("{{ 'k' }}", "first");
        clash.put("k", "second");
        assertThat(engine.render("{{ render(namespace.m) }}", scope(Map.of("m", clash)))).isEqualTo("{\"k\":\"first\"}");
        assertThat(engine.render("{{ render(true) }}|{{ render(1.5) }}|{{ render(namespace.n) }}", scope(Map.of("n", 4))))
                .isEqualTo("true|1.5|4");
        // the map or list built counts against maxRenderedChars (elements)
        TemplateEngine two = engine(2);
        Map<String, Object> ns = Map.of("m2", map(2), "m3", map(3), "l2", List.of(1, 2), "l3", List.of(1, 2, 3));
        assertThat(two.render("{{ render(namespace.m2) | length }}{{ render(namespace.l2) | length }}", scope(ns))).isEqualTo("22");
        for (String t : List.of("{{ render(namespace.m3) | length }}", "{{ render(namespace.l3) | length }}")) {
            assertThat(error(two, t, ns).kind()).as(t).isEqualTo(Kind.OUTPUT_TOO_LARGE);
        }
    }

    private static Map<String, Object> map(int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, i);
        }
        return m;
    }

    @Test
    void anErrorInATemplateWrittenBySomeoneIsReportedAsIs() {
        TemplateRenderException fromVariable = error(engine, "{{ render(namespace.t) }}", Map.of("t", "{{ missing }}"));
        assertThat(fromVariable.kind()).isEqualTo(Kind.UNDEFINED_VARIABLE);
        assertThat(fromVariable.getMessage()).contains("'missing' does not exist").contains("of template '{{ missing }}'");
        TemplateRenderException fromSource = error(engine, "{{ render('{{ missing }}') }}", Map.of());
        assertThat(fromSource.kind()).isEqualTo(Kind.UNDEFINED_VARIABLE);
        assertThat(fromSource.getMessage()).contains("'missing' does not exist");
        assertThatThrownBy(() -> engine.render("{{ render(namespace.t) }}", scope(Map.of("t", "{{ secret('NOPE') }}"))))
                .isInstanceOf(dev.cascade.SecretNotFoundException.class).hasMessageContaining("NOPE");
    }

    @Test
    void anErrorInATemplateComputedWhileRenderingKeepsItsKindButNotItsMessage() {
        TemplateRenderException undefined = error(engine, "x\n{{ render('{{ miss' ~ 'ing }}') }}", Map.of());
        assertThat(undefined.kind()).isEqualTo(Kind.UNDEFINED_VARIABLE);
        assertThat(undefined.line()).isEqualTo(2);
        assertThat(undefined.getMessage()).isEqualTo("render() at line 2 failed with TemplateRenderException (UNDEFINED_VARIABLE) in a "
                + "template computed while rendering; its message is not shown: it may quote a value derived from a secret");
        TemplateRenderException notFound = error(engine, "{{ render('{{ secret(' ~ \"'NO\" ~ \"PE'\" ~ ') }}') }}", Map.of());
        assertThat(notFound.kind()).isEqualTo(Kind.EVALUATION);
        assertThat(notFound.getMessage()).contains("failed with SecretNotFoundException (EVALUATION)").doesNotContain("NOPE");
        TemplateRenderException depth = error(new TemplateEngine(new TemplateLimits(100, 1_000_000, 1000, 1_000_000, 100, 1), true),
                "{{ render('{{ render(' ~ \"'x'\" ~ ') }}') }}", Map.of());
        assertThat(depth.kind()).isEqualTo(Kind.RENDER_DEPTH);
        assertThat(depth.getMessage()).contains("(RENDER_DEPTH) in a template computed while rendering");
    }

    @Test
    void aTemplateWrittenInAVariableIsQuotedMaskedInARenderError() {
        Map<String, Object> ns = new HashMap<>();
        ns.put("a", "{{ secret('K') }}{{ render(namespace.a) }}");
        TemplateRenderException cycle = error(engine, "{{ render(namespace.a) }}", ns);
        assertThat(cycle.kind()).isEqualTo(Kind.RENDER_CYCLE);
        assertThat(cycle.getMessage()).contains("the template '{{ secret('K') }}{{ render(namespace.a) }}' renders itself");
    }

    @Test
    void secretTakesItsArgumentsByPositionOrByName() {
        Map<String, Object> none = Map.of();
        assertThat(engine.render("{{ secret('K') }}", scope(none))).isEqualTo("K@null/null");
        assertThat(engine.render("{{ secret('K', 'company') }}", scope(none))).isEqualTo("K@company/null");
        assertThat(engine.render("{{ secret('K', 'company', 'field') }}", scope(none))).isEqualTo("K@company/field");
        assertThat(engine.render("{{ secret('K', subkey='field') }}", scope(none))).isEqualTo("K@null/field");
        assertThat(engine.render("{{ secret('K', full=true) }}", scope(none)))
                .isEqualTo("{\"value\":\"K@null/null\",\"metadata\":{}}");
        assertThat(engine.render("{{ secret('K', 'ns', 'f', true).value }}", scope(none))).isEqualTo("K@ns/f");
        // renderOnce takes no recursive= argument
        assertThatThrownBy(() -> engine.render("{{ renderOnce('x', recursive=true) }}", scope(none)))
                .isInstanceOf(TemplateRenderException.class);
        assertThat(engine.render("{{ render('{{ \"{{ 1 }}\" }}', false) }}", scope(none))).isEqualTo("{{ 1 }}");
    }

    @Test
    void secretAndRenderNeedARender() {
        TemplateEngine e = engine;
        assertThatThrownBy(e::currentScope).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only available while Cascade renders");
        List<Object> seen = new ArrayList<>();
        e.render("{{ secret('K') }}", scope(Map.of()));
        seen.add(RenderBudget.active());
        assertThat(seen).containsOnlyNulls();
        // nor after one: the render's scope is not left on the thread
        assertThatThrownBy(e::currentScope).isInstanceOf(IllegalStateException.class);
        // nor after one that Pebble evaluates (not the fast path), nested renders included
        e.render("{{ secret('K') | upper }}{{ render('{{ secret(\"K\") | lower }}') }}", scope(Map.of()));
        assertThat(RenderBudget.active()).isNull();
        assertThatThrownBy(e::currentScope).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValuePrintedAsJsonOverTheBoundNamesItsLine() {
        TemplateEngine small = engine(10);
        TemplateRenderException e = error(small, "a\n{{ [namespace.s] }}", Map.of("s", "0123456789"));
        assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("a value printed as JSON at line 2 exceeds the limit of 10 characters");
    }
}
