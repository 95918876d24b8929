package dev.cascade.internal.template;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plain-Pebble reference of the differential properties is what they assume it is: Pebble with its own
 * filters and loop, strict variables, no escaping, JSON printing, and Cascade's refused tags and method calls
 * — but none of Cascade's functions or language additions. (The properties compare thousands of generated
 * templates against it; this pins the configuration itself in a few milliseconds.)
 */
class ReferencePebbleTest {
    private final PebbleEngine reference = TemplateEngine.referencePebble(100);

    private String render(String template, Map<String, Object> ctx) throws Exception {
        StringWriter w = new StringWriter();
        reference.getTemplate(template).evaluate(w, ctx);
        return w.toString();
    }

    @Test
    void pebblesFiltersAndLoopWithJsonPrintingAndNoEscaping() throws Exception {
        assertThat(render("{{ a | upper }}|{{ [1, 'x'] }}|{{ m }}|{{ '<b>' }}", Map.of("a", "abc", "m", Map.of("k", true))))
                .isEqualTo("ABC|[1,\"x\"]|{\"k\":true}|<b>");
        assertThat(render("{% for x in [1, 2] %}{{ x }}{% endfor %}", Map.of())).isEqualTo("12");
        // Pebble's own loop: loop.index is a Java getter, which the refused method calls include (Cascade's
        // loop makes it data)
        assertThatThrownBy(() -> render("{% for x in [1] %}{{ loop.index }}{% endfor %}", Map.of()))
                .isInstanceOf(PebbleException.class);
    }

    @Test
    void pebblesTestsAndFunctionsButNotI18n() throws Exception {
        assertThat(render("{{ 2 is even }} {{ max(1, 3) }}", Map.of())).isEqualTo("true 3");
        assertThatThrownBy(() -> render("{{ i18n('messages', 'key') }}", Map.of())).isInstanceOf(PebbleException.class);
        // nor in Cascade's engine: i18n reads resource bundles
        TemplateEngine cascade = new TemplateEngine(TemplateLimits.DEFAULTS, true);
        assertThatThrownBy(() -> cascade.render("{{ i18n('messages', 'key') }}", new RenderScope(Map.of(), (k, n, s) -> "", 4)))
                .isInstanceOfSatisfying(dev.cascade.template.TemplateRenderException.class,
                        e -> assertThat(e.kind()).isEqualTo(dev.cascade.template.TemplateRenderException.Kind.UNKNOWN_NAME));
    }

    @Test
    void strictBoundedAndWithoutCascadesAdditions() {
        assertThatThrownBy(() -> render("{{ missing }}", Map.of())).isInstanceOf(PebbleException.class);
        assertThatThrownBy(() -> render("{{ s }}", Map.of("s", "y".repeat(200))))
                .isInstanceOf(PebbleException.class);
        assertThatThrownBy(() -> render("{{ secret('K') }}", Map.of())).isInstanceOf(PebbleException.class);
        assertThatThrownBy(() -> render("{% include 'other' %}", Map.of())).isInstanceOf(PebbleException.class);
        assertThatThrownBy(() -> render("{{ s.getClass() }}", Map.of("s", "text"))).isInstanceOf(PebbleException.class);
    }
}
