package dev.cascade;

import java.util.Objects;

/**
 * A storage or secret backend failed (connection refused, timeout, unexpected answer). The message
 * names the backend, the operation, the tenant, the namespace and the key; the cause is kept for
 * diagnosis. Backends must make sure the cause carries no secret value either.
 */
public class BackendException extends CascadeException {
    private static final long serialVersionUID = 1L;

    private final String backend;
    private final String operation;

    public BackendException(String backend, String operation, String tenant, String namespace, String key,
                            String reason, Throwable cause) {
        super(format(backend, operation, tenant, namespace, key, reason), cause);
        this.backend = Objects.requireNonNull(backend, "backend");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    public BackendException(String backend, String operation, String tenant, String namespace, String key,
                            String reason) {
        this(backend, operation, tenant, namespace, key, reason, null);
    }

    /** The backend's name, for example {@code vault} or {@code jdbc}. */
    public String backend() {
        return backend;
    }

    /** The operation that failed, for example {@code get} or {@code put}. */
    public String operation() {
        return operation;
    }

    private static String format(String backend, String operation, String tenant, String namespace, String key,
                                 String reason) {
        StringBuilder sb = new StringBuilder();
        sb.append("Backend '").append(backend).append("' failed on ").append(operation);
        if (tenant != null) {
            sb.append(" (tenant '").append(tenant).append('\'');
            if (namespace != null) {
                sb.append(", namespace '").append(namespace).append('\'');
            }
            if (key != null) {
                sb.append(", key '").append(key).append('\'');
            }
            sb.append(')');
        }
        if (reason != null && !reason.isEmpty()) {
            sb.append(": ").append(reason);
        }
        return sb.toString();
    }
}
