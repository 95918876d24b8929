package dev.cascade.defaults;

import dev.cascade.InvalidDocumentException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data model every document is copied into: numbers as storages return them, depth and text limits, paths in messages. */
class TreeDataTest {

    /** A map nested {@code levels} deep: {a: {a: ... {leaf: 1}}}. */
    private static Map<String, Object> nestedMaps(int levels) {
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("leaf", 1));
        for (int i = 0; i < levels; i++) {
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("a", inner);
            inner = outer;
        }
        return inner;
    }

    /** A map holding lists nested {@code levels} deep: {l: [[...[1]...]]}. */
    private static Map<String, Object> nestedLists(int levels) {
        Object inner = new ArrayList<>(List.of(1));
        for (int i = 1; i < levels; i++) {
            inner = new ArrayList<>(List.of(inner));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("l", inner);
        return m;
    }

    @Test
    void numbersTakeTheOneFormEveryStorageReturns() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("short", (short) 7);
        in.put("byte", (byte) -3);
        in.put("smallLong", 42L);
        in.put("bigLong", 1L << 40);
        in.put("smallBig", BigInteger.valueOf(-5));
        in.put("longBig", BigInteger.ONE.shiftLeft(40));
        in.put("hugeBig", BigInteger.ONE.shiftLeft(80));
        in.put("edgeBig31", BigInteger.ONE.shiftLeft(31));
        in.put("edgeBig63", BigInteger.ONE.shiftLeft(63));
        in.put("float", 0.1f);
        in.put("negativeZero", -0.0d);
        in.put("plainDecimal", new BigDecimal("2.5"));
        in.put("scaledDecimal", new BigDecimal("1.10"));
        in.put("text", "caf\u00e9");
        in.put("flag", true);
        in.put("nothing", null);
        Map<String, Object> out = TreeData.storableCopy(in, "variables of 'a'");
        assertThat(out.get("short")).isEqualTo(7);
        assertThat(out.get("byte")).isEqualTo(-3);
        assertThat(out.get("smallLong")).isEqualTo(42);
        assertThat(out.get("bigLong")).isEqualTo(1L << 40);
        assertThat(out.get("smallBig")).isEqualTo(-5);
        assertThat(out.get("longBig")).isEqualTo(1L << 40);
        assertThat(out.get("hugeBig")).isEqualTo(BigInteger.ONE.shiftLeft(80));
        assertThat(out.get("edgeBig31")).isEqualTo(1L << 31);
        assertThat(out.get("edgeBig63")).isEqualTo(BigInteger.ONE.shiftLeft(63));
        assertThat(out.get("float")).isEqualTo(0.1d);
        assertThat(out.get("negativeZero")).isEqualTo(0.0d);
        assertThat(Double.doubleToRawLongBits((Double) out.get("negativeZero"))).isZero();
        assertThat(out.get("plainDecimal")).isEqualTo(2.5d);
        assertThat(out.get("scaledDecimal")).isEqualTo(new BigDecimal("1.10"));
        assertThat(out).containsEntry("text", "caf\u00e9").containsEntry("flag", true).containsKey("nothing");
        assertThat(out.get("nothing")).isNull();
        assertThat(out.keySet()).containsExactlyElementsOf(in.keySet());
    }

    @Test
    void storableCopiesAreDeepAndUnmodifiable() {
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("x", 1L));
        List<Object> list = new ArrayList<>(List.of(2L, inner));
        Map<String, Object> in = new LinkedHashMap<>(Map.of("m", inner, "l", list));
        Map<String, Object> out = TreeData.storableCopy(in, "doc");
        inner.put("x", 99);
        list.add(3);
        assertThat(out.get("m")).isEqualTo(Map.of("x", 1));
        assertThat(out.get("l")).isEqualTo(List.of(2, Map.of("x", 1)));
        assertThatThrownBy(() -> out.put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) out.get("m");
        assertThatThrownBy(() -> m.put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) out.get("l");
        assertThatThrownBy(() -> l.add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void notANumberAndInfinityAreRefusedWithTheirPath() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("outer", new LinkedHashMap<>(Map.of("ratio", Double.NaN)));
        assertThatThrownBy(() -> TreeData.storableCopy(in, "variables of 'a'"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("variables of 'a'").hasMessageContaining("'outer.ratio'").hasMessageContaining("NaN");
        Map<String, Object> inf = new LinkedHashMap<>();
        inf.put("l", new ArrayList<>(List.of(1, Float.POSITIVE_INFINITY)));
        assertThatThrownBy(() -> TreeData.storableCopy(inf, "doc"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("'l[1]'").hasMessageContaining("Infinity");
        assertThat(TreeData.storableCopy(Map.of("d", new BigDecimal("1e400")), "doc").get("d"))
                .as("a decimal beyond double range stays a decimal").isEqualTo(new BigDecimal("1e400"));
    }

    @Test
    void loneSurrogatesInValuesAndKeysAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> TreeData.storableCopy(Map.of("k", List.of("ok", "bad\uD800")), "doc"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("'k[1]'").hasMessageContaining("surrogate");
        Map<String, Object> badKey = new LinkedHashMap<>();
        badKey.put("outer", new LinkedHashMap<>(Map.of("key\uDC00", 1)));
        assertThatThrownBy(() -> TreeData.storableCopy(badKey, "doc"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("'outer.key");
        assertThatThrownBy(() -> TreeData.storableCopy(Map.of("first", "\uDC00 leads"), "doc"))
                .as("a surrogate at index 0").isInstanceOf(InvalidDocumentException.class).hasMessageContaining("'first'");
        assertThat(TreeData.storableCopy(Map.of("emoji", "\uD83D\uDE00"), "doc")).containsEntry("emoji", "\uD83D\uDE00");
    }

    @Test
    void keysMustBeStringsAndValuesInTheDataModel() {
        Map<Object, Object> intKey = new HashMap<>();
        intKey.put(1, "x");
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("outer", intKey);
        assertThatThrownBy(() -> TreeData.storableCopy(in, "doc"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("Integer").hasMessageContaining("'outer'");
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        assertThatThrownBy(() -> TreeData.storableCopy(Map.of("n", nullKey), "doc"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> TreeData.storableCopy(Map.of("when", new Object()), "doc"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("'when'")
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> TreeData.deepCopy(Map.of("when", new Object())))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("java.lang.Object");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> raw = (Map) intKey;
        assertThatThrownBy(() -> TreeData.deepCopy(raw)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("Integer");
    }

    @Test
    void depthIsBoundedAtExactlyMaxDepthForMapsAndLists() {
        assertThat(TreeData.storableCopy(nestedMaps(TreeData.MAX_DEPTH), "doc")).isNotNull();
        assertThatThrownBy(() -> TreeData.storableCopy(nestedMaps(TreeData.MAX_DEPTH + 1), "doc"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("deeper than " + TreeData.MAX_DEPTH);
        assertThat(TreeData.deepCopy(nestedMaps(TreeData.MAX_DEPTH))).isNotNull();
        assertThatThrownBy(() -> TreeData.deepCopy(nestedMaps(TreeData.MAX_DEPTH + 1)))
                .isInstanceOf(InvalidDocumentException.class);
        assertThat(TreeData.storableCopy(nestedLists(TreeData.MAX_DEPTH), "doc")).isNotNull();
        assertThatThrownBy(() -> TreeData.storableCopy(nestedLists(TreeData.MAX_DEPTH + 1), "doc"))
                .isInstanceOf(InvalidDocumentException.class);
        assertThat(TreeData.deepCopy(nestedLists(TreeData.MAX_DEPTH))).isNotNull();
        assertThatThrownBy(() -> TreeData.deepCopy(nestedLists(TreeData.MAX_DEPTH + 1)))
                .isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void deepCopyIsMutableAndIndependentImmutableCopyIsNot() {
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("x", 1));
        Map<String, Object> in = new LinkedHashMap<>(Map.of("m", inner, "l", new ArrayList<>(List.of(inner))));
        Map<String, Object> copy = TreeData.deepCopy(in);
        inner.put("x", 2);
        assertThat(copy.get("m")).isEqualTo(Map.of("x", 1));
        copy.put("added", true);
        assertThat(in).doesNotContainKey("added");
        Map<String, Object> frozen = TreeData.immutableCopy(in);
        assertThatThrownBy(() -> frozen.put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> frozenInner = (Map<String, Object>) frozen.get("m");
        assertThatThrownBy(() -> frozenInner.put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> frozenList = (List<Object>) frozen.get("l");
        assertThatThrownBy(() -> frozenList.add(1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> inList = (Map<String, Object>) frozenList.get(0);
        assertThatThrownBy(() -> inList.put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void deepMergeMergesMapsReplacesTheRestAndChangesNeitherSide() {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("m", new LinkedHashMap<>(Map.of("a", 1, "b", 2)));
        base.put("l", new ArrayList<>(List.of(1, 2)));
        base.put("s", "base");
        Map<String, Object> overlay = new LinkedHashMap<>();
        overlay.put("m", Map.of("b", 3, "c", Map.of("d", 4)));
        overlay.put("l", List.of(9));
        overlay.put("s", Map.of("now", "a map"));
        overlay.put("new", "value");
        Map<String, Object> merged = TreeData.deepMerge(base, overlay);
        assertThat(merged).isEqualTo(Map.of("m", Map.of("a", 1, "b", 3, "c", Map.of("d", 4)), "l", List.of(9),
                "s", Map.of("now", "a map"), "new", "value"));
        assertThat(base.get("m")).isEqualTo(Map.of("a", 1, "b", 2));
        assertThat(base.get("s")).isEqualTo("base");
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("m", Map.of("a", 1)); // an unmodifiable map in the target is replaced by a merged copy
        TreeData.mergeInto(target, Map.of("m", Map.of("b", 2)));
        assertThat(target.get("m")).isEqualTo(Map.of("a", 1, "b", 2));
    }

    @Test
    void storableRulesCheckEveryRuleAndNameTheOneAtFault() {
        List<PluginDefault> rules = TreeData.storableRules(List.of(PluginDefault.of("io.a", Map.of("n", 5L)),
                PluginDefault.forced("io.b", Map.of("x", "y"))), "plugin defaults of 'a'");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).values()).containsEntry("n", 5);
        assertThat(rules.get(1).forced()).isTrue();
        assertThatThrownBy(() -> rules.add(PluginDefault.of("io.c", Map.of()))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> TreeData.storableRules(Arrays.asList(PluginDefault.of("io.a", Map.of()), null), "defaults"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rules[1]");
        assertThatThrownBy(() -> TreeData.storableRules(List.of(PluginDefault.of("io.a", Map.of()),
                PluginDefault.of("io.b", Map.of("bad", Double.NaN))), "defaults of 'a'"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("rule #2");
    }
}
