package dev.cascade.spring.boot;

import dev.cascade.Cascade;

/**
 * A bean of this type adjusts the {@link Cascade.Builder} after the properties were applied and before the
 * instance is built (an access policy, an audit sink, a secret store instance). Called once, at startup, on the
 * thread that creates the context.
 */
@FunctionalInterface
public interface CascadeBuilderCustomizer {
    void customize(Cascade.Builder builder);
}
