package dev.cascade.kit;

import dev.cascade.access.Role;
import dev.cascade.access.RoleBinding;
import dev.cascade.backend.InMemoryAccessControlStore;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.AccessControlStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The reference access-control store behind a forwarding wrapper, for the broken stores of the kit's own tests. */
class ForwardingAccessControlStore implements AccessControlStore {
    final InMemoryAccessControlStore delegate = new InMemoryAccessControlStore();

    @Override
    public List<Role> roles(TenantId tenant) {
        return delegate.roles(tenant);
    }

    @Override
    public Optional<Role> role(TenantId tenant, String name) {
        return delegate.role(tenant, name);
    }

    @Override
    public void putRole(TenantId tenant, Role role) {
        delegate.putRole(tenant, role);
    }

    @Override
    public boolean deleteRole(TenantId tenant, String name) {
        return delegate.deleteRole(tenant, name);
    }

    @Override
    public List<RoleBinding> bindings(TenantId tenant) {
        return delegate.bindings(tenant);
    }

    @Override
    public boolean addBinding(RoleBinding binding) {
        return delegate.addBinding(binding);
    }

    @Override
    public boolean removeBinding(RoleBinding binding) {
        return delegate.removeBinding(binding);
    }

    @Override
    public Set<String> groupsOf(TenantId tenant, String user) {
        return delegate.groupsOf(tenant, user);
    }

    @Override
    public Map<String, Set<String>> groups(TenantId tenant) {
        return delegate.groups(tenant);
    }

    @Override
    public boolean addMember(TenantId tenant, String group, String user) {
        return delegate.addMember(tenant, group, user);
    }

    @Override
    public boolean removeMember(TenantId tenant, String group, String user) {
        return delegate.removeMember(tenant, group, user);
    }
}
