package dev.cascade.spi;

import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A coherent set of stores on one backend: namespaces, variables and plugin defaults. Deleting a
 * namespace through {@link #namespaces()} also removes its variables and plugin defaults, atomically.
 *
 * <p>The {@link ChangeFeed} publishes every change made through these stores, and — for stores shared
 * between processes — changes made by other processes.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use.
 */
public interface Storage extends ChangeFeed, AutoCloseable {
    /** Short backend name used in errors, for example {@code memory} or {@code jdbc}. */
    String name();

    NamespaceStore namespaces();

    VariableStore variables();

    PluginDefaultsStore pluginDefaults();

    /**
     * Roles, bindings and group memberships for the built-in role-based access policy; empty when this
     * storage does not keep them.
     */
    default Optional<AccessControlStore> accessControl() {
        return Optional.empty();
    }

    /**
     * The revision history of namespaces' properties, variables and plugin defaults; empty when this storage
     * keeps none (then {@code ManagementSession.history} and {@code restore} refuse with a clear error).
     */
    default Optional<RevisionStore> revisions() {
        return Optional.empty();
    }

    /**
     * Runs {@code work} (writes through these stores, and through secret stores and audit sinks on the same
     * database) as one transaction when the backend can: the change and its audit event commit together or
     * not at all. The default runs {@code work} as is, each write being atomic on its own.
     *
     * @throws dev.cascade.WriteOutcomeUnknownException when the commit was sent but its result is unknown
     */
    default <T> T inTransaction(java.util.function.Supplier<T> work) {
        return work.get();
    }

    /**
     * The existing namespaces among {@code namespace}'s ancestors ({@link NamespaceId#ancestors()}, root first,
     * {@code namespace} itself last when it exists), each with its variables and plugin defaults: what the
     * resolver reads when a namespace is not cached. The default reads them one store call at a time; a storage
     * whose calls are round trips (a database) should override it to read the whole chain at once.
     */
    default List<NamespaceLevel> chain(TenantId tenant, NamespaceId namespace) {
        List<NamespaceLevel> levels = new ArrayList<>();
        for (NamespaceId a : namespace.ancestors()) {
            Optional<Namespace> ns = namespaces().get(tenant, a);
            if (ns.isPresent()) {
                levels.add(new NamespaceLevel(ns.get(), variables().get(tenant, a), pluginDefaults().get(tenant, a)));
            }
        }
        return levels;
    }

    /** Releases connections and threads. Idempotent. */
    @Override
    default void close() {
    }
}
