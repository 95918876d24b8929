package dev.cascade.namespace;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of a namespace listing: an existing namespace, or a placeholder. Immutable.
 *
 * @param id        the namespace id
 * @param status    EXISTING or PLACEHOLDER
 * @param namespace the namespace when it exists
 */
public record NamespaceSummary(NamespaceId id, NamespaceStatus status, Optional<Namespace> namespace) {
    public NamespaceSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        namespace = namespace == null ? Optional.empty() : namespace;
    }
}
