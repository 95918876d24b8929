package dev.cascade;

/**
 * A write was sent to the backend but its outcome is unknown: the connection dropped after the commit was
 * sent, so the change may or may not have been made. The management facade invalidates this process's
 * caches for the namespace at once and records an audit event with outcome {@code UNKNOWN}; read the
 * current state (and its version) before retrying.
 */
public class WriteOutcomeUnknownException extends BackendException {
    private static final long serialVersionUID = 1L;

    public WriteOutcomeUnknownException(String backend, String operation, String tenant, String namespace, String key,
                                        String reason, Throwable cause) {
        super(backend, operation, tenant, namespace, key, reason, cause);
    }
}
