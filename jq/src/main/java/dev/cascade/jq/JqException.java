package dev.cascade.jq;

/** A jq expression that does not parse or fails on its input; the message quotes no value. Not API. */
final class JqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JqException(String message) {
        super(message, null, false, false);
    }
}
