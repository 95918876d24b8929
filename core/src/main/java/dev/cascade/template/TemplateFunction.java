package dev.cascade.template;

import java.util.List;

/**
 * A function added through a {@link TemplateExtension}: {@code {{ name(a, b=1) }}}.
 *
 * <p><b>Thread-safety:</b> called concurrently from every render; implementations must be thread-safe.
 */
public interface TemplateFunction {
    /** The names of the arguments, in positional order (see {@link TemplateFilter#argumentNames()}). */
    List<String> argumentNames();

    /**
     * Computes the function's value. Call {@link TemplateCall#checkSize} before building a value and
     * {@link TemplateCall#step} for work proportional to the input.
     *
     * @throws TemplateRenderException for an argument it cannot use (see {@link TemplateCall#invalidArgument})
     */
    Object call(TemplateCall call);

    /** A function with the given argument names whose body is {@code body}. */
    static TemplateFunction of(List<String> argumentNames, Body body) {
        List<String> names = List.copyOf(argumentNames);
        return new TemplateFunction() {
            @Override
            public List<String> argumentNames() {
                return names;
            }

            @Override
            public Object call(TemplateCall call) {
                return body.call(call);
            }
        };
    }

    /** The body of a function made with {@link #of}. */
    @FunctionalInterface
    interface Body {
        Object call(TemplateCall call);
    }
}
