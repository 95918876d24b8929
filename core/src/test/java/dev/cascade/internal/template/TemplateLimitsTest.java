package dev.cascade.internal.template;

import dev.cascade.ConfigurationException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Templates written as an attacker would: each ends in its documented {@link TemplateRenderException} kind
 * (never an Error or a raw exception), without exhausting the heap or keeping the thread busy, and the engine
 * serves other renders afterwards. Run with {@code -DargLine=-Xmx384m} to check them on a small heap.
 */
class TemplateLimitsTest {
    private final TemplateEngine engine = new TemplateEngine(TemplateLimits.DEFAULTS, true);

    private static RenderScope scope(Map<String, Object> namespace) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("namespace", namespace);
        vars.put("big", "x".repeat(10_000));
        return new RenderScope(vars, (key, ns, subkey) -> {
            if (key.equals("A")) {
                return "alpha-secret";
            }
            throw new SecretNotFoundException("Secret '" + key + "' not found");
        }, 4);
    }

    private void assertKind(String template, Kind kind) {
        assertKind(template, Map.of(), kind);
    }

    private void assertKind(String template, Map<String, Object> namespace, Kind kind) {
        assertThatThrownBy(() -> engine.render(template, scope(namespace)))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind())
                        .as("%s: %s", template, e.getMessage()).isEqualTo(kind));
    }

    @AfterEach
    void engineStillServes() {
        assertThat(engine.render("{% for i in range(1, 3) %}{{ i }}{% endfor %}{{ namespace.x ?? 'ok' }}", scope(Map.of())))
                .isEqualTo("123ok");
        assertThat(RenderBudget.active()).as("no budget left installed on the thread").isNull();
    }

    // ---- memory: every intermediate value is bounded -------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        // doubling a string 40 times in a loop
        "{% set s = 'ab' %}{% for i in range(1, 40) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}",
        // joining a 100,000-element range with a large separator
        "{{ range(1, 100000) | join(big) | length }}",
        // merge doubling a list
        "{% set l = [1, 2] %}{% for i in range(1, 40) %}{% set l = l | merge(l) %}{% endfor %}{{ l | length }}",
        // replace growing a string
        "{% set s = 'a' %}{% for i in range(1, 40) %}{% set s = s | replace({'a': 'aa'}) %}{% endfor %}{{ s | length }}",
        // + on strings
        "{% set s = big %}{% for i in range(1, 40) %}{% set s = s + s %}{% endfor %}{{ s | length }}",
        // one replace with a huge expansion
        "{{ big | replace({'x': big}) | length }}",
    })
    void valuesBuiltWhileRenderingAreBounded(String template) {
        assertKind(template, Kind.OUTPUT_TOO_LARGE);
    }

    @Test
    void aMapPrintedAsJsonIsBounded() {
        Map<String, Object> ns = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            ns.put("k" + i, "v".repeat(10_000));
        }
        assertKind("{{ namespace }}", ns, Kind.OUTPUT_TOO_LARGE); // fast path gives up, Pebble's path reports
        assertKind("{{ namespace | default('') }}", ns, Kind.OUTPUT_TOO_LARGE);
    }

    @Test
    void listsGrownInLoopsRunOutOfBudget() {
        // each + copies the list: quadratic work, stopped by the step budget
        assertKind("{% set l = [] %}{% for i in range(1, 100000) %}{% set l = l + [i] %}{% endfor %}{{ l | length }}",
                Kind.TOO_MUCH_WORK);
    }

    // ---- ranges ------------------------------------------------------------------------------------

    @Test
    void rangesAreComputedWithoutOverflowAndCapped() {
        RenderScope s = scope(Map.of());
        assertThat(engine.render("{{ range(9223372036854775806, 9223372036854775807) | join(',') }}", s))
                .isEqualTo("9223372036854775806,9223372036854775807");
        assertThat(engine.render("{{ range(0, 9223372036854775807, 9223372036854775807) | join(',') }}", s))
                .isEqualTo("0,9223372036854775807");
        assertThat(engine.render("{{ range(-9223372036854775807, -9223372036854775806) | join(',') }}", s))
                .isEqualTo("-9223372036854775807,-9223372036854775806");
        assertThat(engine.render("{{ range(10, 1, -3) | join(',') }}", s)).isEqualTo("10,7,4,1");
        assertThat(engine.render("{{ range(1, 10, -1) | length }}", s)).isEqualTo("0");
        assertThat(engine.render("{{ (1..5) | join(',') }}", s)).isEqualTo("1,2,3,4,5");
        assertThat(engine.render("{{ ('a'..'e') | join }}", s)).isEqualTo("abcde");
        assertThat(BoundedBuiltins.Range.length(Long.MIN_VALUE, Long.MAX_VALUE, 1)).isEqualTo(-1);
        assertThat(BoundedBuiltins.Range.length(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ range(0, 9223372036854775807) | length }}",
        "{{ range(-9223372036854775807, 9223372036854775807) | length }}",
        "{{ range(9223372036854775807, -9223372036854775807, -1) | length }}",
        "{{ (0..9223372036854775807) | length }}",
        "{{ (1..100001) | length }}",
    })
    void hugeRangesAreRefusedBeforeAnythingIsBuilt(String template) {
        assertKind(template, Kind.RANGE_TOO_LARGE);
    }

    // ---- work ----------------------------------------------------------------------------------------

    @Tag("slow")
    @ParameterizedTest
    @ValueSource(strings = {
        // exponential macro
        "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
        // nested loops
        "{% for i in range(1, 100000) %}{% for j in range(1, 100000) %}{% endfor %}{% endfor %}",
        "{% for i in range(1, 100000) %}{% for j in range(1, 100000) %}{{ '' }}{% endfor %}{% endfor %}",
        // a pathological regular expression in split
        "{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac' | split('(.*a){20}b') | length }}",
        "{{ ('a' ~ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac') | split('(a*)*(.*a){12}b') | length }}",
        // output written where Pebble's output bound does not apply (a block() buffer)
        "{% if false %}{% block b %}{% for i in range(1, 100000) %}{{ big }}{% endfor %}{% endblock %}{% endif %}{% for i in range(1, 100) %}{% set x = block('b') %}{% endfor %}",
        "{% if false %}{% block b %}{% for i in range(1, 100000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endblock %}{% endif %}{% for i in range(1, 100) %}{% set x = block('b') %}{% endfor %}",
        // sorting a large list again and again
        "{% for i in range(1, 100000) %}{{ range(1, 100000) | sort | length }}{% endfor %}",
    })
    void runawayWorkIsStopped(String template) {
        assertKind(template, Kind.TOO_MUCH_WORK);
    }

    @Test
    void renderFanOutSharesOneBudget() {
        // ten render() calls per level, eight levels deep: 10^8 renders if nothing stopped it
        Map<String, Object> ns = new HashMap<>();
        for (int level = 0; level < 8; level++) {
            ns.put("l" + level, ("{{ render(namespace.l" + (level + 1) + ") }}").repeat(10));
        }
        ns.put("l8", "{{ '' }}");
        assertKind("{{ render(namespace.l0) }}", ns, Kind.TOO_MUCH_WORK);
    }

    @Test
    void aSmallerBudgetIsASetting() {
        TemplateEngine tight = new TemplateEngine(new TemplateLimits(100, 1_000_000, 1000, 100, 10, 4), true);
        assertThatThrownBy(() -> tight.render("{% for i in range(1, 10) %}{% for j in range(1, 10) %}{% endfor %}{% endfor %}",
                scope(Map.of()))).isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MUCH_WORK));
        assertThatThrownBy(() -> tight.render("{{ range(1, 11) | length }}", scope(Map.of())))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RANGE_TOO_LARGE));
        assertThatThrownBy(() -> tight.render("{{ 'abcdef' ~ big }}", scope(Map.of())))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        assertThat(tight.render("{{ range(1, 10) | join }}", scope(Map.of()))).isEqualTo("12345678910");
    }

    @Test
    void theBudgetIsPerRender() {
        TemplateEngine tight = new TemplateEngine(new TemplateLimits(100, 1_000_000, 1000, 200, 100, 4), true);
        // each render alone fits; many in a row do not add up
        for (int i = 0; i < 50; i++) {
            assertThat(tight.render("{% for j in range(1, 20) %}{% endfor %}{{ " + i + " }}", scope(Map.of())))
                    .isEqualTo(String.valueOf(i));
        }
    }

    // ---- numbers, errors -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{{ 99999999999999999999 }}", "{{ 1 + 92233720368547758070 }}",
        "{% if 99999999999999999999 > 1 %}x{% endif %}"})
    void numberLiteralsTooLargeForALongAreSyntaxErrors(String template) {
        assertThatThrownBy(() -> engine.render(template, scope(Map.of())))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SYNTAX);
                    assertThat(e.getMessage()).contains("64-bit");
                });
    }

    @Test
    void deepSelfContainingValuesAreATemplateError() {
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        assertThatThrownBy(() -> engine.render("{{ namespace }}", scope(loop)))
                .isInstanceOf(TemplateRenderException.class);
    }

    @Test
    void theLimitsAreResolverSettings() {
        ResolverCacheConfig c = ResolverCacheConfig.fromProperties(Map.of("maxTemplateSteps", "1000",
                "maxRangeLength", "7", "maxRenderDepth", "3", "templateCacheMaxChars", "12345"));
        assertThat(c.maxTemplateSteps()).isEqualTo(1000);
        assertThat(c.maxRangeLength()).isEqualTo(7);
        assertThat(c.maxRenderDepth()).isEqualTo(3);
        assertThat(c.templateCacheMaxChars()).isEqualTo(12345);
        ResolverCacheConfig d = ResolverCacheConfig.DEFAULTS;
        assertThat(d.maxTemplateSteps()).isEqualTo(TemplateLimits.DEFAULT_MAX_STEPS);
        assertThat(d.maxRangeLength()).isEqualTo(TemplateLimits.DEFAULT_MAX_RANGE_LENGTH);
        assertThat(d.maxRenderDepth()).isEqualTo(TemplateLimits.DEFAULT_MAX_RENDER_DEPTH);
        assertThat(d.templateCacheMaxChars()).isEqualTo(TemplateLimits.DEFAULT_CACHE_MAX_CHARS);
        assertThatThrownBy(() -> ResolverCacheConfig.builder().maxTemplateSteps(0).maxRenderDepth(0).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxTemplateSteps was '0'").hasMessageContaining("maxRenderDepth was '0'");
    }

    // ---- the template cache --------------------------------------------------------------------------

    @Test
    void theTemplateCacheIsBoundedByCharacters() {
        TemplateEngine cached = new TemplateEngine(new TemplateLimits(10_000, 2_000_000, 1_000_000, 1_000_000, 10, 4), true);
        String body = "x".repeat(256 * 1024);
        for (int i = 0; i < 200; i++) {
            assertThat(cached.render("{{ namespace.x }}" + body + i, scope(Map.of("x", "y")))).hasSize(body.length() + 1
                    + String.valueOf(i).length());
        }
        assertThat(cached.cacheWeight()).isLessThanOrEqualTo(2_000_000);
        assertThat(cached.cacheSize()).isBetween(1L, 8L);
        // what is kept is weighed by its characters: at least the templates' bodies
        assertThat(cached.cacheWeight()).isGreaterThanOrEqualTo(cached.cacheSize() * body.length());
        assertThat(cached.stats().evictionCount()).isPositive();
        // the count bound still holds for small templates
        TemplateEngine counted = new TemplateEngine(new TemplateLimits(5, 2_000_000, 1000, 1000, 10, 4), true);
        for (int i = 0; i < 50; i++) {
            counted.render("{{ namespace.x }}" + i, scope(Map.of("x", "y")));
        }
        assertThat(counted.cacheSize()).isLessThanOrEqualTo(5);
    }
}
