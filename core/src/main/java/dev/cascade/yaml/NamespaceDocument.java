package dev.cascade.yaml;

import dev.cascade.InvalidDocumentException;
import dev.cascade.internal.Arguments;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.TreeData;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.NamespaceId;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A namespace as code: the YAML document read and written by {@link NamespaceDocuments}.
 *
 * <pre>{@code
 * id: company.marketing
 * description: Namespace for the marketing team
 * allowedNamespaces: [company.sales, team.*]
 * secretStore: vault            # optional
 * variables:
 *   github:
 *     token: "{{ secret('GITHUB_TOKEN') }}"
 * pluginDefaults:
 *   - type: io.kestra.plugin.aws
 *     values:
 *       region: us-east-1
 *     forced: false
 * }</pre>
 *
 * Immutable.
 */
public record NamespaceDocument(NamespaceId id, String description, List<AllowedNamespace> allowedNamespaces,
                                Optional<String> secretStore, Map<String, Object> variables,
                                List<PluginDefault> pluginDefaults) {
    public NamespaceDocument {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        allowedNamespaces = documentList(allowedNamespaces, "allowedNamespaces");
        secretStore = secretStore == null ? Optional.empty() : secretStore;
        variables = variables == null ? Map.of() : TreeData.immutableCopy(variables);
        pluginDefaults = documentList(pluginDefaults, "pluginDefaults");
    }

    private static <T> List<T> documentList(List<T> list, String argument) {
        try {
            return Arguments.listWithoutNulls(list, argument);
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException("Namespace document: " + e.getMessage());
        }
    }
}
