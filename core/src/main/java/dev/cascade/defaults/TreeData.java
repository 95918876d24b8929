package dev.cascade.defaults;

import dev.cascade.InvalidDocumentException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on document trees in the YAML/JSON data model: maps with string keys, lists, strings,
 * numbers, booleans and nulls. Stateless and thread-safe.
 */
public final class TreeData {
    /** Deepest nesting a stored tree may have. */
    public static final int MAX_DEPTH = 64;

    private TreeData() {
    }

    /** A deep, mutable copy of {@code map}; refuses values outside the data model and trees nested too deep. */
    public static Map<String, Object> deepCopy(Map<String, ?> map) {
        return copyMap(map, 0);
    }

    /** A deep, unmodifiable copy. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> immutableCopy(Map<String, ?> map) {
        return (Map<String, Object>) freeze(copyMap(map, 0));
    }

    private static Map<String, Object> copyMap(Map<String, ?> map, int depth) {
        checkDepth(depth);
        // sized to hold the entries without resizing, and no larger: cached copies are many
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        for (Map.Entry<String, ?> e : map.entrySet()) {
            Object key = e.getKey();
            if (!(key instanceof String)) {
                throw new InvalidDocumentException("Map keys must be strings, found " + (key == null ? "null" : key.getClass().getSimpleName()));
            }
            copy.put((String) key, copyValue(e.getValue(), depth + 1));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof BigInteger || value instanceof BigDecimal || value instanceof Short
                || value instanceof Byte) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            return copyMap((Map<String, ?>) m, depth);
        }
        if (value instanceof List<?> l) {
            checkDepth(depth);
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) {
                copy.add(copyValue(o, depth + 1));
            }
            return copy;
        }
        throw new InvalidDocumentException("Unsupported value of type " + value.getClass().getName()
                + "; documents hold maps, lists, strings, numbers, booleans and nulls");
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidDocumentException("Document nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    @SuppressWarnings("unchecked")
    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> mm = (Map<String, Object>) m;
            mm.replaceAll((k, v) -> freeze(v));
            return Collections.unmodifiableMap(mm);
        }
        if (value instanceof List<?> l) {
            List<Object> ll = (List<Object>) l;
            ll.replaceAll(TreeData::freeze);
            return Collections.unmodifiableList(ll);
        }
        return value;
    }

    /**
     * Deep-merges {@code overlay} onto a copy of {@code base}: maps merge key by key, the overlay wins;
     * lists and scalars are replaced whole. Neither argument is modified.
     */
    public static Map<String, Object> deepMerge(Map<String, ?> base, Map<String, ?> overlay) {
        Map<String, Object> result = deepCopy(base);
        mergeInto(result, overlay);
        return result;
    }

    /** Deep-merges {@code overlay} into {@code target} in place (overlay wins). */
    @SuppressWarnings("unchecked")
    public static void mergeInto(Map<String, Object> target, Map<String, ?> overlay) {
        for (Map.Entry<String, ?> e : overlay.entrySet()) {
            Object incoming = e.getValue();
            Object existing = target.get(e.getKey());
            if (incoming instanceof Map<?, ?> inMap && existing instanceof Map<?, ?> exMap) {
                Map<String, Object> merged = exMap instanceof LinkedHashMap<?, ?>
                        ? (Map<String, Object>) exMap : new LinkedHashMap<>((Map<String, Object>) exMap);
                mergeInto(merged, (Map<String, ?>) inMap);
                target.put(e.getKey(), merged);
            } else {
                target.put(e.getKey(), copyValue(incoming, 0));
            }
        }
    }
}
