package dev.cascade.defaults;

import dev.cascade.InvalidDocumentException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One plugin-defaults rule: for tasks whose type is {@code type} (exactly, or as a prefix at a
 * {@code .} boundary), supply {@code values}. A forced rule overrides the task's own values.
 * Immutable; {@code values} is an unmodifiable deep copy in the YAML data model (maps, lists, strings,
 * numbers, booleans, nulls).
 *
 * @param type   a task type or a type prefix, for example {@code io.kestra.plugin.aws}
 * @param values property values to apply
 * @param forced whether the values override the task's own
 */
public record PluginDefault(String type, Map<String, Object> values, boolean forced) {

    public PluginDefault {
        if (type == null || type.isBlank()) {
            throw new InvalidDocumentException("Plugin-defaults rule has no 'type'; every rule needs the task type or "
                    + "type prefix it applies to");
        }
        type = type.strip();
        if (type.startsWith(".") || type.endsWith(".") || type.contains("..") || type.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidDocumentException("Plugin-defaults rule has an invalid type '" + type
                    + "': expected a dotted type name such as io.kestra.plugin.aws");
        }
        values = values == null ? Map.of() : Collections.unmodifiableMap(TreeData.deepCopy(values));
    }

    public static PluginDefault of(String type, Map<String, Object> values) {
        return new PluginDefault(type, values, false);
    }

    public static PluginDefault forced(String type, Map<String, Object> values) {
        return new PluginDefault(type, values, true);
    }

    /** Whether this rule applies to {@code taskType}: equal, or a prefix ending at a {@code .} boundary. */
    public boolean matches(String taskType) {
        Objects.requireNonNull(taskType, "taskType");
        return taskType.equals(type)
                || (taskType.length() > type.length() && taskType.startsWith(type) && taskType.charAt(type.length()) == '.');
    }

    /** A mutable copy of the values, for merging. */
    public Map<String, Object> copyOfValues() {
        return new LinkedHashMap<>(TreeData.deepCopy(values));
    }
}
