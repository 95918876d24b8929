/**
 * Audit events emitted for every mutation and refusal, and the {@link dev.cascade.audit.AuditSink}
 * a host implements to keep them elsewhere (the default writes one log line per event).
 *
 * <p><b>API and SPI.</b>
 */
package dev.cascade.audit;
