package dev.cascade.namespace;

import dev.cascade.internal.Arguments;
import java.util.List;
import java.util.Optional;

/**
 * The caller-editable properties of a namespace, as passed to create and update. Immutable.
 *
 * @param description       free text
 * @param allowedNamespaces namespaces allowed to read this namespace's secrets
 * @param secretStore       the configured secret store to use, empty for the instance default
 */
public record NamespaceProperties(String description, List<AllowedNamespace> allowedNamespaces,
                                  Optional<String> secretStore) {

    public static final NamespaceProperties EMPTY = new NamespaceProperties("", List.of(), Optional.empty());

    public NamespaceProperties {
        description = description == null ? "" : Arguments.requireWellFormed(description, "Namespace description");
        allowedNamespaces = Arguments.listWithoutNulls(allowedNamespaces, "allowedNamespaces");
        secretStore = secretStore == null ? Optional.empty() : secretStore;
    }

    public static NamespaceProperties ofDescription(String description) {
        return new NamespaceProperties(description, List.of(), Optional.empty());
    }

    public NamespaceProperties withDescription(String newDescription) {
        return new NamespaceProperties(newDescription, allowedNamespaces, secretStore);
    }

    public NamespaceProperties withAllowedNamespaces(List<AllowedNamespace> allowed) {
        return new NamespaceProperties(description, allowed, secretStore);
    }

    public NamespaceProperties withSecretStore(String storeName) {
        return new NamespaceProperties(description, allowedNamespaces, Optional.ofNullable(storeName));
    }
}
