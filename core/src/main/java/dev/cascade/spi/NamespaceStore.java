package dev.cascade.spi;

import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Persists created namespaces and the set of namespaces the host reported as used by flows.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use; every write is atomic.
 */
public interface NamespaceStore {

    Optional<Namespace> get(TenantId tenant, NamespaceId id);

    /** Every created namespace of the tenant, sorted by id; empty list when none. */
    List<Namespace> list(TenantId tenant);

    /**
     * Creates a namespace at version 1.
     *
     * @throws ConflictException when it already exists
     */
    Namespace create(TenantId tenant, NamespaceId id, NamespaceProperties properties);

    /**
     * Replaces a namespace's properties.
     *
     * @throws NotFoundException when it does not exist
     * @throws ConflictException when {@code expectedVersion} is not the current version
     */
    Namespace update(TenantId tenant, NamespaceId id, NamespaceProperties properties, long expectedVersion);

    /**
     * Deletes a namespace together with its variables and plugin defaults, atomically.
     *
     * @throws NotFoundException when it does not exist
     * @throws ConflictException when {@code expectedVersion} is not the current version
     */
    void delete(TenantId tenant, NamespaceId id, long expectedVersion);

    /** Records that flows use these namespaces (idempotent). */
    void markUsed(TenantId tenant, Collection<NamespaceId> ids);

    /** Namespaces reported as used; empty set when none. */
    Set<NamespaceId> used(TenantId tenant);
}
