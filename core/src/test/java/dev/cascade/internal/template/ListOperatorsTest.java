package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code +} and {@code -} on lists return a new list: Pebble changes a list operand in place, which would let a
 * template change the host's variables and what the next render sees (found by the fast-path/Pebble-path
 * differential property, whose two renders saw different inputs).
 */
class ListOperatorsTest {
    private static RenderScope scope(Map<String, Object> vars) {
        return new RenderScope(vars, (key, ns, subkey) -> "v", 4);
    }

    @Test
    void addingToOrRemovingFromAListLeavesTheHostsListAlone() {
        for (boolean fast : new boolean[] {true, false}) {
            TemplateEngine engine = new TemplateEngine(TemplateLimits.DEFAULTS, fast);
            List<Object> x = new ArrayList<>(List.of("a", "b"));
            Map<String, Object> vars = new HashMap<>();
            vars.put("x", x);
            assertThat(engine.render("{{ x + 'c' }}", scope(vars))).isEqualTo("[\"a\",\"b\",\"c\"]");
            assertThat(engine.render("{{ x + ['c', 'd'] }}", scope(vars))).isEqualTo("[\"a\",\"b\",\"c\",\"d\"]");
            assertThat(engine.render("{{ x + 'c' }}", scope(vars))).isEqualTo("[\"a\",\"b\",\"c\"]");
            assertThat(engine.render("{{ x - ['b'] }}|{{ x - 'a' }}", scope(vars))).isEqualTo("[\"a\"]|[\"b\"]");
            assertThat(engine.render("{% set y = x + 'z' %}{{ y - 'z' }}|{{ x }}", scope(vars)))
                    .isEqualTo("[\"a\",\"b\"]|[\"a\",\"b\"]");
            assertThat(x).as("fast path %s", fast).containsExactly("a", "b");
            // numbers and strings are Pebble's
            assertThat(engine.render("{{ 2 + 3 }}|{{ 5 - 7 }}|{{ 'a' + 'b' }}", scope(vars))).isEqualTo("5|-2|ab");
        }
    }

    @Test
    void aFailedAdditionOrSubtractionIsReportedAtItsLine() {
        TemplateEngine engine = new TemplateEngine(TemplateLimits.DEFAULTS, true);
        Map<String, Object> vars = new HashMap<>();
        vars.put("m", Map.of("k", 1));
        for (String op : List.of("+", "-")) {
            String template = "a\n\n{{ m " + op + " 1 }}";
            assertThatThrownBy(() -> engine.render(template, scope(vars)))
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.EVALUATION);
                        assertThat(e.line()).as(e.getMessage()).isEqualTo(3);
                        assertThat(e.getMessage()).contains("expression {{ m " + op + " 1 }} at line 3");
                    });
        }
    }

    @Test
    void anUnmodifiableListWorksToo() {
        TemplateEngine engine = new TemplateEngine(TemplateLimits.DEFAULTS, true);
        Map<String, Object> vars = new HashMap<>();
        vars.put("x", List.of("a"));
        assertThat(engine.render("{{ x + 'b' }}", scope(vars))).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void aListGrownInALoopIsBoundedBeforeItIsBuilt() {
        TemplateEngine engine = new TemplateEngine(TemplateLimits.DEFAULTS, true);
        Map<String, Object> vars = new HashMap<>();
        vars.put("big", new ArrayList<>(java.util.Collections.nCopies(600_000, 1)));
        assertThatThrownBy(() -> engine.render("{{ (big + big) | length }}", scope(vars)))
                .isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        assertThat((List<?>) vars.get("big")).hasSize(600_000);
    }
}
