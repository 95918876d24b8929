package dev.cascade.defaults;

import dev.cascade.internal.Arguments;
import dev.cascade.InvalidDocumentException;
import dev.cascade.namespace.NamespaceId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The plugin-defaults rules of one level (global, one namespace, or the flow), in declaration order.
 * Immutable and thread-safe.
 *
 * @param origin    GLOBAL, NAMESPACE or FLOW
 * @param namespace the namespace, for NAMESPACE levels
 * @param rules     the rules in declaration order
 */
public record DefaultsLevel(ValueOrigin origin, Optional<NamespaceId> namespace, List<PluginDefault> rules) {
    public DefaultsLevel {
        Objects.requireNonNull(origin, "origin");
        namespace = namespace == null ? Optional.empty() : namespace;
        rules = Arguments.listWithoutNulls(rules, "rules");
        if (origin == ValueOrigin.TASK) {
            throw new IllegalArgumentException("TASK is not a plugin-defaults level");
        }
        if (origin == ValueOrigin.NAMESPACE && namespace.isEmpty()) {
            throw new IllegalArgumentException("A NAMESPACE level names its namespace");
        }
        if (origin == ValueOrigin.FLOW) {
            for (PluginDefault rule : rules) {
                if (rule.forced()) {
                    throw new InvalidDocumentException("Plugin-defaults rule for type '" + rule.type()
                            + "' is forced at flow level; only global and namespace defaults may be forced "
                            + "(an administrator's decision, not a flow's). Remove 'forced: true' from the flow");
                }
            }
        }
    }

    public static DefaultsLevel global(List<PluginDefault> rules) {
        return new DefaultsLevel(ValueOrigin.GLOBAL, Optional.empty(), rules);
    }

    public static DefaultsLevel namespace(NamespaceId namespace, List<PluginDefault> rules) {
        return new DefaultsLevel(ValueOrigin.NAMESPACE, Optional.of(namespace), rules);
    }

    /** A flow's rules; a forced rule is refused with {@link InvalidDocumentException}. */
    public static DefaultsLevel flow(List<PluginDefault> rules) {
        return new DefaultsLevel(ValueOrigin.FLOW, Optional.empty(), rules);
    }

    /** The source recorded in {@code explain} for values of {@code rule} at this level. */
    public PropertySource sourceOf(PluginDefault rule) {
        return new PropertySource(origin, namespace, Optional.of(rule.type()), rule.forced());
    }
}
