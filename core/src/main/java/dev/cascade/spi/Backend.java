package dev.cascade.spi;

import dev.cascade.audit.AuditSink;

import java.util.Optional;

/**
 * A backend that provides several parts over one set of resources — one connection pool, one schema
 * migration: the {@link Storage} (with its access-control store), and optionally a secret store and an audit
 * sink. {@code Cascade.builder().backend(backend)} wires every part it offers in one call; JDBC storage is one.
 *
 * <p><b>Ownership:</b> closing the backend closes the parts it created (never a host's own {@code DataSource}).
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use.
 */
public interface Backend extends AutoCloseable {

    /** Namespaces, variables, plugin defaults and, when kept, roles and bindings. */
    Storage storage();

    /** A secret store on the same resources, to serve namespaces that name no other store; empty if none. */
    default Optional<SecretStore> defaultSecretStore() {
        return Optional.empty();
    }

    /** An audit sink on the same resources (a persistent audit trail); empty if none. */
    default Optional<AuditSink> defaultAuditSink() {
        return Optional.empty();
    }

    /** Releases what the backend created. Idempotent. */
    @Override
    void close();
}
