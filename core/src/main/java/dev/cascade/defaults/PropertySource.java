package dev.cascade.defaults;

import dev.cascade.namespace.NamespaceId;

import java.util.Objects;
import java.util.Optional;

/**
 * Which level and rule supplied one property of a resolved task: an entry of the {@code explain} view.
 * Immutable and thread-safe.
 *
 * @param origin    task, flow, namespace or global
 * @param namespace for {@link ValueOrigin#NAMESPACE}, the namespace whose rule supplied it
 * @param ruleType  the {@code type} of the plugin-defaults rule; empty for {@link ValueOrigin#TASK}
 * @param forced    whether the rule is forced
 */
public record PropertySource(ValueOrigin origin, Optional<NamespaceId> namespace, Optional<String> ruleType,
                             boolean forced) {
    /** The task's own value. */
    public static final PropertySource TASK = new PropertySource(ValueOrigin.TASK, Optional.empty(), Optional.empty(), false);

    public PropertySource {
        Objects.requireNonNull(origin, "origin");
        namespace = namespace == null ? Optional.empty() : namespace;
        ruleType = ruleType == null ? Optional.empty() : ruleType;
    }

    /** For example {@code NAMESPACE company.marketing (io.kestra.plugin.aws, forced)} or {@code TASK}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(origin.name());
        namespace.ifPresent(n -> sb.append(' ').append(n.value()));
        if (ruleType.isPresent()) {
            sb.append(" (").append(ruleType.get());
            if (forced) {
                sb.append(", forced");
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
