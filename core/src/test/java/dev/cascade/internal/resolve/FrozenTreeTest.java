package dev.cascade.internal.resolve;

import dev.cascade.internal.resolve.FrozenTree.FrozenList;
import dev.cascade.internal.resolve.FrozenTree.FrozenMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link FrozenTree}: array-backed maps (scanned, or through a shared index) and lists behave as any map or list. */
class FrozenTreeTest {
    private static FrozenMap frozen(int size, boolean indexed) {
        String[] keys = new String[size];
        Object[] values = new Object[size];
        Map<String, Integer> index = indexed ? new HashMap<>() : null;
        for (int i = 0; i < size; i++) {
            keys[i] = "k" + i;
            values[i] = i == 1 ? null : i;
            if (indexed) {
                index.put(keys[i], i);
            }
        }
        return new FrozenMap(keys, index, values);
    }

    private static Map<String, Object> expected(int size) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put("k" + i, i == 1 ? null : i);
        }
        return m;
    }

    @Test
    void aFrozenMapIsAnInsertionOrderedMap() {
        for (boolean indexed : new boolean[] {false, true}) {
            FrozenMap m = frozen(20, indexed);
            Map<String, Object> e = expected(20);
            assertThat(m).isEqualTo(e);
            assertThat(m.hashCode()).isEqualTo(e.hashCode());
            assertThat(m.toString()).isEqualTo(e.toString());
            assertThat(m.size()).isEqualTo(20);
            assertThat(m.get("k0")).isEqualTo(0);
            assertThat(m.get(new String("k19"))).isEqualTo(19);
            assertThat(m.get("k1")).isNull();
            assertThat(m.containsKey("k1")).as("a key with a null value").isTrue();
            assertThat(m.containsKey("k0")).isTrue();
            assertThat(m.containsKey("k20")).isFalse();
            assertThat(m.get("k20")).isNull();
            assertThat(m.containsKey(7)).isFalse();
            assertThat(m.get(null)).isNull();
            List<String> seen = new ArrayList<>();
            m.forEach((k, v) -> seen.add(k + "=" + v));
            assertThat(seen).hasSize(20).startsWith("k0=0", "k1=null", "k2=2").endsWith("k19=19");
            assertThat(m.keySet()).containsExactlyElementsOf(e.keySet());
            Iterator<Map.Entry<String, Object>> it = m.entrySet().iterator();
            for (int i = 0; i < 20; i++) {
                assertThat(it.hasNext()).isTrue();
                assertThat(it.next().getKey()).isEqualTo("k" + i);
            }
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void aFrozenListIsARandomAccessList() {
        FrozenList l = new FrozenList(new Object[] {"a", null, 3});
        assertThat(l).isEqualTo(java.util.Arrays.asList("a", null, 3)).hasSize(3);
        assertThat(l.get(2)).isEqualTo(3);
        assertThat(l).isInstanceOf(java.util.RandomAccess.class);
        assertThatThrownBy(() -> l.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
