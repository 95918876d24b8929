package dev.cascade.resolve;

import dev.cascade.internal.Arguments;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.TenantId;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a namespace resolves to once its ancestors are taken into account. Only existing namespaces
 * contribute; placeholders contribute nothing. Immutable (unmodifiable collections) and thread-safe.
 *
 * @param tenant            the tenant
 * @param id                the namespace
 * @param status            whether {@code id} itself exists or is a placeholder
 * @param variables         variables deep-merged from the root ancestor down to {@code id} (child wins)
 * @param pluginDefaults    the namespace levels of plugin defaults, root first (no global or flow level)
 * @param allowedNamespaces who may read {@code id}'s secrets through {@code secret(..., namespace=)}; empty for a placeholder
 * @param secretStore       the secret store {@code id} names; empty for the instance default
 * @param existingChain     the existing namespaces among {@code id}'s ancestors (itself included), root first
 */
public record EffectiveNamespace(TenantId tenant, NamespaceId id, NamespaceStatus status, Map<String, Object> variables,
                                 PluginDefaultsChain pluginDefaults, List<AllowedNamespace> allowedNamespaces,
                                 Optional<String> secretStore, List<Namespace> existingChain) {
    public EffectiveNamespace {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        variables = variables == null ? Map.of() : variables;
        pluginDefaults = pluginDefaults == null ? PluginDefaultsChain.EMPTY : pluginDefaults;
        allowedNamespaces = Arguments.listWithoutNulls(allowedNamespaces, "allowedNamespaces");
        secretStore = secretStore == null ? Optional.empty() : secretStore;
        existingChain = Arguments.listWithoutNulls(existingChain, "existingChain");
    }

    public boolean exists() {
        return status == NamespaceStatus.EXISTING;
    }
}
