package dev.cascade.spi;

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

    /** Releases connections and threads. Idempotent. */
    @Override
    default void close() {
    }
}
