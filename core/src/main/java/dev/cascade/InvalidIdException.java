package dev.cascade;

/**
 * A tenant id, namespace id or secret key that breaks its syntax rule. The message quotes the value and names the rule.
 */
public class InvalidIdException extends CascadeException {
    private static final long serialVersionUID = 1L;

    public InvalidIdException(String message) {
        super(message);
    }

    public InvalidIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
