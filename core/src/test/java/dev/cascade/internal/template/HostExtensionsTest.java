package dev.cascade.internal.template;

import dev.cascade.ConfigurationException;
import dev.cascade.template.TemplateExtension;
import dev.cascade.template.TemplateFilter;
import dev.cascade.template.TemplateFunction;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import dev.cascade.template.TemplateTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host's template extensions in the engine (embedding.md, "Template extensions"): names are identifiers
 * ({@code [A-Za-z_][A-Za-z0-9_]*}) that are not built in (Pebble's, Kestra's, {@code secret}, {@code render},
 * {@code renderOnce}) nor defined twice, every problem named at once; arguments bound by the declared names;
 * the {@code TemplateCall} gives the line, the host's variables and the render's limits; each call is one step.
 */
class HostExtensionsTest {
    private static TemplateExtension extension(String name, Map<String, TemplateFilter> filters,
                                               Map<String, TemplateFunction> functions, Map<String, TemplateTest> tests) {
        return new TemplateExtension() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, TemplateFilter> filters() {
                return filters;
            }

            @Override
            public Map<String, TemplateFunction> functions() {
                return functions;
            }

            @Override
            public Map<String, TemplateTest> tests() {
                return tests;
            }
        };
    }

    private static TemplateEngine engine(TemplateExtension... extensions) {
        return new TemplateEngine(TemplateLimits.DEFAULTS, true, List.of(extensions));
    }

    private static RenderScope scope() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("flow", Map.of("namespace", "company.team"));
        return new RenderScope(vars, (key, ns, subkey) -> "unused", 4);
    }

    private static TemplateFilter identity() {
        return TemplateFilter.of(List.of(), (input, call) -> input);
    }

    private static void assertRefused(TemplateExtension e, String... inMessage) {
        assertThatThrownBy(() -> engine(e)).isInstanceOfSatisfying(ConfigurationException.class,
                x -> assertThat(x.getMessage()).contains(inMessage));
    }

    @Test
    void namesMustBeIdentifiers() {
        for (String bad : List.of("", "1x", "a-b", "a b", "é", "aé", "x.y")) {
            assertRefused(extension("bad", Map.of(bad, identity()), Map.of(), Map.of()),
                    "names a filter '" + bad + "', which is not an identifier");
        }
        for (String good : List.of("_x", "x1", "Upper_2", "z")) {
            TemplateEngine e = engine(extension("good", Map.of(good, identity()), Map.of(), Map.of()));
            assertThat(e.render("{{ 'v' | " + good + " }}", scope())).isEqualTo("v");
        }
    }

    @Test
    void builtInNamesCannotBeReplaced() {
        assertRefused(extension("f", Map.of("upper", identity()), Map.of(), Map.of()),
                "template extension 'f' (", "defines the filter 'upper', which is built in");
        for (String function : List.of("range", "render", "renderOnce", "secret", "now")) {
            assertRefused(extension("g", Map.of(), Map.of(function, TemplateFunction.of(List.of(), c -> "x")), Map.of()),
                    "defines the function '" + function + "', which is built in");
        }
        for (String test : List.of("even", "json")) {
            assertRefused(extension("t", Map.of(), Map.of(), Map.of(test, TemplateTest.of(List.of(), (i, c) -> true))),
                    "defines the test '" + test + "', which is built in");
        }
        // the same name in another kind is no clash
        TemplateEngine e = engine(extension("k", Map.of("even", identity()), Map.of("upper", TemplateFunction.of(List.of(), c -> "U")),
                Map.of("upper", TemplateTest.of(List.of(), (i, c) -> true))));
        assertThat(e.render("{{ 'v' | even }}{{ upper() }}{{ 'x' is upper }}", scope())).isEqualTo("vUtrue");
    }

    @Test
    void aNameDefinedTwiceNamesBothExtensions() {
        TemplateExtension one = extension("one", Map.of("twice", identity()), Map.of(), Map.of());
        TemplateExtension two = extension("two", Map.of("twice", identity()), Map.of(), Map.of());
        assertThatThrownBy(() -> engine(one, two)).isInstanceOfSatisfying(ConfigurationException.class, x ->
                assertThat(x.getMessage()).contains("template extension 'two'").contains("defines the filter 'twice', already defined by template extension 'one'"));
        // every problem at once
        TemplateExtension many = extension("many", Map.of("upper", identity(), "1bad", identity()),
                Map.of("secret", TemplateFunction.of(List.of(), c -> "x")), Map.of());
        assertThatThrownBy(() -> engine(many)).isInstanceOfSatisfying(ConfigurationException.class, x ->
                assertThat(x.getMessage()).startsWith("Invalid template extensions: ").contains("'upper'").contains("'1bad'")
                        .contains("'secret'").contains("; "));
    }

    @Test
    void anExtensionMayLeaveKindsOutAndArgumentNamesUnsaid() {
        TemplateFilter noNames = new TemplateFilter() {
            @Override
            public List<String> argumentNames() {
                return null;
            }

            @Override
            public Object apply(Object input, dev.cascade.template.TemplateCall call) {
                return call.arguments().isEmpty() ? "none" : "some";
            }
        };
        TemplateEngine e = engine(extension("nulls", Map.of("plain", noNames), null, null));
        assertThat(e.render("{{ 'v' | plain }}", scope())).isEqualTo("none");
        assertThatThrownBy(() -> engine((TemplateExtension) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theCallSeesItsArgumentsLineVariablesAndLimits() {
        List<String> seen = new ArrayList<>();
        TemplateFunction probe = TemplateFunction.of(List.of("a", "b"), call -> {
            seen.add(call.arguments() + "@" + call.line() + " flow=" + call.variable("flow") + " nope=" + call.variable("nope"));
            call.step(0);
            call.checkSize(0);
            return "ok";
        });
        TemplateEngine e = engine(extension("probe", Map.of(), Map.of("probe", probe), Map.of()));
        assertThat(e.render("x\n{{ probe(1, b='two') }}{{ probe() }}{{ probe(b=2) }}", scope())).isEqualTo("x\nokokok");
        assertThat(seen).containsExactly("{a=1, b=two}@2 flow={namespace=company.team} nope=null", "{}@2 flow={namespace=company.team} nope=null",
                "{b=2}@2 flow={namespace=company.team} nope=null");
        TemplateFunction invalid = TemplateFunction.of(List.of(), call -> {
            throw call.invalidArgument("probe needs nothing");
        });
        TemplateEngine f = engine(extension("inv", Map.of(), Map.of("inv", invalid), Map.of()));
        assertThatThrownBy(() -> f.render("\n\n{{ inv() }}", scope())).isInstanceOfSatisfying(TemplateRenderException.class, x -> {
            assertThat(x.kind()).isEqualTo(Kind.INVALID_ARGUMENT);
            assertThat(x.line()).isEqualTo(3);
            assertThat(x.getMessage()).contains("probe needs nothing (at line 3)");
        });
    }

    @Test
    void theCallEnforcesTheRendersLimitsAndEachCallIsOneStep() {
        TemplateFilter grow = TemplateFilter.of(List.of("n"), (input, call) -> {
            long n = ((Number) call.argument("n")).longValue();
            call.checkSize(n);
            call.step(n);
            return "x".repeat((int) n);
        });
        TemplateTest yes = TemplateTest.of(List.of(), (input, call) -> true);
        TemplateFunction one = TemplateFunction.of(List.of(), call -> 1);
        TemplateEngine e = new TemplateEngine(new TemplateLimits(100, 1_000_000, 10, 1000, 100, 4), true,
                List.of(extension("lim", Map.of("grow", grow), Map.of("one", one), Map.of("yes", yes))));
        assertThat(e.render("{{ '' | grow(10) | length }}", scope())).isEqualTo("10");
        assertThatThrownBy(() -> e.render("{{ '' | grow(11) | length }}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, x -> assertThat(x.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        assertThatThrownBy(() -> e.render("{% for i in range(1, 10) %}{% for j in range(1, 10) %}{% set x = '' | grow(10) %}{% endfor %}{% endfor %}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, x -> assertThat(x.kind()).isEqualTo(Kind.TOO_MUCH_WORK));
        // one step per call, whatever the extension does
        long[] steps = new long[3];
        String[] templates = {"{{ 1 }}", "{{ one() }}", "{{ 1 is yes }}"};
        for (int i = 0; i < 3; i++) {
            RenderBudget b = new RenderBudget(1000, 1000);
            RenderBudget.enter(b);
            try {
                e.render(templates[i], scope());
            } finally {
                RenderBudget.exit(null);
            }
            steps[i] = b.steps();
        }
        assertThat(steps[1] - steps[0]).as("a host function").isEqualTo(1);
        assertThat(steps[2] - steps[0]).as("a host test").isEqualTo(1);
    }

    @Test
    void aSizeTheExtensionChecksAndAValueItReturnsAreBothBounded() {
        // checkSize refuses before anything is built, whatever the extension then returns
        TemplateFilter guard = TemplateFilter.of(List.of("n"), (input, call) -> {
            call.checkSize(((Number) call.argument("n")).longValue());
            return "ok";
        });
        // an extension that checks nothing: what it returns is checked
        TemplateFilter big = TemplateFilter.of(List.of(), (input, call) -> "x".repeat(11));
        TemplateFunction bigger = TemplateFunction.of(List.of(), call -> "y".repeat(11));
        TemplateEngine e = new TemplateEngine(new TemplateLimits(100, 1_000_000, 10, 1000, 100, 4), true,
                List.of(extension("sizes", Map.of("guard", guard, "big", big), Map.of("bigger", bigger), Map.of())));
        assertThat(e.render("{{ '' | guard(10) }}", scope())).isEqualTo("ok");
        for (String t : List.of("{{ '' | guard(11) }}", "{{ '' | big | length }}", "{{ bigger() | length }}")) {
            assertThatThrownBy(() -> e.render(t, scope())).as(t)
                    .isInstanceOfSatisfying(TemplateRenderException.class, x -> assertThat(x.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        }
    }

    @Test
    void aTestTakesItsArgumentsByTheNamesItDeclares() {
        TemplateTest multipleOf = TemplateTest.of(List.of("n"), (input, call) ->
                ((Number) input).longValue() % ((Number) call.argument("n")).longValue() == 0);
        TemplateEngine e = engine(extension("tests", Map.of(), Map.of(), Map.of("multipleOf", multipleOf)));
        assertThat(e.render("{{ 6 is multipleOf(3) }} {{ 7 is multipleOf(3) }} {{ 9 is multipleOf(n=3) }}", scope()))
                .isEqualTo("true false true");
    }
}
