package dev.cascade.observe;

import dev.cascade.access.Action;
import dev.cascade.access.Permission;

import java.util.Objects;

/**
 * An access was denied.
 *
 * @param source     where: the management facade (the access policy) or the resolver (a {@code secret(...,
 *                   namespace=)} read the target namespace does not allow)
 * @param tenant     the tenant
 * @param namespace  the namespace the access was asked for, or null for a tenant-wide one
 * @param permission the permission asked for
 * @param action     the action asked for
 *
 *                   <p>Immutable. Names no actor: a user id is not a metric tag; the audit trail records who.
 */
public record AccessDenial(Source source, String tenant, String namespace, Permission permission, Action action) {
    /** Which part of Cascade denied. */
    public enum Source { MANAGEMENT, RESOLVER }

    public AccessDenial {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(action, "action");
    }
}
