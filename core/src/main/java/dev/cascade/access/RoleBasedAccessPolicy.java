package dev.cascade.access;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.AccessControlStore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in role-based policy. An actor may perform {@code action} on {@code permission} in namespace
 * {@code N} of tenant {@code T} exactly when some binding of tenant {@code T}
 * <ul>
 *   <li>is for the actor's user id, or for a group the actor belongs to — the groups the host asserts on
 *       the {@link Actor} plus the memberships stored in the {@link AccessControlStore};</li>
 *   <li>covers {@code N}: it is tenant-wide, or on {@code N} or one of its ancestors;</li>
 *   <li>names a role (built-in or the tenant's custom role) that grants the action.</li>
 * </ul>
 * No binding, no access. Tenant-wide operations ({@code N} is {@code null}, for example role
 * administration) need a tenant-wide binding. Bindings and memberships are read on every check, so a
 * change applies to the very next call.
 *
 * <p>Thread-safe.
 */
public final class RoleBasedAccessPolicy implements AccessPolicy {
    private final AccessControlStore store;

    public RoleBasedAccessPolicy(AccessControlStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public AccessControlStore store() {
        return store;
    }

    @Override
    public boolean isAllowed(Actor actor, TenantId tenant, NamespaceId namespace, Permission permission, Action action) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(tenant, "tenant");
        Set<String> groups = null;
        for (RoleBinding binding : store.bindings(tenant)) {
            if (!binding.tenant().equals(tenant) || !binding.covers(namespace)) {
                continue;
            }
            Subject s = binding.subject();
            boolean matches;
            if (s.kind() == Subject.Kind.USER) {
                matches = s.id().equals(actor.user());
            } else {
                if (groups == null) {
                    groups = new HashSet<>(actor.groups());
                    groups.addAll(store.groupsOf(tenant, actor.user()));
                }
                matches = groups.contains(s.id());
            }
            if (matches && role(tenant, binding.role()).map(r -> r.allows(permission, action)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the tenant's bindings, the actor's stored groups and the custom roles once, and decides in memory:
     * all namespaces when a matching tenant-wide binding grants the action, else exactly the subtrees of the
     * matching namespace bindings that grant it (so a listing reads only those subtrees).
     */
    @Override
    public NamespaceFilter namespaceFilter(Actor actor, TenantId tenant, Permission permission, Action action) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(tenant, "tenant");
        Set<String> groups = null;
        Map<String, Boolean> grants = new HashMap<>();
        Set<NamespaceId> roots = new HashSet<>();
        for (RoleBinding binding : store.bindings(tenant)) {
            if (!binding.tenant().equals(tenant)) {
                continue;
            }
            Subject s = binding.subject();
            boolean matches;
            if (s.kind() == Subject.Kind.USER) {
                matches = s.id().equals(actor.user());
            } else {
                if (groups == null) {
                    groups = new HashSet<>(actor.groups());
                    groups.addAll(store.groupsOf(tenant, actor.user()));
                }
                matches = groups.contains(s.id());
            }
            if (matches && grants.computeIfAbsent(binding.role(),
                    r -> role(tenant, r).map(role -> role.allows(permission, action)).orElse(false))) {
                if (binding.namespace().isEmpty()) {
                    return NamespaceFilter.of(namespace -> true);
                }
                roots.add(binding.namespace().get());
            }
        }
        return NamespaceFilter.subtrees(roots);
    }

    private Optional<Role> role(TenantId tenant, String name) {
        Role builtIn = Role.BUILT_IN.get(name);
        return builtIn != null ? Optional.of(builtIn) : store.role(tenant, name);
    }

    @Override
    public String toString() {
        return "RoleBasedAccessPolicy";
    }
}
