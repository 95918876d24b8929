package dev.cascade.internal.resolve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TaskSnapshot}: deep copies, and the order-sensitive comparison a plan cache keys on. */
class TaskSnapshotTest {
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCopyIsDeepAndKeepsOrderAndNulls() {
        List<Object> list = new ArrayList<>(Arrays.asList(1, null, ordered("x", "y")));
        Map<String, Object> task = ordered("b", list, "a", null, "c", ordered("d", 1, "e", 2));
        Object copy = TaskSnapshot.copy(task);
        assertThat(copy).isEqualTo(task).isNotSameAs(task);
        assertThat(TaskSnapshot.same(copy, task)).isTrue();
        assertThat(List.copyOf(((Map<?, ?>) copy).keySet())).isEqualTo(List.of("b", "a", "c"));
        list.add("later");
        ((Map<String, Object>) list.get(2)).put("z", 0);
        assertThat(((List<?>) ((Map<?, ?>) copy).get("b"))).hasSize(3);
        assertThat(((Map<?, ?>) ((List<?>) ((Map<?, ?>) copy).get("b")).get(2)).keySet()).isEqualTo(java.util.Set.of("x"));
        assertThat(TaskSnapshot.same(copy, task)).isFalse();
        Map<String, Object> big = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            big.put("k" + i, i);
        }
        assertThat(TaskSnapshot.copy(big)).isEqualTo(big);
        assertThat(TaskSnapshot.copy("scalar")).isEqualTo("scalar");
        assertThat(TaskSnapshot.copy(null)).isNull();
    }

    @Test
    void sameComparesTreesWithKeyOrder() {
        assertThat(TaskSnapshot.same(ordered("a", 1, "b", 2), ordered("a", 1, "b", 2))).isTrue();
        assertThat(TaskSnapshot.same(ordered("a", 1, "b", 2), ordered("b", 2, "a", 1))).isFalse();
        assertThat(TaskSnapshot.same(ordered("a", 1), ordered("a", 2))).isFalse();
        assertThat(TaskSnapshot.same(ordered("a", 1), ordered("b", 1))).isFalse();
        assertThat(TaskSnapshot.same(ordered("a", 1), ordered("a", 1, "b", 2))).isFalse();
        assertThat(TaskSnapshot.same(ordered("a", 1, "b", 2), ordered("a", 1))).isFalse();
        assertThat(TaskSnapshot.same(ordered("a", 1), List.of(1))).isFalse();
        assertThat(TaskSnapshot.same(ordered(), ordered())).isTrue();
        assertThat(TaskSnapshot.same(ordered("a", null), ordered("a", null))).isTrue();
        assertThat(TaskSnapshot.same(ordered("a", null), ordered("a", 1))).isFalse();
        assertThat(TaskSnapshot.same(ordered("a", 1), ordered("a", null))).isFalse();

        assertThat(TaskSnapshot.same(List.of(1, 2), List.of(1, 2))).isTrue();
        assertThat(TaskSnapshot.same(List.of(1, 2), List.of(2, 1))).isFalse();
        assertThat(TaskSnapshot.same(List.of(1, 2), List.of(1, 2, 3))).isFalse();
        assertThat(TaskSnapshot.same(List.of(1, 2, 3), List.of(1, 2))).isFalse();
        assertThat(TaskSnapshot.same(List.of(1), ordered("a", 1))).isFalse();
        assertThat(TaskSnapshot.same(new ArrayList<>(), List.of())).isTrue();
        assertThat(TaskSnapshot.same(List.of(ordered("a", 1, "b", 2)), List.of(ordered("b", 2, "a", 1)))).isFalse();

        // scalars: equal values of the same class only (1 and 1L are different task values)
        assertThat(TaskSnapshot.same("x", new String("x"))).isTrue();
        assertThat(TaskSnapshot.same(1, 1L)).isFalse();
        assertThat(TaskSnapshot.same(1, 2)).isFalse();
        assertThat(TaskSnapshot.same(null, null)).isTrue();
        assertThat(TaskSnapshot.same(null, "x")).isFalse();
        assertThat(TaskSnapshot.same("x", null)).isFalse();
    }

    @Test
    void hostileDepthNeitherOverflowsTheStackNorCompareEqual() {
        // a host's tree nested far deeper than any plan accepts: copying, comparing and hashing stay bounded
        Object deep = "leaf";
        Object other = "leaf";
        for (int i = 0; i < 100_000; i++) {
            deep = List.of(deep);
            other = List.of(other);
        }
        Object copy = TaskSnapshot.copy(deep);
        assertThat(TaskSnapshot.same(deep, deep)).isTrue(); // the same instance
        assertThat(TaskSnapshot.same(copy, other)).isFalse(); // beyond the depth limit, trees never compare equal
        assertThat(TaskSnapshot.hash(deep)).isEqualTo(TaskSnapshot.hash(other));
    }

    @Test
    void hostileDepthOfMapsIsBoundedToo() {
        Map<String, Object> deep = ordered("k", "leaf");
        Map<String, Object> other = ordered("k", "leaf");
        for (int i = 0; i < 100_000; i++) {
            deep = ordered("k", deep);
            other = ordered("k", other);
        }
        Object copy = TaskSnapshot.copy(deep);
        assertThat(TaskSnapshot.same(copy, other)).isFalse();
        assertThat(TaskSnapshot.hash(deep)).isEqualTo(TaskSnapshot.hash(other));
    }

    @Test
    void equalTreesHashAlike() {
        Map<String, Object> a = ordered("a", List.of(1, ordered("x", null)), "b", "s");
        Object copy = TaskSnapshot.copy(a);
        assertThat(TaskSnapshot.hash(copy)).isEqualTo(TaskSnapshot.hash(a));
        assertThat(TaskSnapshot.hash(null)).isEqualTo(TaskSnapshot.hash(null));
    }
}
