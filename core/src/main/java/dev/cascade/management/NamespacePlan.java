package dev.cascade.management;

import dev.cascade.audit.DiffEntry;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;

import java.util.List;
import java.util.Objects;

/**
 * What applying a set of {@link DesiredNamespace}s would change, computed by {@link ManagementSession#plan}
 * and carried out, exactly, by {@link ManagementSession#apply}: each change remembers the versions it read,
 * so a concurrent change between plan and apply is a conflict instead of being overwritten. Secret changes
 * name keys only, never values. Immutable and thread-safe.
 *
 * @param tenant  the tenant planned for
 * @param changes one entry per namespace declared or pruned, sorted by id (children after parents)
 * @param prune   whether namespaces and secrets the directory does not declare are deleted
 */
public record NamespacePlan(TenantId tenant, List<Change> changes, boolean prune) {
    /** What happens to one namespace. */
    public enum Action {
        /** Already as declared. */
        NONE,
        /** Created, with its variables, plugin defaults and secrets. */
        CREATE,
        /** Some of its properties, variables, plugin defaults or secrets change. */
        UPDATE,
        /** Deleted with its secrets ({@code prune} only). */
        DELETE
    }

    /** What happens to one secret. */
    public enum SecretAction {
        ADD, UPDATE, DELETE
    }

    /**
     * One secret's change.
     *
     * @param key          the key
     * @param action       add, update or delete
     * @param valueChanged for an update: whether the value differs (otherwise only the description does)
     * @param versionRead  the version the plan read (0 when absent)
     */
    public record SecretChange(SecretKey key, SecretAction action, boolean valueChanged, long versionRead) {
        public SecretChange {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * One namespace's change.
     *
     * @param id                    the namespace
     * @param action                what happens to it
     * @param properties            description, allowed namespaces and store binding: what changes
     * @param variables             variables: what changes, by path
     * @param pluginDefaults        plugin defaults: what changes, paths starting at the rule index
     * @param secrets               secrets added, updated or deleted
     * @param namespaceVersion      the namespace version read (0 when absent)
     * @param variablesVersion      the variables version read (0 when none)
     * @param pluginDefaultsVersion the plugin-defaults version read (0 when none)
     * @param desired               the declaration to apply (null for a delete)
     */
    public record Change(NamespaceId id, Action action, List<DiffEntry> properties, List<DiffEntry> variables,
                         List<DiffEntry> pluginDefaults, List<SecretChange> secrets, long namespaceVersion,
                         long variablesVersion, long pluginDefaultsVersion, DesiredNamespace desired) {
        public Change {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(action, "action");
            properties = List.copyOf(properties);
            variables = List.copyOf(variables);
            pluginDefaults = List.copyOf(pluginDefaults);
            secrets = List.copyOf(secrets);
        }
    }

    public NamespacePlan {
        Objects.requireNonNull(tenant, "tenant");
        changes = List.copyOf(changes);
    }

    /** Whether applying would change nothing. */
    public boolean isEmpty() {
        return changes.stream().allMatch(c -> c.action() == Action.NONE);
    }
}
