package dev.cascade.audit;

/**
 * Receives audit events. The default sink logs them through SLF4J (logger {@code dev.cascade.audit});
 * the JDBC module persists them.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use. A sink that fails throws a
 * {@code BackendException}; the facade reports it after the mutation has been made (audit never rolls a
 * committed change back).
 */
@FunctionalInterface
public interface AuditSink {
    void record(AuditEvent event);
}
