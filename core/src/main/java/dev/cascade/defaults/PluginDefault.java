package dev.cascade.defaults;

import dev.cascade.InvalidDocumentException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One plugin-defaults rule: for tasks whose type is {@code type} (exactly, or as a prefix at a
 * {@code .} boundary), supply {@code values}. A forced rule overrides the task's own values. A prefix
 * written with a trailing dot ({@code io.kestra.plugin.}) means the same prefix as without it; the type is
 * kept as written (documents export as they were read).
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
        if (type.startsWith(".") || type.contains("..") || type.chars().anyMatch(Character::isWhitespace)) {
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

    /**
     * Whether this rule applies to {@code taskType}: equal, or a prefix ending at a {@code .} boundary (a
     * trailing dot in the rule's type is not part of the prefix).
     */
    public boolean matches(String taskType) {
        Objects.requireNonNull(taskType, "taskType");
        int n = specificity();
        return (taskType.length() == n || (taskType.length() > n && taskType.charAt(n) == '.'))
                && taskType.regionMatches(0, type, 0, n);
    }

    /**
     * How specific the rule is: the length of its type without a trailing dot. Within one level a more
     * specific rule beats a less specific one; among equals the first declared wins.
     */
    public int specificity() {
        return type.endsWith(".") ? type.length() - 1 : type.length();
    }

    /** A mutable copy of the values, for merging. */
    public Map<String, Object> copyOfValues() {
        return new LinkedHashMap<>(TreeData.deepCopy(values));
    }
}
