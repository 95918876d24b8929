package dev.cascade.namespace;

import dev.cascade.internal.Arguments;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A created namespace: the governed entity. Immutable and thread-safe.
 *
 * @param tenant            the tenant it belongs to
 * @param id                its id
 * @param description       free text, empty when unset
 * @param allowedNamespaces namespaces (outside its subtree) allowed to read its secrets with
 *                          {@code secret('KEY', namespace='this.id')}
 * @param secretStore       the name of the configured secret store serving it; empty for the instance default
 * @param version           optimistic-lock version, 1 after creation, +1 on every update
 * @param created           when it was created
 * @param updated           when it was last changed
 */
public record Namespace(TenantId tenant, NamespaceId id, String description, List<AllowedNamespace> allowedNamespaces,
                        Optional<String> secretStore, long version, Instant created, Instant updated) {

    public Namespace {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        allowedNamespaces = Arguments.listWithoutNulls(allowedNamespaces, "allowedNamespaces");
        secretStore = secretStore == null ? Optional.empty() : secretStore;
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }

    /** Whether {@code reader} may read this namespace's secrets through its allowed list. */
    public boolean allows(NamespaceId reader) {
        for (AllowedNamespace allowed : allowedNamespaces) {
            if (allowed.matches(reader)) {
                return true;
            }
        }
        return false;
    }

    /** A copy with other mutable properties; version and timestamps are kept (stores assign them). */
    public Namespace withProperties(NamespaceProperties properties) {
        return new Namespace(tenant, id, properties.description(), properties.allowedNamespaces(),
                properties.secretStore(), version, created, updated);
    }

    /** The caller-editable part of this namespace. */
    public NamespaceProperties properties() {
        return new NamespaceProperties(description, allowedNamespaces, secretStore);
    }
}
