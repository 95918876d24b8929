package dev.cascade;

/**
 * Root of every exception Cascade throws. Unchecked, like {@code JdbiException}: callers catch the
 * specific subclass they can act on.
 *
 * <p>Messages name the tenant, namespace, key and operation involved, never a secret value.
 */
public class CascadeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CascadeException(String message) {
        super(message);
    }

    public CascadeException(String message, Throwable cause) {
        super(message, cause);
    }
}
