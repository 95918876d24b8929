package dev.cascade.spi;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;

import java.util.Objects;
import java.util.Optional;

/**
 * A store reports that something changed, so caches can drop it. It never carries values. Immutable.
 *
 * @param tenant    the tenant
 * @param namespace the namespace whose data changed (a NAMESPACE change also invalidates its subtree)
 * @param kind      what changed
 * @param key       for SECRET changes, the key; empty when every key of the namespace may have changed
 */
public record ChangeEvent(TenantId tenant, NamespaceId namespace, Kind kind, Optional<SecretKey> key) {

    /** What a change touched. */
    public enum Kind { NAMESPACE, VARIABLES, PLUGIN_DEFAULTS, SECRET, ACCESS }

    public ChangeEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(kind, "kind");
        key = key == null ? Optional.empty() : key;
    }

    public static ChangeEvent of(TenantId tenant, NamespaceId namespace, Kind kind) {
        return new ChangeEvent(tenant, namespace, kind, Optional.empty());
    }

    public static ChangeEvent secret(TenantId tenant, NamespaceId namespace, SecretKey key) {
        return new ChangeEvent(tenant, namespace, Kind.SECRET, Optional.ofNullable(key));
    }
}
