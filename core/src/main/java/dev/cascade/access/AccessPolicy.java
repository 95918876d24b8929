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

    /**
     * A test deciding {@link #isAllowed} for many namespaces of one tenant in one call, for listings. The
     * default asks {@link #isAllowed} once per namespace; a policy backed by a store should override it to read
     * its grants once and decide in memory. The returned predicate is used only during one call and need not
     * reflect later changes.
     */
    default NamespaceFilter namespaceFilter(Actor actor, TenantId tenant, Permission permission, Action action) {
        return NamespaceFilter.of(namespace -> isAllowed(actor, tenant, namespace, permission, action));
    }

    /** A policy that allows every action: the embedded default. */
    static AccessPolicy allowAll() {
        return (actor, tenant, namespace, permission, action) -> true;
    }
}
