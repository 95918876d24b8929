package dev.cascade.observe;

import java.util.Objects;

/**
 * One call to the resolver.
 *
 * @param operation which call
 * @param tenant    the tenant
 * @param namespace the namespace
 *
 *                  <p>Immutable.
 */
public record Resolution(Operation operation, String tenant, String namespace) {
    /** The resolver's entry points that are timed. */
    public enum Operation {
        /** {@code Resolver.resolveTask}. */
        RESOLVE_TASK,
        /** {@code Resolver.render}. */
        RENDER
    }

    public Resolution {
        Objects.requireNonNull(operation, "operation");
    }
}
