package dev.cascade.backend;

import dev.cascade.ConflictException;
import dev.cascade.InvalidIdException;
import dev.cascade.access.Role;
import dev.cascade.access.RoleBinding;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.AccessControlStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Roles, bindings and memberships in memory. Thread-safe: one lock per tenant. */
public final class InMemoryAccessControlStore implements AccessControlStore {
    private static final class TenantData {
        final TreeMap<String, Role> roles = new TreeMap<>();
        final LinkedHashSet<RoleBinding> bindings = new LinkedHashSet<>();
        final TreeMap<String, TreeSet<String>> groups = new TreeMap<>();
    }

    private final ConcurrentHashMap<TenantId, TenantData> tenants = new ConcurrentHashMap<>();

    private TenantData data(TenantId tenant) {
        return tenants.computeIfAbsent(Objects.requireNonNull(tenant, "tenant"), t -> new TenantData());
    }

    @Override
    public List<Role> roles(TenantId tenant) {
        TenantData d = data(tenant);
        synchronized (d) {
            return List.copyOf(d.roles.values());
        }
    }

    @Override
    public Optional<Role> role(TenantId tenant, String name) {
        TenantData d = data(tenant);
        synchronized (d) {
            return Optional.ofNullable(d.roles.get(name));
        }
    }

    @Override
    public void putRole(TenantId tenant, Role role) {
        Objects.requireNonNull(role, "role");
        if (role.isBuiltIn()) {
            throw new InvalidIdException("Role '" + role.name() + "' is built in and cannot be redefined");
        }
        TenantData d = data(tenant);
        synchronized (d) {
            d.roles.put(role.name(), role);
        }
    }

    @Override
    public boolean deleteRole(TenantId tenant, String name) {
        TenantData d = data(tenant);
        synchronized (d) {
            for (RoleBinding b : d.bindings) {
                if (b.role().equals(name)) {
                    throw new ConflictException("Role '" + name + "' is still bound (" + b.subject() + " in tenant '"
                            + tenant + "'); remove its bindings first");
                }
            }
            return d.roles.remove(name) != null;
        }
    }

    @Override
    public List<RoleBinding> bindings(TenantId tenant) {
        TenantData d = data(tenant);
        synchronized (d) {
            return List.copyOf(d.bindings);
        }
    }

    @Override
    public boolean addBinding(RoleBinding binding) {
        TenantData d = data(binding.tenant());
        synchronized (d) {
            return d.bindings.add(binding);
        }
    }

    @Override
    public boolean removeBinding(RoleBinding binding) {
        TenantData d = data(binding.tenant());
        synchronized (d) {
            return d.bindings.remove(binding);
        }
    }

    @Override
    public Set<String> groupsOf(TenantId tenant, String user) {
        TenantData d = data(tenant);
        synchronized (d) {
            Set<String> out = new TreeSet<>();
            d.groups.forEach((group, members) -> {
                if (members.contains(user)) {
                    out.add(group);
                }
            });
            return Set.copyOf(out);
        }
    }

    @Override
    public Map<String, Set<String>> groups(TenantId tenant) {
        TenantData d = data(tenant);
        synchronized (d) {
            Map<String, Set<String>> out = new TreeMap<>();
            d.groups.forEach((g, m) -> out.put(g, Set.copyOf(m)));
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    @Override
    public boolean addMember(TenantId tenant, String group, String user) {
        requireId(group, "group");
        requireId(user, "user");
        TenantData d = data(tenant);
        synchronized (d) {
            return d.groups.computeIfAbsent(group, g -> new TreeSet<>()).add(user);
        }
    }

    @Override
    public boolean removeMember(TenantId tenant, String group, String user) {
        TenantData d = data(tenant);
        synchronized (d) {
            TreeSet<String> members = d.groups.get(group);
            boolean removed = members != null && members.remove(user);
            if (members != null && members.isEmpty()) {
                d.groups.remove(group);
            }
            return removed;
        }
    }

    private static void requireId(String id, String what) {
        if (!dev.cascade.internal.Ids.isPrincipalId(id)) {
            throw new InvalidIdException(what + " id must be 1 to 255 non-blank characters without control characters");
        }
    }

    @Override
    public String toString() {
        List<String> summary = new ArrayList<>();
        tenants.forEach((t, d) -> summary.add(t.value()));
        return "InMemoryAccessControlStore" + summary;
    }
}
