package dev.cascade.template;

import java.util.List;

/**
 * A filter added through a {@link TemplateExtension}: {@code {{ input | name(a, b=1) }}}.
 *
 * <p><b>Thread-safety:</b> called concurrently from every render; implementations must be thread-safe.
 */
public interface TemplateFilter {
    /**
     * The names of the arguments, in positional order: {@code name('x', 2)} binds {@code 'x'} to the first
     * name and {@code 2} to the second; named arguments ({@code name(b=2)}) must use one of these names.
     * Empty for a filter without arguments.
     */
    List<String> argumentNames();

    /**
     * Filters {@code input} (a map, list, string, number, boolean, or null). Call {@link TemplateCall#checkSize}
     * before building a value and {@link TemplateCall#step} for work proportional to the input.
     *
     * @return the value the filter produces (maps, lists, strings, numbers, booleans or null)
     * @throws TemplateRenderException for an argument or input it cannot use (see {@link TemplateCall#invalidArgument})
     */
    Object apply(Object input, TemplateCall call);

    /** A filter with the given argument names whose body is {@code body}. */
    static TemplateFilter of(List<String> argumentNames, Body body) {
        List<String> names = List.copyOf(argumentNames);
        return new TemplateFilter() {
            @Override
            public List<String> argumentNames() {
                return names;
            }

            @Override
            public Object apply(Object input, TemplateCall call) {
                return body.apply(input, call);
            }
        };
    }

    /** The body of a filter made with {@link #of}. */
    @FunctionalInterface
    interface Body {
        Object apply(Object input, TemplateCall call);
    }
}
