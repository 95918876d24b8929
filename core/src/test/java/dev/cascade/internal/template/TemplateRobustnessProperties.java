package dev.cascade.internal.template;

import dev.cascade.CascadeException;
import dev.cascade.SecretNotFoundException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated templates mixing every construct with hostile operands (huge and negative numbers, empty and
 * regular-expression strings, nested collections): a render returns a string or throws from the
 * {@link CascadeException} family, never an Error or a raw exception, and within tight limits.
 */
class TemplateRobustnessProperties {
    private final TemplateEngine engine = new TemplateEngine(new TemplateLimits(1000, 1_000_000, 5000, 50_000, 1000, 4), true);

    @Property(tries = 500)
    void everyRenderEndsInAStringOrACascadeException(@ForAll("templates") String template) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("s", "a,b,,c");
        vars.put("n", 3);
        vars.put("big", Long.MAX_VALUE);
        vars.put("l", List.of(1, "two", List.of(3)));
        vars.put("m", Map.of("k", "v", "t", "{{ s }}"));
        vars.put("nothing", null);
        RenderScope scope = new RenderScope(vars, (k, ns, sub) -> {
            if (k.equals("A")) {
                return "secret-a";
            }
            throw new SecretNotFoundException("Secret '" + k + "' not found");
        }, 4);
        try {
            assertThat(engine.render(template, scope)).isNotNull();
        } catch (CascadeException expected) {
            assertThat(expected.getMessage()).doesNotContain("secret-a");
        }
        assertThat(RenderBudget.active()).isNull();
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> operand = Arbitraries.of("s", "n", "big", "l", "m", "nothing", "missing", "'x'", "''",
                "'(a+)+b'", "'.*'", "0", "-1", "9223372036854775807", "-9223372036854775807", "1.5", "[]", "{}",
                "[1, [2]]", "{'a': 1}", "secret('A')", "m.t", "l[2]", "true", "null", "(1..3)", "'a'");
        Arbitrary<String> binary = Arbitraries.of("~", "+", "-", "*", "/", "%", "==", "<", "and", "or", "??", "???",
                "contains", "..", "is empty", "is not null");
        Arbitrary<String> filter = Arbitraries.of("upper", "length", "join(',')", "split(',')", "split('(a+)+b')",
                "replace({'a': 'bb'})", "merge([1])", "first", "last", "sort", "reverse", "abs", "default('d')",
                "slice(0, 2)", "title", "trim", "date", "numberformat('#')", "base64encode", "sha256", "abbreviate(2)");
        Arbitrary<String> expr = Combinators.combine(operand, binary, operand, filter, Arbitraries.of(true, false))
                .as((a, op, b, f, filtered) -> op.startsWith("is") ? a + " " + op : filtered ? "(" + a + " " + op + " " + b + ") | " + f
                        : a + " " + op + " " + b);
        Arbitrary<String> piece = Combinators.combine(expr, expr, Arbitraries.of(0, 1, 2, 3, 4, 5, 6)).as((e1, e2, kind) -> switch (kind) {
            case 0 -> "{{ " + e1 + " }}";
            case 1 -> "{% for x in " + e1 + " %}{{ x }}{{ loop.index }}{% else %}-{% endfor %}";
            case 2 -> "{% if " + e1 + " %}{{ " + e2 + " }}{% endif %}";
            case 3 -> "{% set v = " + e1 + " %}{{ v }}";
            case 4 -> "{{ render(" + e1 + ") }}";
            case 5 -> "{{ range(" + e1 + ", " + e2 + ") | length }}";
            default -> "{% raw %}{{ " + e1 + " }}{% endraw %}";
        });
        return piece.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
    }
}
