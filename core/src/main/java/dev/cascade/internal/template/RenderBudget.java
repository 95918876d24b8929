package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;

/**
 * The limits of the render running on the current thread, reachable from every filter, function, test and
 * operator that runs inside it. Built-in and extension filters that build values (strings, lists, maps) call
 * {@link #checkSize(long)} with the size of what they are about to build, and {@link #step(long)} for work
 * proportional to their input, so that no template can exhaust the heap or a thread.
 *
 * <p>One render, one thread at a time; not API.
 */
public final class RenderBudget {
    private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();
    private static final RenderBudget UNLIMITED = new RenderBudget(Long.MAX_VALUE, Long.MAX_VALUE);

    private final long maxValueSize;
    private final long maxSteps;
    private long steps;

    public RenderBudget(long maxValueSize, long maxSteps) {
        this.maxValueSize = maxValueSize;
        this.maxSteps = maxSteps;
    }

    /** The budget of the render running on this thread, or an unlimited one when none runs. */
    public static RenderBudget current() {
        RenderBudget b = CURRENT.get();
        return b == null ? UNLIMITED : b;
    }

    /** Makes {@code budget} current for this thread; returns the one it replaces (restore it when done). */
    public static RenderBudget enter(RenderBudget budget) {
        RenderBudget previous = CURRENT.get();
        CURRENT.set(budget);
        return previous;
    }

    /** Restores the budget {@link #enter} returned. */
    public static void exit(RenderBudget previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /**
     * Fails with {@link Kind#OUTPUT_TOO_LARGE} when a value of {@code size} characters (or elements) would
     * exceed the bound on every value a render builds.
     */
    public void checkSize(long size) {
        if (size > maxValueSize || size < 0) {
            throw new TemplateRenderException(Kind.OUTPUT_TOO_LARGE, 0,
                    "a value of " + (size < 0 ? "more than " + Long.MAX_VALUE : size)
                            + " characters or elements exceeds the limit of " + maxValueSize + " per render");
        }
    }

    /** Counts {@code units} of work; fails with {@link Kind#TOO_MUCH_WORK} past the per-render budget. */
    public void step(long units) {
        long s = steps + units;
        if (s > maxSteps || s < 0) {
            throw new TemplateRenderException(Kind.TOO_MUCH_WORK, 0,
                    "the template did more than " + maxSteps + " steps of work, the limit per render");
        }
        steps = s;
    }

    public long maxValueSize() {
        return maxValueSize;
    }
}
