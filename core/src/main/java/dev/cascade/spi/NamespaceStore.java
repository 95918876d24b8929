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
import java.util.TreeSet;

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

    /**
     * A keyset page of the created namespaces: those {@code query} selects, sorted by id. The default filters
     * {@link #list}, which is correct for any store but loads the whole tenant; stores that hold many
     * namespaces should override it with an indexed range query ({@code WHERE tenant = ? AND id > ? ORDER BY id
     * LIMIT ?}, see {@link NamespaceQuery#descendantsUpperBound} for the subtree range). Ordering must be
     * {@link NamespaceId} order, which is the id strings' {@link String#compareTo} order.
     */
    default List<Namespace> listPage(TenantId tenant, NamespaceQuery query) {
        return query.select(list(tenant), Namespace::id);
    }

    /**
     * A keyset page of the namespaces reported as used (created or not), sorted by id. The default filters
     * {@link #used}; override it like {@link #listPage}.
     */
    default List<NamespaceId> usedPage(TenantId tenant, NamespaceQuery query) {
        return query.select(new TreeSet<>(used(tenant)), id -> id);
    }
}
