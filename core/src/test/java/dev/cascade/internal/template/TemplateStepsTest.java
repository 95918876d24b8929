package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What one step is (security.md, "Steps, not wall time"): a loop iteration or any other body rendered, an
 * operator, filter, function or test applied, a printed expression, one character written, one character or
 * element built; a macro call weighs 100 steps and a {@code render()} call 64 plus the length of the template it
 * renders. Measured as differences between two renders under a budget the test installs (the engine shares an
 * installed budget, as it does with the templates {@code render()} renders), so each difference is exactly what
 * the documentation charges for the added construct. And a render may take exactly {@code maxTemplateSteps}
 * steps, not one more.
 */
class TemplateStepsTest {
    private final TemplateEngine engine = new TemplateEngine(TemplateLimits.DEFAULTS, false);

    @AfterEach
    void noBudgetLeft() {
        assertThat(RenderBudget.active()).isNull();
    }

    private static RenderScope scope() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("v", "abc");
        vars.put("w", "abcdef");
        vars.put("l", List.of(1, 2, 3));
        Iterable<Integer> plain = () -> List.of(1, 2, 3).iterator(); // an Iterable that is no Collection
        vars.put("it", plain);
        vars.put("en", java.util.Collections.enumeration(List.of(1, 2, 3)));
        return new RenderScope(vars, (key, ns, subkey) -> "s3cr3t", 4);
    }

    /** The steps {@code template} takes. */
    private long steps(String template) {
        RenderBudget budget = new RenderBudget(1_000_000, 1_000_000);
        RenderBudget.enter(budget);
        try {
            engine.render(template, scope());
        } finally {
            RenderBudget.exit(null);
        }
        return budget.steps();
    }

    private long cost(String more, String less) {
        return steps(more) - steps(less);
    }

    @Test
    void everyCharacterWrittenIsAStep() {
        assertThat(cost("abcdef{{ 1 }}", "abc{{ 1 }}")).isEqualTo(3);
        assertThat(cost("{{ 'abcd' }}", "{{ 'a' }}")).isEqualTo(3);
        assertThat(cost("{{ w }}", "{{ v }}")).isEqualTo(3);
        // the template's own body (one step), its text (three), the printed expression (one) and its text (two)
        assertThat(steps("abc{{ 'de' }}")).isEqualTo(1 + 3 + 1 + 2);
    }

    @Test
    void aPrintedExpressionAnOperatorAFilterAndAFunctionAreOneStepEach() {
        assertThat(cost("{{ 'a' }}{{ 'b' }}", "{{ 'a' }}")).isEqualTo(2); // the expression and its one character
        assertThat(cost("{{ 3 - 1 }}", "{{ 2 }}")).isEqualTo(1);
        assertThat(cost("{{ 3 * 1 }}", "{{ 3 }}")).isEqualTo(1);
        // + builds a value: the operator, and one step per character or element of what it built
        assertThat(cost("{{ 1 + 1 }}", "{{ 2 }}")).isEqualTo(1 + 1);
        assertThat(cost("{{ 'ab' + 'cd' }}", "{{ 'abcd' }}")).isEqualTo(1 + 4);
        assertThat(cost("{{ 'ab' ~ 'cd' }}", "{{ 'abcd' }}")).isEqualTo(1 + 4);
        assertThat(cost("{{ l + 4 }}", "{{ l }}")).isEqualTo(1 + 4 + 1); // and one more value printed as JSON
        assertThat(cost("{{ 1 == 1 }}", "{{ true }}")).isEqualTo(1);
        assertThat(cost("{{ v | upper }}", "{{ v }}")).isEqualTo(1 + 3); // the filter, and its input's size
        assertThat(cost("{{ max(1, 2) }}", "{{ 2 }}")).isEqualTo(1);
        assertThat(cost("{{ 2 is even }}", "{{ true }}")).isEqualTo(1);
        assertThat(cost("{{ v is defined }}", "{{ true }}")).isEqualTo(1);
        assertThat(cost("{{ nope | default('x') }}", "{{ 'x' }}")).isEqualTo(1);
        assertThat(cost("{{ nope ?? 'x' }}", "{{ 'x' }}")).isEqualTo(1);
        assertThat(cost("{{ nope ??? 'x' }}", "{{ 'x' }}")).isEqualTo(1);
    }

    @Test
    void everyIterationAndEveryBodyRenderedIsAStep() {
        // one more element: one iteration and one body
        assertThat(cost("{% for i in [1, 2, 3] %}{% endfor %}", "{% for i in [1, 2] %}{% endfor %}")).isEqualTo(2);
        // a body's text is charged each time it is rendered
        assertThat(cost("{% for i in [1, 2] %}abcd{% endfor %}", "{% for i in [1, 2] %}{% endfor %}")).isEqualTo(2 * 4);
    }

    @Test
    void everyElementABuiltInBuildsIsAStep() {
        // range(): five more elements built, and five more in the input of length (a number printed is one step)
        assertThat(cost("{{ range(1, 10) | length }}", "{{ range(1, 5) | length }}")).isEqualTo(5 + 5);
        // join: "1,2,3" against "123", two more characters built and given to length
        assertThat(cost("{{ l | join(',') | length }}", "{{ l | join('') | length }}")).isEqualTo(2 + 2);
        // split: one more part built and given to length
        assertThat(cost("{{ v | split('b') | length }}", "{{ v | split('x') | length }}")).isEqualTo(1 + 1);
        // and each character of the pattern it compiles
        assertThat(cost("{{ v | split('xyz') | length }}", "{{ v | split('x') | length }}")).isEqualTo(2);
        // merge: one more element, built and given to length
        assertThat(cost("{{ l | merge([4, 5]) | length }}", "{{ l | merge([4]) | length }}")).isEqualTo(1 + 1);
        // a - b copies the list: the operator and one step per element of the list
        assertThat(cost("{{ (l - 9) | length }}", "{{ l | length }}")).isEqualTo(1 + 3);
    }

    @Test
    void anEnumerationIsReadOnceAtOneStepPerElementAndWithinTheValueBound() {
        assertThat(cost("{% for x in en %}{% endfor %}", "{% for x in l %}{% endfor %}")).isEqualTo(3);
        TemplateEngine small = new TemplateEngine(new TemplateLimits(100, 1_000_000, 2, 1_000_000, 100, 4), false);
        assertThatThrownBy(() -> small.render("{% for x in en %}{% endfor %}", scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
    }

    @Test
    void aLoopCountsTheLengthOfAnIterableOnceWhenAskedForIt() {
        assertThat(cost("{% for x in it %}{{ loop.length }}{% endfor %}", "{% for x in it %}{{ 3 }}{% endfor %}"))
                .isEqualTo(3);
    }

    @Test
    void aMacroCallWeighsOneHundredSteps() {
        String macro = "{% macro m() %}{% endmacro %}";
        assertThat(cost(macro + "{{ m() }}{{ m() }}", macro + "{{ m() }}")).isEqualTo(100 + 1);
        // the text of its body is charged with the call
        assertThat(cost("{% macro m() %}abcd{% endmacro %}{{ m() }}", macro + "{{ m() }}")).isEqualTo(4);
        // and what it prints is printed as Cascade prints it (JSON for a list)
        assertThat(engine.render("{% macro m() %}{{ [1, 'a'] }}{% endmacro %}{{ m() }}", scope())).isEqualTo("[1,\"a\"]");
    }

    @Test
    void aRenderCallWeighsSixtyFourPlusTheLengthOfItsTemplate() {
        // v is "abc", without template syntax: render() returns it, so only the call is added
        assertThat(cost("{{ render(v) }}", "{{ v }}")).isEqualTo(1 + 64 + 3);
        assertThat(cost("{{ render(w) }}", "{{ render(v) }}")).isEqualTo(3 + 3);
    }

    @Test
    void aRenderMayTakeExactlyItsStepsAndNotOneMore() {
        String template = "{% for i in l %}{{ i }}{% endfor %}";
        long needed = steps(template);
        TemplateEngine exact = new TemplateEngine(new TemplateLimits(100, 1_000_000, 1000, needed, 1000, 16), false);
        assertThat(exact.render(template, scope())).isEqualTo("123");
        TemplateEngine short1 = new TemplateEngine(new TemplateLimits(100, 1_000_000, 1000, needed - 1, 1000, 16), false);
        assertThatThrownBy(() -> short1.render(template, scope()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TOO_MUCH_WORK);
                    assertThat(e.getMessage()).contains("more than " + (needed - 1) + " steps")
                            .contains("template '" + template + "'");
                });
    }
}
