package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * The limits of the render running on the current thread, reachable from every filter, function, test and
 * operator that runs inside it. Built-in and extension filters that build values (strings, lists, maps) call
 * {@link #checkSize(long)} with the size of what they are about to build, and {@link #step(long)} for work
 * proportional to their input, so that no template can exhaust the heap or a thread.
 *
 * <p>The work bound counts <em>evaluation steps</em>, not wall time: it is deterministic (the same template
 * and data fail the same way on a loaded or an idle host) and costs no clock reads. A step is one body of a
 * loop or macro rendered, one operator, filter, function or test applied, one printed expression, one
 * character built into an intermediate value or scanned by a regular expression, one element of a list or
 * map built. The engine installs one budget per top-level render ({@link #enter}/{@link #exit}); the
 * templates that {@code render()} renders inside it share it, so a fan-out of nested renders is bounded as a
 * whole. The fast paths of the engine (text, variable paths, {@code secret('KEY')}) do no Pebble evaluation
 * and install no budget.
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

    /** The budget of the render running on this thread, or null when none runs. */
    static RenderBudget active() {
        return CURRENT.get();
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
                            + " characters or elements exceeds the limit of " + maxValueSize + " per value");
        }
    }

    /** Counts {@code units} of work; fails with {@link Kind#TOO_MUCH_WORK} past the per-render budget. */
    public void step(long units) {
        long s = steps + units;
        if (s > maxSteps || s < 0 || units < 0) {
            steps = maxSteps; // stays exhausted: a caller that swallows the error cannot keep going
            throw new TemplateRenderException(Kind.TOO_MUCH_WORK, 0,
                    "the template did more than " + maxSteps + " steps of work, the limit per render");
        }
        steps = s;
    }

    /**
     * Checks the size of a value about to be built and charges one step per character or element: the total
     * a render allocates is bounded by its step budget, not only each value by the size bound.
     */
    public void build(long size) {
        checkSize(size);
        step(size);
    }

    public long maxValueSize() {
        return maxValueSize;
    }

    public long maxSteps() {
        return maxSteps;
    }

    /** Steps counted so far. */
    public long steps() {
        return steps;
    }

    /**
     * The size of a value as the budget counts it: characters of a string, elements of a collection, array or
     * map; 1 for anything else (and 0 for null).
     */
    public static long sizeOf(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof CharSequence s) {
            return s.length();
        }
        if (value instanceof Collection<?> c) {
            return c.size();
        }
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        if (value.getClass().isArray()) {
            return Array.getLength(value);
        }
        return 1;
    }
}
