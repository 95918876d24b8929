package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code {% for %}} (semantics.md, "Loops": {@code loop.*} is data, map entries, {@code for key, value},
 * {@code {% else %}}) over every kind of collection a host passes, and {@code {% raw %}} ("Raw text": output
 * as written, whitespace control, never inside an expression, a comment or a verbatim block).
 */
class LoopsAndRawBlocksTest {
    private final TemplateEngine engine = new TemplateEngine(TemplateLimits.DEFAULTS, true);

    private String render(String template, Map<String, Object> vars) {
        Map<String, Object> all = new HashMap<>(vars);
        all.put("nothing", null);
        return engine.render(template, new RenderScope(all, (key, ns, subkey) -> "unused", 4));
    }

    private String render(String template) {
        return render(template, Map.of());
    }

    private void assertKind(String template, Map<String, Object> vars, Kind kind, String inMessage) {
        assertThatThrownBy(() -> render(template, vars)).isInstanceOfSatisfying(TemplateRenderException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(inMessage);
        });
    }

    // ---- loops ---------------------------------------------------------------------------------------

    @Test
    void loopIsAMapOfItsFiveValues() {
        assertThat(render("{% for x in ['a', 'b'] %}{{ loop }}{% endfor %}"))
                .isEqualTo("{\"index\":0,\"first\":true,\"last\":false,\"length\":2,\"revindex\":1}"
                        + "{\"index\":1,\"first\":false,\"last\":true,\"length\":2,\"revindex\":0}");
        assertThat(render("{% for x in [1] %}{{ loop | length }}{{ loop.index is defined }}{% endfor %}")).isEqualTo("5true");
        assertKind("{% for x in [1] %}{{ loop.other }}{% endfor %}", Map.of(), Kind.UNDEFINED_VARIABLE, "other");
        assertKind("{% for e in m %}{{ e.other }}{% endfor %}", Map.of("m", Map.of("k", 1)), Kind.UNDEFINED_VARIABLE,
                "other");
    }

    @Test
    void everyKindOfCollectionIsIterated() {
        Iterable<Integer> iterable = () -> List.of(7, 8, 9).iterator();
        Map<String, Object> vars = Map.of("it", iterable, "arr", new String[] {"p", "q"},
                "en", Collections.enumeration(List.of("e1", "e2")), "set", new java.util.TreeSet<>(List.of(3, 1, 2)));
        assertThat(render("{% for x in it %}{{ x }}:{{ loop.length }}:{{ loop.revindex }} {% endfor %}", vars))
                .isEqualTo("7:3:2 8:3:1 9:3:0 ");
        assertThat(render("{% for x in arr %}{{ x }}{{ loop.length }}{{ loop.revindex }}{% endfor %}", vars))
                .isEqualTo("p21q20");
        assertThat(render("{% for i, x in arr %}{{ i }}={{ x }} {% endfor %}", vars)).isEqualTo("0=p 1=q ");
        assertThat(render("{% for x in en %}{{ x }}{{ loop.index }}{% endfor %}", vars)).isEqualTo("e10e21");
        // an enumeration is read once, before the first iteration: its length is known
        assertThat(render("{% for x in en %}{{ x }}:{{ loop.length }}:{{ loop.revindex }} {% endfor %}",
                Map.of("en", Collections.enumeration(List.of("e1", "e2", "e3"))))).isEqualTo("e1:3:2 e2:3:1 e3:3:0 ");
        assertThat(render("{% for x in set %}{{ x }}{{ loop.last }}{% endfor %}", vars)).isEqualTo("1false2false3true");
        assertThat(render("{% for x in arr %}{% else %}empty{% endfor %}", Map.of("arr", new int[0]))).isEqualTo("empty");
        assertThat(render("{% for k, v in m %}{% else %}empty{% endfor %}", Map.of("m", Map.of()))).isEqualTo("empty");
    }

    @Test
    void anEndlessEnumerationRunsOutOfItsBoundsInsteadOfMemory() {
        java.util.Enumeration<Integer> endless = new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return true;
            }

            @Override
            public Integer nextElement() {
                return 1;
            }
        };
        assertThatThrownBy(() -> render("{% for x in en %}{{ x }}{% endfor %}", Map.of("en", endless)))
                .isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.kind()).isIn(Kind.TOO_MUCH_WORK, Kind.OUTPUT_TOO_LARGE));
    }

    @Test
    void aNullCollectionRendersNothingAndAScalarIsAnError() {
        assertThat(render("[{% for x in nothing %}a{% else %}b{% endfor %}]")).isEqualTo("[]");
        assertKind("{% for x in 5 %}a{% endfor %}", Map.of(), Kind.EVALUATION, "needs a list, a map or an array");
        assertKind("{% for x in 'abc' %}a{% endfor %}", Map.of(), Kind.EVALUATION, "got a String");
    }

    @Test
    void theLoopVariablesEndWithTheLoop() {
        assertThat(render("{% for x in [1, 2] %}{% endfor %}{{ x ?? 'gone' }}{{ loop ?? '' }}")).isEqualTo("gone");
        assertThat(render("{% set x = 'kept' %}{% for x in [1, 2] %}{{ x }}{% endfor %}{{ x }}")).isEqualTo("12kept");
        assertThat(render("{% for k, v in m %}{% endfor %}{{ k ?? 'gone' }}", Map.of("m", Map.of("a", 1)))).isEqualTo("gone");
    }

    @Test
    void anUnterminatedLoopIsASyntaxError() {
        assertKind("{% for x in [1] %}a", Map.of(), Kind.SYNTAX, "endfor");
        assertKind("{% for x in [1] %}a{% else %}b", Map.of(), Kind.SYNTAX, "endfor");
    }

    @Test
    void anElseBranchMayHoldTagsOfItsOwn() {
        assertThat(render("{% for x in [] %}a{% else %}{% if true %}{% for y in [1, 2] %}{{ y }}{% endfor %}{% endif %}"
                + "{% endfor %}!")).isEqualTo("12!");
    }

    @Test
    void anEntryIsAMapOfItsKeyAndValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", List.of(1, 2));
        assertThat(render("{% for e in m %}{{ e }}|{{ e | length }}|{{ e.key }}={{ e.value }}{% endfor %}", Map.of("m", m)))
                .isEqualTo("k=[1, 2]|2|k=[1,2]"); // an entry prints as key=value
    }

    @Test
    void mapsAreIteratedInTheirOwnOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", 2);
        assertThat(render("{% for k, v in m %}{{ k }}{{ v }}{{ loop.first }}{% endfor %}", Map.of("m", m)))
                .isEqualTo("z1truea2false");
    }

    // ---- raw -----------------------------------------------------------------------------------------

    @Test
    void rawBlocksAreRewrittenOnlyWhereTheyAreTags() {
        assertThat(render("{{ '{% raw %}' }}")).isEqualTo("{% raw %}");
        assertThat(render("a{# {% raw %} #}b")).isEqualTo("ab");
        assertThat(render("{% verbatim %}{% raw %}{{ x }}{% endverbatim %}")).isEqualTo("{% raw %}{{ x }}");
        assertThat(render("{% verbatim %}{% raw %}{% endverbatim %}{% raw %}{{ y }}{% endraw %}"))
                .isEqualTo("{% raw %}{{ y }}");
        assertThat(render("{% if true %}{% raw %}{{ x }}{% endraw %}{% endif %}")).isEqualTo("{{ x }}");
        assertThat(render("{% raw %}{{ a }}{% endraw %}-{%raw%}{% b %}{%endraw%}")).isEqualTo("{{ a }}-{% b %}");
        assertThat(render("{%\traw\n%}{{ a }}{%  endraw\t%}")).isEqualTo("{{ a }}");
        // whitespace control as Pebble's verbatim has it, on each side separately
        for (String t : List.of("x {%- raw %} {{ a }} {% endraw -%} y", "x {% raw -%} {{ a }} {%- endraw %} y",
                "x {%- raw -%} {{ a }} {%- endraw -%} y")) {
            assertThat(render(t)).as(t).isEqualTo(render(t.replace("endraw", "endverbatim").replace("raw", "verbatim")));
        }
        assertThat(render("x {%- raw %}{% endraw %} y")).isEqualTo("x y");
        assertThat(render("{ raw {{ 'x' }} {")).isEqualTo("{ raw x {");
        assertThat(render("{{ 'raw' }}{")).isEqualTo("raw{");
    }

    @Test
    void aBrokenRawBlockIsASyntaxErrorAtItsLine() {
        assertThatThrownBy(() -> render("a\nb {% raw %}{{ x }}")).isInstanceOfSatisfying(TemplateRenderException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.SYNTAX);
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage()).contains("line 2").contains("endraw");
        });
        assertThatThrownBy(() -> render("a\n\n{% raw %}endverbatim{% endraw %}"))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SYNTAX);
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("endverbatim").contains("line 3");
                });
        // an unterminated verbatim block or expression before it: Pebble's own syntax error
        assertKind("{% verbatim %}{% raw %}", Map.of(), Kind.SYNTAX, "");
        assertKind("{{ 'a' {% raw %}x{% endraw %}", Map.of(), Kind.SYNTAX, "");
        assertKind("{% if true {% raw %}x{% endraw %}", Map.of(), Kind.SYNTAX, "");
        // the scan for raw tags moves past every expression and tag it skips, also where one opens inside another
        assertKind("{{{{}} raw", Map.of(), Kind.SYNTAX, "");
        assertKind("{%{%%} raw", Map.of(), Kind.SYNTAX, "");
    }
}
