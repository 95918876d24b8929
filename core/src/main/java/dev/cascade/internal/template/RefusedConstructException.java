package dev.cascade.internal.template;

import io.pebbletemplates.pebble.error.ParserException;

/** Thrown while parsing a template that uses a tag Cascade removes. Not API. */
final class RefusedConstructException extends ParserException {
    private static final long serialVersionUID = 1L;

    RefusedConstructException(String message, int line, String template) {
        super(null, message, line, template);
    }
}
