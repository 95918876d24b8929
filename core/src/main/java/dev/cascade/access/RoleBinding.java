package dev.cascade.access;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.util.Objects;
import java.util.Optional;

/**
 * Gives a role to a user or group within one tenant, optionally on a namespace: a binding on {@code N}
 * covers {@code N} and all its descendants; a binding without a namespace covers the whole tenant.
 * Immutable; equality is by value.
 *
 * @param tenant    the tenant it applies in (never others)
 * @param subject   user or group
 * @param role      role name (built-in or custom)
 * @param namespace the subtree it covers; empty for the whole tenant
 */
public record RoleBinding(TenantId tenant, Subject subject, String role, Optional<NamespaceId> namespace) {
    public RoleBinding {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Role.validateName(role);
        namespace = namespace == null ? Optional.empty() : namespace;
    }

    public static RoleBinding onNamespace(TenantId tenant, Subject subject, String role, NamespaceId namespace) {
        return new RoleBinding(tenant, subject, role, Optional.of(namespace));
    }

    public static RoleBinding tenantWide(TenantId tenant, Subject subject, String role) {
        return new RoleBinding(tenant, subject, role, Optional.empty());
    }

    /** Whether it covers {@code target} ({@code null} stands for a tenant-wide operation). */
    public boolean covers(NamespaceId target) {
        if (namespace.isEmpty()) {
            return true;
        }
        return target != null && namespace.get().isAncestorOrSelfOf(target);
    }
}
