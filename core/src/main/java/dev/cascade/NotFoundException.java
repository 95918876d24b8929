package dev.cascade;

/**
 * The namespace, document or secret an operation names does not exist.
 */
public class NotFoundException extends CascadeException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
