package dev.cascade.template;

import java.util.List;

/**
 * A test added through a {@link TemplateExtension}: {@code {% if value is name %}} or
 * {@code {{ value is name(arg) }}}.
 *
 * <p><b>Thread-safety:</b> called concurrently from every render; implementations must be thread-safe.
 */
public interface TemplateTest {
    /** The names of the arguments, in positional order (see {@link TemplateFilter#argumentNames()}). */
    List<String> argumentNames();

    /** Whether {@code input} passes the test. */
    boolean test(Object input, TemplateCall call);

    /** A test with the given argument names whose body is {@code body}. */
    static TemplateTest of(List<String> argumentNames, Body body) {
        List<String> names = List.copyOf(argumentNames);
        return new TemplateTest() {
            @Override
            public List<String> argumentNames() {
                return names;
            }

            @Override
            public boolean test(Object input, TemplateCall call) {
                return body.test(input, call);
            }
        };
    }

    /** The body of a test made with {@link #of}. */
    @FunctionalInterface
    interface Body {
        boolean test(Object input, TemplateCall call);
    }
}
