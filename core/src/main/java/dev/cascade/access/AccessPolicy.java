package dev.cascade.access;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

/**
 * Decides whether an actor may perform an action. The management facade asks before every call.
 * The embedded default, {@link #allowAll()}, allows everything.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use, and must reflect changes
 * (a removed group membership) on the next call.
 */
@FunctionalInterface
public interface AccessPolicy {

    /**
     * @param namespace the namespace acted on; for tenant-wide operations (listing) the policy is asked
     *                  with {@code null}
     */
    boolean isAllowed(Actor actor, TenantId tenant, NamespaceId namespace, Permission permission, Action action);

    /** A policy that allows every action: the embedded default. */
    static AccessPolicy allowAll() {
        return (actor, tenant, namespace, permission, action) -> true;
    }
}
