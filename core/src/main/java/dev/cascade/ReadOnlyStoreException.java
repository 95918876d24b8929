package dev.cascade;

/**
 * A write was sent to a secret store that is configured read-only. Nothing was changed.
 */
public class ReadOnlyStoreException extends CascadeException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyStoreException(String message) {
        super(message);
    }

    public ReadOnlyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
