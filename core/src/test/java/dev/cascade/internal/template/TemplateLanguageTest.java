package dev.cascade.internal.template;

import dev.cascade.SecretNotFoundException;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The language features Kestra flow authors rely on, with the results Kestra documents: JSON printing
 * (Kestra "Expressions" page, printing rules), {@code ??} / {@code ???} ("Handling null and undefined
 * values"), {@code {% raw %}}, {@code loop.*} and map entries in {@code for} (Pebble's loop variables, which
 * Kestra inherits), {@code render()} / {@code renderOnce()} ("render" function: recursive by default),
 * {@code secret(..., full=true)} (Kestra's {@code {value, metadata}} shape) and errors naming a missing filter.
 */
class TemplateLanguageTest {
    private final TemplateEngine fast = new TemplateEngine(TemplateLimits.DEFAULTS, true);
    private final TemplateEngine slow = new TemplateEngine(TemplateLimits.DEFAULTS, false);

    private static RenderScope scope(Map<String, Object> namespace) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("namespace", namespace);
        vars.put("nothing", null);
        return new RenderScope(vars, (key, ns, subkey) -> switch (key) {
            case "TOKEN" -> "s3cr3t-token";
            case "TEMPLATE_LIKE" -> "{{ namespace.c }}";
            default -> throw new SecretNotFoundException("Secret '" + key + "' not found");
        }, 4);
    }

    /** Renders on both paths (fast paths on and off) and checks they agree. */
    private String render(String template, Map<String, Object> namespace) {
        String a = fast.render(template, scope(namespace));
        String b = slow.render(template, scope(namespace));
        assertThat(a).as("fast and Pebble paths of %s", template).isEqualTo(b);
        return a;
    }

    private String render(String template) {
        return render(template, Map.of());
    }

    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("e", true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", "x\"y\\z\n");
        m.put("a", 1);
        m.put("c", Arrays.asList(1, "two", null, 2.5));
        m.put("d", inner);
        return m;
    }

    // ---- printing ----------------------------------------------------------------------------------

    @Test
    void mapsListsAndArraysPrintAsJsonStringsAsThemselves() {
        Map<String, Object> ns = Map.of("m", sample(), "l", List.of("a", 1), "s", "plain \"text\"",
                "arr", new String[] {"p", "q"}, "empty", List.of());
        assertThat(render("{{ namespace.m }}", ns))
                .isEqualTo("{\"b\":\"x\\\"y\\\\z\\n\",\"a\":1,\"c\":[1,\"two\",null,2.5],\"d\":{\"e\":true}}");
        assertThat(render("list: {{ namespace.l }}!", ns)).isEqualTo("list: [\"a\",1]!");
        assertThat(render("{{ namespace.s }}", ns)).isEqualTo("plain \"text\"");
        assertThat(render("{{ namespace.arr }}", ns)).isEqualTo("[\"p\",\"q\"]");
        assertThat(render("{{ namespace.empty }}", ns)).isEqualTo("[]");
        assertThat(render("{{ 'a,b' | split(',') }}")).isEqualTo("[\"a\",\"b\"]");
        assertThat(render("{{ [1, 'x', [true]] }}")).isEqualTo("[1,\"x\",[true]]");
        assertThat(render("{{ {'k': 'v'} }}")).isEqualTo("{\"k\":\"v\"}");
        assertThat(render("{{ namespace.m.c[1] }}", ns)).isEqualTo("two");
    }

    // ---- coalescing --------------------------------------------------------------------------------

    @Test
    void nullCoalescingTakesTheRightSideForUndefinedOrNull() {
        Map<String, Object> ns = Map.of("a", "A");
        assertThat(render("{{ namespace.missing ?? 'default' }}", ns)).isEqualTo("default");
        assertThat(render("{{ missing ?? 'default' }}", ns)).isEqualTo("default");
        assertThat(render("{{ nothing ?? 'default' }}", ns)).isEqualTo("default");
        assertThat(render("{{ null ?? 'default' }}", ns)).isEqualTo("default");
        assertThat(render("{{ namespace.a ?? 'default' }}", ns)).isEqualTo("A");
        assertThat(render("{{ namespace.missing.deeper ?? missing ?? 'last' }}", ns)).isEqualTo("last");
        assertThat(render("{{ namespace.missing ?? namespace.a | upper }}", ns)).isEqualTo("A");
    }

    @Test
    void undefinedCoalescingKeepsADefinedNull() {
        Map<String, Object> ns = Map.of("a", "A");
        assertThat(render("{{ namespace.missing ??? 'default' }}", ns)).isEqualTo("default");
        assertThat(render("[{{ nothing ??? 'default' }}]", ns)).isEqualTo("[]");
        assertThat(render("{{ (nothing ??? 'default') is null }}", ns)).isEqualTo("true");
        assertThat(render("{{ namespace.a ??? 'default' }}", ns)).isEqualTo("A");
    }

    // ---- raw ---------------------------------------------------------------------------------------

    @Test
    void rawBlocksAreOutputAsWritten() {
        assertThat(render("{% raw %}{{ not.rendered }} {% if %}{% endraw %}")).isEqualTo("{{ not.rendered }} {% if %}");
        assertThat(render("a {%- raw -%}  {{ x }}  {%- endraw -%} b")).isEqualTo("a{{ x }}b");
        assertThat(render("{{ 'x' }}{% raw %}{{ y }}{% endraw %}{{ 'z' }}{%raw%}{%endraw%}")).isEqualTo("x{{ y }}z");
        assertThat(render("{{ 'raw' }} {# raw #}")).isEqualTo("raw ");
        assertThatThrownBy(() -> fast.render("{% raw %}{{ x }}", scope(Map.of())))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SYNTAX);
                    assertThat(e.getMessage()).contains("endraw");
                });
    }

    // ---- loops -------------------------------------------------------------------------------------

    @Test
    void loopVariablesAreData() {
        assertThat(render("{% for x in ['a', 'b', 'c'] %}{{ x }}{{ loop.index }}{{ loop.first }}{{ loop.last }}"
                + "{{ loop.length }}{{ loop.revindex }} {% endfor %}"))
                .isEqualTo("a0truefalse32 b1falsefalse31 c2falsetrue30 ");
        assertThat(render("{% for x in [1, 2] %}{% for y in [3] %}{{ loop.index }}{{ loop.length }}{% endfor %}"
                + "{{ loop.index }}{% endfor %}")).isEqualTo("010011");
        assertThat(render("{% for x in [] %}x{% else %}empty{% endfor %}")).isEqualTo("empty");
        assertThat(render("{% for x in namespace.arr %}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}",
                Map.of("arr", new int[] {1, 2, 3}))).isEqualTo("1,2,3");
    }

    @Test
    void mapEntriesHaveKeyAndValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("one", 1);
        m.put("two", List.of(2));
        Map<String, Object> ns = Map.of("m", m);
        assertThat(render("{% for e in namespace.m %}{{ e.key }}={{ e.value }};{% endfor %}", ns)).isEqualTo("one=1;two=[2];");
        assertThat(render("{% for k, v in namespace.m %}{{ k }}:{{ v }} {% endfor %}", ns)).isEqualTo("one:1 two:[2] ");
        assertThat(render("{% for i, v in ['a', 'b'] %}{{ i }}{{ v }}{% endfor %}")).isEqualTo("0a1b");
        assertThat(render("{% for e in namespace.m %}{{ e }} {% endfor %}", ns)).isEqualTo("one=1 two=[2] ");
        assertThat(render("{% for e in namespace.m %}{{ loop.index }}{{ loop.length }}{% endfor %}", ns)).isEqualTo("0212");
    }

    // ---- render ------------------------------------------------------------------------------------

    private static Map<String, Object> chain() {
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("a", "{{ namespace.b }}");
        ns.put("b", "{{ namespace.c }}");
        ns.put("c", "deep");
        ns.put("m", new LinkedHashMap<>(Map.of("k", "{{ namespace.a }}")));
        ns.put("l", new ArrayList<>(List.of("{{ namespace.b }}", 3)));
        ns.put("viaSecret", "{{ secret('TEMPLATE_LIKE') }}");
        return ns;
    }

    @Test
    void renderIsRecursiveByDefault() {
        assertThat(render("{{ render(namespace.a) }}", chain())).isEqualTo("deep");
        assertThat(render("{{ render(namespace.a, recursive=true) }}", chain())).isEqualTo("deep");
        assertThat(render("{{ render(namespace.a, recursive=false) }}", chain())).isEqualTo("{{ namespace.c }}");
        assertThat(render("{{ renderOnce(namespace.a) }}", chain())).isEqualTo("{{ namespace.c }}");
        assertThat(render("[{{ render(null) }}]", chain())).isEqualTo("[]");
        assertThat(render("{{ render(namespace.m) }}", chain())).isEqualTo("{\"k\":\"deep\"}");
        assertThat(render("{{ render(namespace.l) }}", chain())).isEqualTo("[\"deep\",3]");
        assertThat(render("{{ renderOnce(namespace.m) }}", chain())).isEqualTo("{\"k\":\"{{ namespace.b }}\"}");
        assertThat(render("{{ render(42) }}", chain())).isEqualTo("42");
    }

    @Test
    void recursiveRenderNeverRendersASecretsValue() {
        // the first pass yields the secret's value, which looks like a template: it is returned verbatim
        assertThat(render("{{ render(namespace.viaSecret) }}", chain())).isEqualTo("{{ namespace.c }}");
    }

    @Test
    void recursiveRenderIsBoundedByTheRenderDepth() {
        // a value that renders to a new template every pass, forever
        Map<String, Object> ns = Map.of("grow", "{{ '{{ namespace.grow }}' }}x");
        assertThatThrownBy(() -> fast.render("{{ render(namespace.grow) }}", scope(ns)))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RENDER_DEPTH);
                    assertThat(e.getMessage()).contains("passes");
                });
    }

    // ---- secret(full=true) -------------------------------------------------------------------------

    @Test
    void secretFullGivesValueAndMetadata() {
        assertThat(render("{% set c = secret('TOKEN', full=true) %}{{ c.value }}|{{ c.metadata | length }}"))
                .isEqualTo("s3cr3t-token|0");
        assertThat(render("{{ secret('TOKEN', full=false) }}")).isEqualTo("s3cr3t-token");
    }

    // ---- errors ------------------------------------------------------------------------------------

    @Test
    void aMissingFilterFunctionTestOrTagIsNamedWithNearNames() {
        assertUnknown("{{ 'a' | uper }}", "filter 'uper' does not exist; did you mean 'upper'?");
        assertUnknown("{{ 'a' | UPPER }}", "filter 'UPPER' does not exist; did you mean 'upper'?");
        assertUnknown("{{ rnage(1, 2) }}", "function 'rnage' does not exist; did you mean 'range'?");
        assertUnknown("{% if 2 is evn %}x{% endif %}", "test 'evn' does not exist; did you mean 'even'?");
        assertUnknown("{% fro x in [1] %}{% endfor %}", "tag 'fro' does not exist; did you mean 'for'?");
        assertUnknown("{{ 'a' | zzzzzzzz }}", "filter 'zzzzzzzz' does not exist of template");
    }

    @Test
    void anOperatorFromAnotherLanguageIsNamedWithCascadesSpelling() {
        for (String[] c : new String[][] {{"{{ true && false }}", "'&&' does not exist; did you mean 'and'?"},
            {"{% if 1 || 2 %}x{% endif %}", "'||' does not exist; did you mean 'or'?"},
            {"{{ 1 === 1 }}", "'===' does not exist; did you mean '=='?"},
            {"{{ missing ?: 'd' }}", "'?:' does not exist; did you mean '??'?"}}) {
            assertThatThrownBy(() -> fast.render(c[0], scope(Map.of())))
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.SYNTAX);
                        assertThat(e.getMessage()).as(c[0]).contains("operator " + c[1]);
                    });
        }
        // an operator-looking text inside a string is not blamed
        assertThatThrownBy(() -> fast.render("{{ 'a && b' ~ }}", scope(Map.of())))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("operator '&&'"));
    }

    private void assertUnknown(String template, String message) {
        assertThatThrownBy(() -> fast.render(template, scope(Map.of())))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_NAME);
                    assertThat(e.getMessage()).contains(message.replace(" of template", "")).contains("line 1");
                });
    }

    @Test
    void aSecretKeyComputedFromASecretIsNeverQuoted() {
        assertThatThrownBy(() -> fast.render("{{ secret(secret('TOKEN') | upper) }}", scope(Map.of())))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3CR3T").doesNotContain("s3cr3t")
                        .contains("computed"));
        assertThatThrownBy(() -> fast.render("{{ secret(secret('TOKEN') ~ '-x') }}", scope(Map.of())))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
        // a template computed from a secret is not quoted by render() errors either
        for (String t : List.of("{{ render('{{ missing }}' ~ (secret('TOKEN') | upper)) }}",
                "{{ render('{{ secret(\\'' ~ (secret('TOKEN') | upper) ~ '\\') }}') }}",
                "{{ render('{{ 1 | nofilter }}' ~ (secret('TOKEN') | upper)) }}")) {
            assertThatThrownBy(() -> fast.render(t, scope(Map.of())))
                    .isInstanceOf(TemplateRenderException.class)
                    .satisfies(e -> assertThat(e.getMessage()).as(t).doesNotContain("S3CR3T").contains("computed"));
        }
        // a template written in a variable is still quoted
        assertThatThrownBy(() -> fast.render("{{ render(namespace.t) }}", scope(Map.of("t", "{{ missing }}"))))
                .satisfies(e -> assertThat(e.getMessage()).contains("{{ missing }}"));
        assertThatThrownBy(() -> fast.render("{{ range(0, (secret('TOKEN') | length) * 1000000000000) | length }}", scope(Map.of())))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("12000000000000"));
        // a key written in the template is still named
        assertThatThrownBy(() -> fast.render("{{ secret('NOPE') }}", scope(Map.of())))
                .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("NOPE");
    }
}
