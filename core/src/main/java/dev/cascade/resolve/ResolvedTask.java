package dev.cascade.resolve;

import dev.cascade.defaults.PropertySource;
import dev.cascade.secret.SecretMasker;

import java.util.Map;
import java.util.Objects;

/**
 * A task ready to execute: plugin defaults applied and every template rendered. Immutable (unmodifiable
 * maps and lists) and thread-safe; {@link #toString()} masks every secret value regardless of length.
 *
 * @param task    the resolved task tree (may contain secret values: mask before logging)
 * @param explain for every resulting property path ({@code password}, {@code tasks[0].region}), the level
 *                and rule that supplied it; computed on first access from the task map as passed to the
 *                resolver, so do not modify that map in between
 * @param masker  masks the secret values the task used
 */
public record ResolvedTask(Map<String, Object> task, Map<String, PropertySource> explain, SecretMasker masker) {
    public ResolvedTask {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(explain, "explain");
        Objects.requireNonNull(masker, "masker");
    }

    /** The task tree printed with secrets masked, for logs and demos. */
    public String maskedTask() {
        return masker.mask(String.valueOf(task));
    }

    @Override
    public String toString() {
        return "ResolvedTask[task=" + masker.withMinLength(1).mask(String.valueOf(task)) + ", explain=" + explain
                + ", masker=" + masker + "]";
    }
}
