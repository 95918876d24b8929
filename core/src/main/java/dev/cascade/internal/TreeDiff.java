package dev.cascade.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.audit.DiffEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Computes the changed paths between two document trees, for audit events. Stateless, thread-safe. Not API. */
public final class TreeDiff {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ENTRIES = 1000;

    private TreeDiff() {
    }

    public static List<DiffEntry> diff(Object before, Object after) {
        List<DiffEntry> out = new ArrayList<>();
        walk("", before, after, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(String path, Object before, Object after, List<DiffEntry> out) {
        if (out.size() >= MAX_ENTRIES) {
            return;
        }
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            TreeSet<String> keys = new TreeSet<>();
            ((Map<String, Object>) b).keySet().forEach(keys::add);
            ((Map<String, Object>) a).keySet().forEach(keys::add);
            for (String k : keys) {
                String p = path.isEmpty() ? k : path + "." + k;
                boolean inB = b.containsKey(k);
                boolean inA = a.containsKey(k);
                if (inB && !inA) {
                    out.add(new DiffEntry(p, DiffEntry.Change.REMOVED, json(b.get(k)), null));
                } else if (!inB) {
                    out.add(new DiffEntry(p, DiffEntry.Change.ADDED, null, json(a.get(k))));
                } else {
                    walk(p, b.get(k), a.get(k), out);
                }
            }
            return;
        }
        if (before instanceof List<?> b && after instanceof List<?> a) {
            int n = Math.max(b.size(), a.size());
            for (int i = 0; i < n; i++) {
                String p = path + "[" + i + "]";
                if (i >= a.size()) {
                    out.add(new DiffEntry(p, DiffEntry.Change.REMOVED, json(b.get(i)), null));
                } else if (i >= b.size()) {
                    out.add(new DiffEntry(p, DiffEntry.Change.ADDED, null, json(a.get(i))));
                } else {
                    walk(p, b.get(i), a.get(i), out);
                }
            }
            return;
        }
        if (!Objects.equals(normalize(before), normalize(after))) {
            String p = path.isEmpty() ? "$" : path;
            if (before == null && after != null) {
                out.add(new DiffEntry(p, DiffEntry.Change.CHANGED, "null", json(after)));
            } else {
                out.add(new DiffEntry(p, DiffEntry.Change.CHANGED, json(before), json(after)));
            }
        }
    }

    private static Object normalize(Object o) {
        if (o instanceof Number n && !(o instanceof Double) && !(o instanceof Float)) {
            return new java.math.BigDecimal(n.toString());
        }
        return o;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
