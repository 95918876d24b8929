package dev.cascade.spi;

import dev.cascade.ConflictException;
import dev.cascade.access.Role;
import dev.cascade.access.RoleBinding;
import dev.cascade.namespace.TenantId;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Persists custom roles, role bindings and group memberships, per tenant. Read on every access check,
 * so a change is effective on the next call (no stale grants).
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use; every write is atomic.
 */
public interface AccessControlStore {

    /** Custom roles of the tenant, sorted by name (built-in roles are not stored). */
    List<Role> roles(TenantId tenant);

    Optional<Role> role(TenantId tenant, String name);

    /** Creates or replaces a custom role. */
    void putRole(TenantId tenant, Role role);

    /**
     * Deletes a custom role.
     *
     * @throws ConflictException when a binding still uses it
     */
    boolean deleteRole(TenantId tenant, String name);

    /** Every binding of the tenant. */
    List<RoleBinding> bindings(TenantId tenant);

    /** Adds a binding; returns false when an equal one exists. */
    boolean addBinding(RoleBinding binding);

    /** Removes a binding; returns whether it existed. */
    boolean removeBinding(RoleBinding binding);

    /** Groups the user belongs to in the tenant; empty set when none. */
    Set<String> groupsOf(TenantId tenant, String user);

    /** Every group of the tenant with its members. */
    Map<String, Set<String>> groups(TenantId tenant);

    /** Adds a member; returns false when already a member. */
    boolean addMember(TenantId tenant, String group, String user);

    /** Removes a member; returns whether it was one. */
    boolean removeMember(TenantId tenant, String group, String user);
}
