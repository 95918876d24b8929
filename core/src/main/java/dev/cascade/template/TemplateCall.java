package dev.cascade.template;

import java.util.Map;

/**
 * One invocation of an extension's filter, function or test: its arguments, where it is in the template, the
 * variables the render started with, and the render's limits.
 *
 * <p><b>Thread-safety:</b> valid only during the call, on the calling thread; do not keep it.
 */
public interface TemplateCall {
    /** The arguments by name (positional ones under the declared names); absent arguments are not keys. */
    Map<String, Object> arguments();

    /** The argument {@code name}, or null when it was not given (or given as null). */
    default Object argument(String name) {
        return arguments().get(name);
    }

    /** The 1-based line of the template where the call is written. */
    int line();

    /**
     * A top-level variable the render started with (for example the host's {@code flow} or {@code execution},
     * or {@code namespace}), or null. Reads the variables the host passed, never a value the template assigned
     * with {@code {% set %}}, so a template cannot make a host function read another flow's data.
     */
    Object variable(String name);

    /**
     * Fails with {@link TemplateRenderException.Kind#OUTPUT_TOO_LARGE} when a value of {@code size} characters
     * (or elements) would exceed the bound on every value a render builds. Call it before building the value.
     */
    void checkSize(long size);

    /**
     * Counts {@code units} of work against the render's budget; fails with
     * {@link TemplateRenderException.Kind#TOO_MUCH_WORK} past it.
     */
    void step(long units);

    /**
     * An {@link TemplateRenderException.Kind#INVALID_ARGUMENT} error at this call's line. The message must not
     * quote a value (a value may be a secret): name the argument and the expected type instead.
     */
    TemplateRenderException invalidArgument(String message);
}
