package dev.cascade;

/**
 * The access policy refused an actor an action. The message names actor, permission, action, tenant and namespace.
 */
public class AccessDeniedException extends CascadeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }

    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
