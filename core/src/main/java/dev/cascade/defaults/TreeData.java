package dev.cascade.defaults;

import dev.cascade.InvalidDocumentException;
import dev.cascade.internal.Arguments;

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

    /**
     * The copy a storage keeps: deep and unmodifiable, with numbers in the one form every storage returns
     * them in, so that a value reads back the same from memory and from a database. Integers become the
     * smallest of {@code Integer}, {@code Long}, {@code BigInteger} that holds them; a {@code Float} becomes
     * the {@code Double} of the same decimal; a {@code BigDecimal} stays one (scale included:
     * {@code 1.10} stays {@code 1.10}) unless it is exactly the decimal a {@code Double} prints as, in which
     * case it is that {@code Double}; {@code -0.0} becomes {@code 0.0}. Refused with an {@link InvalidDocumentException} naming the path:
     * NaN and infinite numbers (JSON has none) and strings or keys with a lone UTF-16 surrogate (no
     * encoding can store one). Thread-safe; {@code what} names the document in messages.
     */
    public static Map<String, Object> storableCopy(Map<String, ?> map, String what) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) storable(map, what, "", 0);
        return copy;
    }

    /** Rules as a storage keeps them: each rule's values as {@link #storableCopy}, its type checked the same way. */
    public static List<PluginDefault> storableRules(List<PluginDefault> rules, String what) {
        List<PluginDefault> out = new ArrayList<>(rules.size());
        int i = 0;
        for (PluginDefault rule : rules) {
            if (rule == null) {
                throw new IllegalArgumentException("rules[" + i + "] is null; rules must not contain null elements");
            }
            out.add(new PluginDefault(rule.type(), storableCopy(rule.values(), what + " rule #" + (i + 1) + " values"),
                    rule.forced()));
            i++;
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static Object storable(Object value, String what, String path, int depth) {
        if (value == null || value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof String s) {
            requireWellFormed(s, what, path);
            return s;
        }
        if (value instanceof Map<?, ?> m) {
            checkDepth(depth);
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (m.size() / 0.75f) + 1));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new InvalidDocumentException(what + ": map keys must be strings, found "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()) + " at '" + path + "'");
                }
                String child = path.isEmpty() ? key : path + "." + key;
                requireWellFormed(key, what, child);
                copy.put(key, storable(e.getValue(), what, child, depth + 1));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            checkDepth(depth);
            List<Object> copy = new ArrayList<>(l.size());
            int i = 0;
            for (Object o : l) {
                copy.add(storable(o, what, path + "[" + i++ + "]", depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Long l) {
            return l == l.intValue() ? (Object) l.intValue() : l;
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 32 ? (Object) b.intValue() : b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = value instanceof Float f ? Double.parseDouble(Float.toString(f)) : (Double) value;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidDocumentException(what + ": the number at '" + path + "' is " + d
                        + "; NaN and infinite numbers cannot be stored (JSON has no such numbers): use a string");
            }
            return d == 0.0 ? 0.0 : d; // -0.0 too: a decimal has no negative zero
        }
        if (value instanceof BigDecimal bd) {
            double d = bd.doubleValue();
            if (!Double.isInfinite(d) && new BigDecimal(Double.toString(d)).equals(bd)) {
                return d;
            }
            return bd;
        }
        throw new InvalidDocumentException(what + ": unsupported value of type " + value.getClass().getName() + " at '"
                + path + "'; documents hold maps, lists, strings, numbers, booleans and nulls");
    }

    private static void requireWellFormed(String s, String what, String path) {
        if (Arguments.firstLoneSurrogate(s) >= 0) {
            Arguments.requireWellFormed(s, what + ": the text at '" + path + "'");
        }
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
