package dev.cascade.spi;

import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.Namespace;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One existing namespace of a chain with its documents, as {@link Storage#chain} returns it. Immutable.
 *
 * @param namespace      the namespace
 * @param variables      its variables document, if it has one
 * @param pluginDefaults its plugin-defaults rules, if it has them
 */
public record NamespaceLevel(Namespace namespace, Optional<Versioned<Map<String, Object>>> variables,
                             Optional<Versioned<List<PluginDefault>>> pluginDefaults) {
    public NamespaceLevel {
        Objects.requireNonNull(namespace, "namespace");
        variables = variables == null ? Optional.empty() : variables;
        pluginDefaults = pluginDefaults == null ? Optional.empty() : pluginDefaults;
    }
}
