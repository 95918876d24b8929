package dev.cascade.internal.resolve;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A private deep copy of a host's task tree (key order and {@code null}s kept) and the order-sensitive
 * comparison and hash a plan cache keys on: a host may mutate its map between calls, so a remembered plan is
 * used only while the task still equals the snapshot it was built from, key order included (the result keeps
 * the task's order). Values outside the data model are kept by reference (building the plan refuses them).
 * Stateless and thread-safe. Not API.
 */
public final class TaskSnapshot {
    private static final int MAX_DEPTH = 256;

    private TaskSnapshot() {
    }

    /**
     * A deep copy of {@code value}. Plain (modifiable) collections on purpose: a snapshot never leaves Cascade's
     * internals and nothing writes it, and comparing against unmodifiable views would allocate a wrapper per
     * entry on every call.
     */
    public static Object copy(Object value) {
        return copy(value, 0);
    }

    private static Object copy(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return value; // the plan build refuses trees this deep; the snapshot only needs to be safe
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>(Math.max(4, (int) (m.size() / 0.75f) + 1));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                c.put(e.getKey(), copy(e.getValue(), depth + 1));
            }
            return c;
        }
        if (value instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            for (Object o : l) {
                c.add(copy(o, depth + 1));
            }
            return c;
        }
        return value;
    }

    /** Whether {@code a} and {@code b} are equal trees with their maps' keys in the same order. */
    public static boolean same(Object a, Object b) {
        return same(a, b, 0);
    }

    private static boolean same(Object a, Object b, int depth) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || depth > MAX_DEPTH) {
            return false;
        }
        if (a instanceof Map<?, ?> ma) {
            if (!(b instanceof Map<?, ?> mb) || ma.size() != mb.size()) {
                return false;
            }
            // hasNext checks: a map changed concurrently (weakly consistent iterators) compares unequal, never throws
            Iterator<? extends Map.Entry<?, ?>> ib = mb.entrySet().iterator();
            for (Map.Entry<?, ?> ea : ma.entrySet()) {
                if (!ib.hasNext()) {
                    return false;
                }
                Map.Entry<?, ?> eb = ib.next();
                if (!Objects.equals(ea.getKey(), eb.getKey()) || !same(ea.getValue(), eb.getValue(), depth + 1)) {
                    return false;
                }
            }
            return !ib.hasNext();
        }
        if (a instanceof List<?> la) {
            if (!(b instanceof List<?> lb) || la.size() != lb.size()) {
                return false;
            }
            Iterator<?> ib = lb.iterator();
            for (Object o : la) {
                if (!ib.hasNext() || !same(o, ib.next(), depth + 1)) {
                    return false;
                }
            }
            return !ib.hasNext();
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    /** A hash consistent with {@link #same} (key order counts). */
    public static int hash(Object value) {
        return hash(value, 0);
    }

    private static int hash(Object value, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return 0;
        }
        if (value instanceof Map<?, ?> m) {
            int h = 1;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                h = 31 * (31 * h + String.valueOf(e.getKey()).hashCode()) + hash(e.getValue(), depth + 1);
            }
            return h;
        }
        if (value instanceof List<?> l) {
            int h = 7;
            for (Object o : l) {
                h = 31 * h + hash(o, depth + 1);
            }
            return h;
        }
        return value.hashCode();
    }
}
