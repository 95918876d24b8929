package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pebble's built-ins that build values or loop, with Pebble's results and the documented bounds
 * (security.md, "Template limits"): {@code range()} and {@code a..b} produce exactly {@code maxRangeLength}
 * elements and not one more ({@code RANGE_TOO_LARGE}), {@code join} builds exactly {@code maxRenderedChars}
 * characters and not one more ({@code OUTPUT_TOO_LARGE}), {@code split} reads its input through the step
 * budget; wrong arguments are template errors naming the line, never a raw exception.
 */
class BoundedBuiltinsTest {
    private static RenderScope scope() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("nothing", null);
        vars.put("arr", new String[] {"x", "y"});
        vars.put("ints", new int[] {1, 2});
        return new RenderScope(vars, (key, ns, subkey) -> "unused", 4);
    }

    private static TemplateEngine engine(int maxChars, long maxRange) {
        return new TemplateEngine(new TemplateLimits(100, 1_000_000, maxChars, 1_000_000, maxRange, 16), true);
    }

    private static final TemplateEngine ENGINE = engine(1_000_000, 100_000);

    private static String render(String template) {
        return ENGINE.render(template, scope());
    }

    private static void assertKind(TemplateEngine engine, String template, Kind kind, String inMessage) {
        assertThatThrownBy(() -> engine.render(template, scope())).isInstanceOfSatisfying(TemplateRenderException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(inMessage);
        });
    }

    // ---- range -----------------------------------------------------------------------------------

    @Test
    void pebblesEscapeFilterIsKept() {
        // Cascade does not escape by itself (no autoescaping), but a template may ask for it
        assertThat(render("{{ '<b>' | escape }}|{{ '<b>' }}")).isEqualTo("&lt;b&gt;|<b>");
    }

    @Test
    void rangesArePebbles() {
        assertThat(render("{{ range(1, 5, 2) | join(',') }}")).isEqualTo("1,3,5");
        assertThat(render("{{ range(1, 6, 2) | join(',') }}")).isEqualTo("1,3,5");
        assertThat(render("{{ range(3, 3) | join(',') }}")).isEqualTo("3");
        assertThat(render("{{ range(4, 3) | length }}")).isEqualTo("0");
        assertThat(render("{{ range(3, 4, -1) | length }}")).isEqualTo("0");
        assertThat(render("{{ range(3, 3, -1) | join(',') }}")).isEqualTo("3");
        assertThat(render("{{ range('a', 'e', 2) | join }}")).isEqualTo("ace");
        assertThat(render("{{ range('c', 'a', -1) | join }}")).isEqualTo("cba");
        assertThat(render("{{ range(1.9, 3.2) | join(',') }}")).isEqualTo("1,2,3");
        assertThat(render("{% for c in 'a'..'c' %}{{ c }}{% endfor %}")).isEqualTo("abc");
    }

    @Test
    void aRangeOfExactlyTheLimitIsBuiltAndOneMoreIsRefused() {
        TemplateEngine five = engine(1000, 5);
        assertThat(five.render("{{ range(1, 5) | join(',') }}", scope())).isEqualTo("1,2,3,4,5");
        assertThat(five.render("{{ (6..10) | join(',') }}", scope())).isEqualTo("6,7,8,9,10");
        assertThat(five.render("{{ (10..6) | length }}", scope())).isEqualTo("0");
        assertKind(five, "{{ range(1, 6) }}", Kind.RANGE_TOO_LARGE, "more than 5 elements");
        assertKind(five, "{{ range(6, 1, -1) }}", Kind.RANGE_TOO_LARGE, "more than 5 elements");
        assertKind(five, "x\n{{ 1..6 }}", Kind.RANGE_TOO_LARGE, "at line 2");
        // a limit of 0 allows only empty ranges
        TemplateEngine none = engine(1000, 0);
        assertThat(none.render("{{ range(2, 1) | length }}", scope())).isEqualTo("0");
        assertKind(none, "{{ range(1, 1) }}", Kind.RANGE_TOO_LARGE, "more than 0 elements");
    }

    @Test
    void theLengthOfARangeIsComputedWithoutOverflow() {
        assertThat(BoundedBuiltins.Range.length(1, 1, 1)).isEqualTo(1);
        assertThat(BoundedBuiltins.Range.length(1, 10, 3)).isEqualTo(4);
        assertThat(BoundedBuiltins.Range.length(2, 1, 1)).isZero();
        assertThat(BoundedBuiltins.Range.length(1, 2, -1)).isZero();
        assertThat(BoundedBuiltins.Range.length(10, 1, -3)).isEqualTo(4);
        assertThat(BoundedBuiltins.Range.length(1, Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(BoundedBuiltins.Range.length(0, Long.MAX_VALUE, 1)).as("one more than a long holds").isEqualTo(-1);
        assertThat(BoundedBuiltins.Range.length(Long.MAX_VALUE, 0, -1)).isEqualTo(-1);
        assertThat(BoundedBuiltins.Range.length(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(3);
    }

    @Test
    void wrongRangeArgumentsAreTemplateErrors() {
        assertKind(ENGINE, "{{ range(1, 3, 'x') }}", Kind.EVALUATION, "needs a number as its increment, at line 1");
        assertKind(ENGINE, "{{ range(1, 3, 0) }}", Kind.EVALUATION, "increment other than 0");
        assertKind(ENGINE, "{{ range('a', 3) }}", Kind.EVALUATION, "two numbers or two one-character strings");
        assertKind(ENGINE, "{{ range(1, 'c') }}", Kind.EVALUATION, "two numbers or two one-character strings");
        assertKind(ENGINE, "{{ range('ab', 'c') }}", Kind.EVALUATION, "two numbers or two one-character strings");
        assertKind(ENGINE, "{{ range('a', 'cd') }}", Kind.EVALUATION, "two numbers or two one-character strings");
    }

    // ---- join --------------------------------------------------------------------------------------

    @Test
    void joinIsPebbles() {
        assertThat(render("{{ ['a', 'b', 'c'] | join(', ') }}")).isEqualTo("a, b, c");
        assertThat(render("{{ ['a', 'b'] | join }}")).isEqualTo("ab");
        assertThat(render("{{ arr | join('-') }}")).isEqualTo("x-y");
        assertThat(render("{{ ints | join('-') }}")).isEqualTo("1-2");
        assertThat(render("{{ [] | join('-') }}")).isEmpty();
        assertThat(render("{{ [null, 1] | join('-') }}")).isEqualTo("null-1");
        assertThat(render("[{{ nothing | join('-') }}]")).isEqualTo("[]");
        assertKind(ENGINE, "{{ ['a'] | join(1) }}", Kind.EVALUATION, "join needs a string separator, at line 1");
        assertKind(ENGINE, "{{ 'abc' | join('-') }}", Kind.EVALUATION, "join expects a list or an array");
    }

    @Test
    void joinBuildsExactlyTheLimitAndNotOneMoreCharacter() {
        TemplateEngine five = engine(5, 100);
        assertThat(five.render("{{ ['ab', 'c'] | join('--') }}", scope())).isEqualTo("ab--c");
        assertKind(five, "{{ ['ab', 'cd'] | join('--') | length }}", Kind.OUTPUT_TOO_LARGE, "limit of 5");
        assertKind(five, "{{ ['abcdef'] | join | length }}", Kind.OUTPUT_TOO_LARGE, "limit of 5");
        // the separator counts only between elements
        assertThat(five.render("{{ ['abcde'] | join('--') }}", scope())).isEqualTo("abcde");
    }

    // ---- split, merge ------------------------------------------------------------------------------

    @Test
    void splitIsPebblesWithARegularExpressionDelimiter() {
        assertThat(render("{{ 'a,b,,c' | split(',') | join('|') }}")).isEqualTo("a|b||c");
        assertThat(render("{{ 'a1b22c' | split('[0-9]+') | join('|') }}")).isEqualTo("a|b|c");
        assertThat(render("{{ 'a,b,c' | split(',', 2) | join('|') }}")).isEqualTo("a|b,c");
        assertThat(render("{{ 'a,b,,' | split(',') | length }}")).isEqualTo("2");
        assertThat(render("{{ 'abc' | split('x') }}")).isEqualTo("[\"abc\"]"); // no match: the whole string
        assertThat(render("[{{ nothing | split(',') }}]")).isEqualTo("[]");
        String long600 = "ab,".repeat(200);
        assertThat(ENGINE.render("{{ v | split(',') | length }}", new RenderScope(Map.of("v", long600), (k, n, s) -> "", 4)))
                .isEqualTo("200");
        assertKind(ENGINE, "{{ 'a' | split(1) }}", Kind.EVALUATION, "split needs a string delimiter");
        assertKind(ENGINE, "{{ 'a' | split(',', 'x') }}", Kind.EVALUATION, "split needs a number as its limit");
        assertKind(ENGINE, "{{ 'a' | split('(') }}", Kind.EVALUATION, "not a valid regular expression");
        assertKind(ENGINE, "{{ 12 | split(',') }}", Kind.EVALUATION, "split needs a string to split, got a Long");
    }

    @Test
    void splitChargesEveryCharacterItsPatternReads() {
        String input = "x".repeat(1000);
        long[] steps = new long[2];
        int i = 0;
        for (String pattern : List.of(",", "x*y")) {
            RenderBudget budget = new RenderBudget(1_000_000, 10_000_000);
            RenderBudget.enter(budget);
            try {
                ENGINE.render("{{ v | split('" + pattern + "') | length }}", new RenderScope(Map.of("v", input), (k, n, s) -> "", 4));
            } finally {
                RenderBudget.exit(null);
            }
            steps[i++] = budget.steps();
        }
        // a scan reads each character about once; x*y tries every start and reads on to the end from each
        assertThat(steps[0]).isBetween(1000L, 4000L);
        assertThat(steps[1]).isGreaterThan(100 * steps[0]);
        assertThat(new BoundedBuiltins.CountedChars("abc", new RenderBudget(10, 10)).subSequence(1, 3).toString()).isEqualTo("bc");
    }

    @Test
    void mergeIsPebblesAndBoundedBeforeItBuilds() {
        assertThat(render("{{ [1, 2] | merge([3]) }}")).isEqualTo("[1,2,3]");
        assertThat(render("{{ {'a': 1} | merge({'b': 2}) }}")).isEqualTo("{\"a\":1,\"b\":2}");
        TemplateEngine three = engine(3, 100);
        assertThat(three.render("{{ [1, 2] | merge([3]) | length }}", scope())).isEqualTo("3");
        assertKind(three, "{{ [1, 2] | merge([3, 4]) | length }}", Kind.OUTPUT_TOO_LARGE, "limit of 3");
    }
}
