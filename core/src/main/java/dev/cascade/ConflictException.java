package dev.cascade;

/**
 * An optimistic write carried a version that is no longer current, or the target is in a state that forbids the operation (for example a non-empty namespace deleted without force). Nothing was changed.
 */
public class ConflictException extends CascadeException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
