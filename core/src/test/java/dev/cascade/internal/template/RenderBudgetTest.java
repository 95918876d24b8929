package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The budget of one render (security.md, "Template limits"): a value may be exactly {@code maxRenderedChars}
 * long and not one more ({@code OUTPUT_TOO_LARGE}); a render may take exactly {@code maxTemplateSteps} steps
 * and not one more ({@code TOO_MUCH_WORK}), and stays exhausted once it failed. And the limits' own rules:
 * every bound positive, each cached template weighing at least {@code templateCacheMaxChars / templateCacheSize}.
 */
class RenderBudgetTest {
    @AfterEach
    void noBudgetLeftOnTheThread() {
        RenderBudget.exit(null);
    }

    private static void assertKind(Runnable r, Kind kind) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(TemplateRenderException.class,
                e -> assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void aValueMayBeExactlyAsLargeAsTheBoundAndNotOneMore() {
        RenderBudget b = new RenderBudget(10, 1000);
        b.checkSize(10);
        b.checkSize(0);
        assertKind(() -> b.checkSize(11), Kind.OUTPUT_TOO_LARGE);
        assertThatThrownBy(() -> b.checkSize(11)).hasMessageContaining("11 characters or elements")
                .hasMessageContaining("limit of 10");
        // a size that overflowed a long is too large, and is not printed as a negative number
        assertThatThrownBy(() -> b.checkSize(-1)).isInstanceOfSatisfying(TemplateRenderException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE);
            assertThat(e.getMessage()).contains("more than " + Long.MAX_VALUE).doesNotContain("-1");
        });
        assertThat(b.maxValueSize()).isEqualTo(10);
        assertThat(b.steps()).as("checking a size is no work").isZero();
    }

    @Test
    void aRenderMayTakeExactlyItsStepsAndNotOneMore() {
        RenderBudget b = new RenderBudget(10, 100);
        b.step(60);
        b.step(40);
        assertThat(b.steps()).isEqualTo(100);
        b.step(0);
        assertThatThrownBy(() -> b.step(1)).isInstanceOfSatisfying(TemplateRenderException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TOO_MUCH_WORK);
            assertThat(e.getMessage()).contains("more than 100 steps");
        });
        assertThat(b.maxSteps()).isEqualTo(100);
    }

    @Test
    void nothingIsAValidSizeAndAValidAmountOfWork() {
        RenderBudget b = new RenderBudget(10, 10);
        b.checkSize(0);
        b.step(0);
        b.build(0);
        assertThat(b.steps()).isZero();
        b.step(10);
        b.step(0); // exactly at the bound: still allowed
        assertThat(b.steps()).isEqualTo(10);
    }

    @Test
    void anExhaustedBudgetStaysExhausted() {
        RenderBudget b = new RenderBudget(10, 100);
        b.step(10);
        assertKind(() -> b.step(91), Kind.TOO_MUCH_WORK);
        assertThat(b.steps()).isEqualTo(100);
        // a caller that swallowed the error cannot go on with what was left before the failed step
        assertKind(() -> b.step(1), Kind.TOO_MUCH_WORK);
    }

    @Test
    void negativeOrOverflowingWorkIsRefused() {
        RenderBudget b = new RenderBudget(10, 100);
        assertKind(() -> b.step(-1), Kind.TOO_MUCH_WORK);
        RenderBudget unbounded = new RenderBudget(Long.MAX_VALUE, Long.MAX_VALUE);
        unbounded.step(Long.MAX_VALUE - 1);
        unbounded.step(1);
        assertKind(() -> unbounded.step(Long.MAX_VALUE), Kind.TOO_MUCH_WORK);
    }

    @Test
    void buildingAValueChecksItsSizeAndChargesOneStepPerElement() {
        RenderBudget b = new RenderBudget(10, 25);
        b.build(10);
        assertThat(b.steps()).isEqualTo(10);
        assertKind(() -> b.build(11), Kind.OUTPUT_TOO_LARGE);
        assertThat(b.steps()).as("refused before it is charged").isEqualTo(10);
        b.build(10);
        b.build(5);
        assertThat(b.steps()).isEqualTo(25);
        assertKind(() -> b.build(1), Kind.TOO_MUCH_WORK);
    }

    @Test
    void sizesAreCharactersOrElements() {
        assertThat(RenderBudget.sizeOf(null)).isZero();
        assertThat(RenderBudget.sizeOf("abc")).isEqualTo(3);
        assertThat(RenderBudget.sizeOf(new StringBuilder("ab"))).isEqualTo(2);
        assertThat(RenderBudget.sizeOf(List.of(1, 2))).isEqualTo(2);
        assertThat(RenderBudget.sizeOf(Map.of("a", 1, "b", 2, "c", 3))).isEqualTo(3);
        assertThat(RenderBudget.sizeOf(new int[] {1, 2, 3, 4})).isEqualTo(4);
        assertThat(RenderBudget.sizeOf(new String[0])).isZero();
        assertThat(RenderBudget.sizeOf(42)).isEqualTo(1);
    }

    @Test
    void theBudgetOfTheThreadIsRestoredAfterARender() {
        assertThat(RenderBudget.active()).isNull();
        RenderBudget none = RenderBudget.current();
        assertThat(none.maxSteps()).isEqualTo(Long.MAX_VALUE);
        assertThat(none.maxValueSize()).isEqualTo(Long.MAX_VALUE);
        RenderBudget outer = new RenderBudget(5, 5);
        assertThat(RenderBudget.enter(outer)).isNull();
        assertThat(RenderBudget.current()).isSameAs(outer);
        RenderBudget inner = new RenderBudget(6, 6);
        assertThat(RenderBudget.enter(inner)).isSameAs(outer);
        assertThat(RenderBudget.active()).isSameAs(inner);
        RenderBudget.exit(outer);
        assertThat(RenderBudget.active()).isSameAs(outer);
        RenderBudget.exit(null);
        assertThat(RenderBudget.active()).isNull();
    }

    // ---- the limits ------------------------------------------------------------------------------

    @Test
    void everyLimitMustBePositiveButRangesMayBeForbidden() {
        assertThatThrownBy(() -> new TemplateLimits(0, 1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TemplateLimits(1, 0, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TemplateLimits(1, 1, 0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TemplateLimits(1, 1, 1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TemplateLimits(1, 1, 1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TemplateLimits(1, 1, 1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1, 1, 1, 1, 1, 0");
        TemplateLimits smallest = new TemplateLimits(1, 1, 1, 1, 0, 1);
        assertThat(smallest.maxRangeLength()).isZero();
    }

    @Test
    void aCachedTemplateWeighsItsLengthButAtLeastItsShareOfTheCache() {
        // 95 characters for 10 templates: each weighs at least 10 (rounded up), so both bounds hold
        TemplateLimits l = new TemplateLimits(10, 95, 1, 1, 1, 1);
        assertThat(l.weigh(0)).isEqualTo(10);
        assertThat(l.weigh(10)).isEqualTo(10);
        assertThat(l.weigh(11)).isEqualTo(11);
        TemplateLimits exact = new TemplateLimits(10, 100, 1, 1, 1, 1);
        assertThat(exact.weigh(3)).isEqualTo(10);
        // more templates than characters: every template still weighs at least one
        TemplateLimits many = new TemplateLimits(100, 50, 1, 1, 1, 1);
        assertThat(many.weigh(0)).isEqualTo(1);
        assertThat(many.weigh(7)).isEqualTo(7);
        // a share too large for an int is capped
        TemplateLimits huge = new TemplateLimits(1, Long.MAX_VALUE, 1, 1, 1, 1);
        assertThat(huge.weigh(5)).isEqualTo(Integer.MAX_VALUE);
    }
}
