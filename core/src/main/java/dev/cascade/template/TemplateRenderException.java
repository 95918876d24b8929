package dev.cascade.template;

import dev.cascade.TemplateException;

/**
 * A template failed to parse or render, with the kind of failure and the line it happened on. The
 * message names the expression, its line and the template; any secret value resolved before the failure
 * is masked out of it.
 *
 * <p>Immutable and thread-safe, like every exception once thrown.
 */
public class TemplateRenderException extends TemplateException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The template does not parse. */
        SYNTAX,
        /** A variable or attribute the template names does not exist (strict variables). */
        UNDEFINED_VARIABLE,
        /** A tag that reads files or other templates ({@code include}, {@code import}, …). */
        REFUSED_TAG,
        /** A Java method call or bean-property access on a non-map object. */
        METHOD_CALL,
        /**
         * The rendered output, or a value built while rendering (a concatenation, {@code join}, {@code merge},
         * {@code replace}, a list grown in a loop, printed JSON), exceeds the configured bound.
         */
        OUTPUT_TOO_LARGE,
        /** {@code render()} nested deeper than allowed. */
        RENDER_DEPTH,
        /** {@code render()} re-entered a template it is already rendering. */
        RENDER_CYCLE,
        /** A function received arguments it cannot use, or a value cannot be used as asked. */
        INVALID_ARGUMENT,
        /** Nested too deep to parse or evaluate (a macro calling itself, thousands of parentheses). */
        TOO_DEEP,
        /**
         * The render did more work than its budget of evaluation steps allows (loop iterations, macro calls,
         * operators, filters, characters built or scanned by a regular expression).
         */
        TOO_MUCH_WORK,
        /** {@code range(...)} or {@code a..b} would produce more elements than allowed. */
        RANGE_TOO_LARGE,
        /**
         * A filter, function, test, tag or operator that does not exist; the message names it and suggests
         * near names.
         */
        UNKNOWN_NAME,
        /**
         * Any other evaluation failure reported by the template engine. The message names the exception's
         * class, the expression and the line, never the underlying message (it may quote a value).
         */
        EVALUATION
    }

    private final Kind kind;
    private final int line;

    public TemplateRenderException(Kind kind, int line, String message) {
        super(message);
        this.kind = kind;
        this.line = line;
    }

    public Kind kind() {
        return kind;
    }

    /** The 1-based line of the failure, or 0 when unknown. */
    public int line() {
        return line;
    }
}
