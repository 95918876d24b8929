package dev.cascade.namespace;

import dev.cascade.InvalidDocumentException;
import dev.cascade.internal.Arguments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * These properties as plain data: {@code description} (string), {@code allowedNamespaces} (list of patterns)
     * and {@code secretStore} (string or null), in that order. The form revisions keep and audit diffs compare;
     * {@link #fromTree} reads it back equal. A new mutable map on each call.
     */
    public Map<String, Object> asTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("description", description);
        List<String> allowed = new ArrayList<>(allowedNamespaces.size());
        allowedNamespaces.forEach(a -> allowed.add(a.pattern()));
        tree.put("allowedNamespaces", allowed);
        tree.put("secretStore", secretStore.orElse(null));
        return tree;
    }

    /**
     * Reads the form {@link #asTree} writes; a missing entry takes its default (no description, no allowed
     * namespaces, the instance's default store).
     *
     * @throws InvalidDocumentException when an entry has the wrong type
     * @throws dev.cascade.InvalidIdException when a pattern is not a valid namespace pattern
     */
    public static NamespaceProperties fromTree(Map<String, ?> tree) {
        Object description = tree.get("description");
        Object allowed = tree.get("allowedNamespaces");
        Object store = tree.get("secretStore");
        if ((description != null && !(description instanceof String)) || (allowed != null && !(allowed instanceof List))
                || (store != null && !(store instanceof String))) {
            throw new InvalidDocumentException("Namespace properties must have a string 'description', a "
                    + "list 'allowedNamespaces' and a string 'secretStore'");
        }
        List<AllowedNamespace> patterns = new ArrayList<>();
        if (allowed != null) {
            for (Object pattern : (List<?>) allowed) {
                if (!(pattern instanceof String text)) {
                    throw new InvalidDocumentException("Namespace properties: 'allowedNamespaces' must "
                            + "list namespace patterns as strings");
                }
                patterns.add(AllowedNamespace.parse(text));
            }
        }
        return new NamespaceProperties((String) description, patterns, Optional.ofNullable((String) store));
    }
}
