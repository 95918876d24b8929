package dev.cascade.internal.resolve;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The unmodifiable maps and lists of a resolved tree, backed by arrays: the keys of a map are shared by every
 * result of one plan, so a result costs one array of values per map instead of a hash table with an entry per
 * key. Insertion ordered; {@code equals}, {@code hashCode} and {@code toString} as for any map or list.
 * Immutable and thread-safe once published. Not API.
 */
final class FrozenTree {
    private FrozenTree() {
    }

    /** An unmodifiable map over shared keys and its own values. */
    static final class FrozenMap extends AbstractMap<String, Object> {
        private final String[] keys;
        /** Shared position of each key, for maps too large to scan; null for small ones. */
        private final Map<String, Integer> index;
        private final Object[] values;

        FrozenMap(String[] keys, Map<String, Integer> index, Object[] values) {
            this.keys = keys;
            this.index = index;
            this.values = values;
        }

        private int indexOf(Object key) {
            if (index != null) {
                Integer i = index.get(key);
                return i == null ? -1 : i;
            }
            if (key instanceof String) {
                for (int i = 0; i < keys.length; i++) {
                    String k = keys[i];
                    if (k == key || k.equals(key)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < keys.length; i++) {
                action.accept(keys[i], values[i]);
            }
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }

    /** An unmodifiable list over its own array. */
    static final class FrozenList extends AbstractList<Object> implements RandomAccess {
        private final Object[] values;

        FrozenList(Object[] values) {
            this.values = values;
        }

        @Override
        public Object get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
