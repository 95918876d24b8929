package dev.cascade.defaults;

import dev.cascade.InvalidDocumentException;
import dev.cascade.internal.Ids;

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
 * @param type   a task type or a type prefix, for example {@code io.kestra.plugin.aws}: dot-separated ASCII
 *               Java identifiers; a trailing dot is accepted and dropped (it means the same prefix)
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
        if (type.endsWith(".") && type.length() > 1) {
            type = type.substring(0, type.length() - 1); // Kestra accepts 'io.kestra.plugin.': the same prefix
        }
        if (!isDottedIdentifier(type)) {
            throw new InvalidDocumentException("Plugin-defaults rule has an invalid type " + Ids.quote(type)
                    + ": expected a dotted Java-style type name or prefix such as io.kestra.plugin.aws (ASCII letters, "
                    + "digits, '_' and '$', at most " + MAX_TYPE_LENGTH + " characters; no wildcards)");
        }
        values = values == null ? Map.of() : Collections.unmodifiableMap(TreeData.deepCopy(values));
    }

    /**
     * This rule as plain data: {@code type}, {@code values} and {@code forced}, in that order (always all three).
     * The form revisions keep and audit diffs compare. A new mutable map on each call; {@code values} is this
     * rule's own unmodifiable map.
     */
    public Map<String, Object> asTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", type);
        tree.put("values", values);
        tree.put("forced", forced);
        return tree;
    }

    /** The longest type accepted. */
    public static final int MAX_TYPE_LENGTH = 512;

    private static boolean isDottedIdentifier(String type) {
        if (type.isEmpty() || type.length() > MAX_TYPE_LENGTH) {
            return false;
        }
        boolean segmentStart = true;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '.') {
                if (segmentStart) {
                    return false; // leading dot or '..'
                }
                segmentStart = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$') {
                segmentStart = false;
            } else if (c >= '0' && c <= '9') {
                if (segmentStart) {
                    return false;
                }
            } else {
                return false; // '*', '-', whitespace and every non-ASCII look-alike
            }
        }
        return !segmentStart;
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

    /**
     * How specific the rule is: the length of its type. Within one level a more specific rule beats a less
     * specific one; among equals the first declared wins.
     */
    public int specificity() {
        return type.length();
    }

    /** A mutable copy of the values, for merging. */
    public Map<String, Object> copyOfValues() {
        return new LinkedHashMap<>(TreeData.deepCopy(values));
    }
}
