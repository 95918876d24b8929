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

    /** Releases connections and threads. Idempotent. */
    @Override
    default void close() {
    }
}
