package dev.cascade.benchmarks.baseline;

import java.util.Map;

/**
 * Baseline floor: the map lookups and string building that any render of a template cannot avoid —
 * walk the variable path through nested maps and concatenate the literal parts. No parsing, no checks,
 * no caching. A renderer within a small factor of this floor has little left to remove. Stateless.
 */
public final class MapLookupFloor {
    private MapLookupFloor() {
    }

    /** {@code {{ a.b.c }}}: follow the path. */
    @SuppressWarnings("unchecked")
    public static Object lookup(Map<String, Object> root, String[] path) {
        Object current = root;
        for (String segment : path) {
            current = ((Map<String, Object>) current).get(segment);
        }
        return current;
    }

    /** {@code prefix{{ a }}middle{{ b }}suffix}: two lookups and the concatenation. */
    public static String interpolate(Map<String, Object> root, String prefix, String[] first, String middle,
                                     String[] second, String suffix) {
        return prefix + lookup(root, first) + middle + lookup(root, second) + suffix;
    }
}
