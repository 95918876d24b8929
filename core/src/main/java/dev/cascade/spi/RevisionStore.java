package dev.cascade.spi;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.util.List;
import java.util.Optional;

/**
 * Optional storage capability: the revision history of each namespace's properties, variables and plugin
 * defaults. A storage that offers it returns it from {@link Storage#revisions()} and records a revision in
 * the same atomic step as every write of those resources (create and update alike), so the newest revision
 * always equals the stored content. Deleting a namespace deletes its history.
 *
 * <p>Hosts read and restore history through {@code ManagementSession.history/diff/restore}, which check
 * access, audit and invalidate caches; this interface is for storage implementers.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use.
 */
public interface RevisionStore {
    /** Every revision of {@code resource} of the namespace, oldest first; empty when none. */
    List<Revision> list(TenantId tenant, NamespaceId namespace, Revision.Resource resource);

    /** One revision, or empty when there is no such version. */
    default Optional<Revision> get(TenantId tenant, NamespaceId namespace, Revision.Resource resource, long version) {
        return list(tenant, namespace, resource).stream().filter(r -> r.version() == version).findFirst();
    }
}
