package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fast paths (semantics.md, "Templates"): a string without {@code {{}, {@code {%} or {@code {#} is returned
 * as is; a template made of text, variable paths and {@code secret('KEY')} is evaluated without a budget (so
 * it charges none to a budget already installed), and gives the same output and errors as Pebble's path on every
 * input; anything else (filters, whitespace control, keywords, other values) goes through Pebble. Plus the
 * cache in front of the compiler: the same template instance is served from an identity front.
 */
class FastPathTest {
    private final TemplateEngine fast = new TemplateEngine(new TemplateLimits(100, 1_000_000, 30, 1_000_000, 100, 16), true);
    private final TemplateEngine pebble = new TemplateEngine(new TemplateLimits(100, 1_000_000, 30, 1_000_000, 100, 16), false);

    private static RenderScope scope() {
        Map<String, Object> vars = new HashMap<>();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", "B");
        a.put("n", 7);
        a.put("l", 8L);
        a.put("t", true);
        a.put("d", 1.5);
        a.put("m", Map.of("k", "v"));
        a.put("list", List.of(1, "x"));
        a.put("long", "z".repeat(20));
        a.put("nul", null);
        vars.put("a", a);
        vars.put("_u", "U");
        vars.put("A1", "a1");
        vars.put("s", "text");
        return new RenderScope(vars, (key, ns, subkey) -> "sv-" + key, 4);
    }

    /** Renders on both engines under an installed budget; returns the fast engine's output and steps. */
    private Object[] render(String template) {
        String expected = pebble.render(template, scope());
        RenderBudget budget = new RenderBudget(1_000_000, 1_000_000);
        RenderBudget.enter(budget);
        try {
            String out = fast.render(template, scope());
            assertThat(out).as(template).isEqualTo(expected);
            return new Object[] {out, budget.steps()};
        } finally {
            RenderBudget.exit(null);
        }
    }

    private void assertFast(String template, String output) {
        Object[] r = render(template);
        assertThat(r[0]).as(template).isEqualTo(output);
        assertThat((long) r[1]).as("no budget charged by %s", template).isZero();
    }

    private void assertPebble(String template) {
        Object[] r = render(template);
        assertThat((long) r[1]).as("Pebble's path for %s", template).isPositive();
    }

    @Test
    void pathsAndSecretsWithPlainValuesTakeTheFastPath() {
        assertFast("{{ a.b }}", "B");
        assertFast("{{a.n}}-{{ a.l }}-{{ a.t }}", "7-8-true");
        assertFast("x {{ _u }}{{ A1 }} y", "x Ua1 y");
        assertFast("{{ a.m }}", "{\"k\":\"v\"}");
        assertFast("{{ a.list }}", "[1,\"x\"]");
        assertFast("{{ secret('KEY_1.a-b') }}", "sv-KEY_1.a-b");
        assertFast("{{secret(\"K\")}}", "sv-K");
        assertFast("{{ s }}{{ s }}", "texttext");
        assertFast("{{ a.long }}0123456789", "z".repeat(20) + "0123456789");
    }

    @Test
    void everythingElseGoesThroughPebble() {
        for (String t : List.of("{{ a.b | upper }}", "{{- a.b }}", "{{ a.b -}}", "{{ true }}", "{{ a.loop ?? 1 }}",
                "{{ a.b }}{% if true %}{% endif %}", "{{ a.b }}{# c #}", "{{\ta.b }}", "{{ a. b }}",
                "{{ secret('K', namespace='x') }}", "{{ secret( 'K' ) }}", "{{ secret('') }}", "{{ secret(K) }}", "{{ secret('K\") }}",
                "{{ secret('K\u00e9') }}", "{{ secret('K K') }}", "{{ secret('K/1') }}", "{{ secret() }}",
                "{{ 1a }}", "{{ a.1 }}", "{{ a['b'] }}", "{{ 'x' }}", "{{ a.b2c }}{{ is }}", "{{ _self }}")) {
            try {
                assertPebble(t);
            } catch (TemplateRenderException e) {
                // Pebble's error, the same on both engines
                assertThatThrownBy(() -> fast.render(t, scope())).isInstanceOf(TemplateRenderException.class)
                        .hasMessage(e.getMessage());
            }
        }
        // values the fast path does not print itself
        assertPebble("{{ a.d }}");
        assertPebble("[{{ a.nul }}]");
        assertPebble("{{ a.b.c ?? 'x' }}");
    }

    @Test
    void aFastTemplateWhoseValueIsMissingOrTooLargeFallsBackToPebblesErrors() {
        for (String t : List.of("{{ a.missing }}", "{{ a.b.c }}", "{{ nope }}", "x{{ a.long }}{{ a.long }}", "{{ a.m.k.z }}")) {
            TemplateRenderException expected = org.assertj.core.api.Assertions.catchThrowableOfType(TemplateRenderException.class,
                    () -> pebble.render(t, scope()));
            assertThat(expected).as(t).isNotNull();
            assertThatThrownBy(() -> fast.render(t, scope())).as(t).isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                assertThat(e.kind()).isEqualTo(expected.kind());
                assertThat(e.getMessage()).isEqualTo(expected.getMessage());
            });
        }
        // exactly the bound (30) on the fast path; one more is Pebble's OUTPUT_TOO_LARGE
        assertFast("{{ a.long }}0123456789", "z".repeat(20) + "0123456789");
        assertThatThrownBy(() -> fast.render("{{ a.long }}01234567890", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        Map<String, Object> vars = Map.of("v", "w".repeat(31), "m", Map.of("k", "w".repeat(30)));
        for (String t : List.of("{{ v }}", "{{ m }}")) {
            assertThatThrownBy(() -> fast.render(t, new RenderScope(vars, (k, n, s) -> "", 4)))
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        }
        assertThat(fast.render("{{ v }}", new RenderScope(Map.of("v", "w".repeat(30)), (k, n, s) -> "", 4))).hasSize(30);
    }

    @Test
    void theSameTemplateInstanceIsServedFromTheIdentityFront() {
        TemplateEngine e = new TemplateEngine(TemplateLimits.DEFAULTS, true);
        String t = new String("{{ s }}!");
        e.render(t, scope());
        assertThat(e.frontHits()).isZero();
        assertThat(e.render(t, scope())).isEqualTo("text!");
        assertThat(e.frontHits()).isEqualTo(1);
        // an equal string, another instance: through the cache, and from then on the front
        String copy = new String(t);
        assertThat(e.render(copy, scope())).isEqualTo("text!");
        assertThat(e.frontHits()).isEqualTo(1);
        assertThat(e.stats().hitCount()).isEqualTo(1);
        // templates longer than 4096 characters are left to the weighed cache
        String max = "{{ s }}" + "x".repeat(4096 - 7);
        String over = "{{ s }}" + "x".repeat(4097 - 7);
        for (int i = 0; i < 2; i++) {
            e.render(max, scope());
            e.render(over, scope());
        }
        assertThat(e.frontHits()).isEqualTo(2);
    }

    @Test
    void aPreparedTemplateRendersAsTheEngineWould() {
        TemplateEngine e = new TemplateEngine(TemplateLimits.DEFAULTS, true);
        TemplateEngine.Prepared literal = e.prepare("plain {text}");
        assertThat(literal.isLiteral()).isTrue();
        assertThat(literal.source()).isEqualTo("plain {text}");
        assertThat(literal.render(scope())).isSameAs(literal.source());
        TemplateEngine.Prepared p = e.prepare("{{ s | upper }}");
        assertThat(p.isLiteral()).isFalse();
        assertThat(p.render(scope())).isEqualTo("TEXT");
        assertThatThrownBy(() -> e.prepare("{{ s ")).isInstanceOfSatisfying(TemplateRenderException.class,
                x -> assertThat(x.kind()).isEqualTo(Kind.SYNTAX));
        assertThat(e.limits()).isEqualTo(TemplateLimits.DEFAULTS);
    }

    @Test
    void theLegacyConstructorKeepsTheDefaultLimitsButTheOutputBound() {
        TemplateEngine e = new TemplateEngine(7, 123, false);
        assertThat(e.limits().cacheSize()).isEqualTo(7);
        assertThat(e.limits().maxRenderedChars()).isEqualTo(123);
        assertThat(e.limits().cacheMaxChars()).isEqualTo(TemplateLimits.DEFAULT_CACHE_MAX_CHARS);
        assertThat(e.limits().maxSteps()).isEqualTo(TemplateLimits.DEFAULT_MAX_STEPS);
        assertThat(e.limits().maxRangeLength()).isEqualTo(TemplateLimits.DEFAULT_MAX_RANGE_LENGTH);
        assertThat(e.limits().maxRenderDepth()).isEqualTo(TemplateLimits.DEFAULT_MAX_RENDER_DEPTH);
        assertThat(new TemplateEngine(9_000_000, 1, true).limits().cacheMaxChars()).isEqualTo(9_000_000);
    }
}
