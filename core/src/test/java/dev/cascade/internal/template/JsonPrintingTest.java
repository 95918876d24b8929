package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code {{ }}} printing a map, list or array as JSON (semantics.md, "Printing"): keys in the map's own order,
 * strings quoted and escaped ({@code "}, {@code \}, control characters, as Jackson writes them), numbers and
 * booleans bare, {@code null} as {@code null}, any other value as its quoted string form; bounded by
 * {@code maxRenderedChars} (exactly at the bound prints, one past is {@code OUTPUT_TOO_LARGE}) and by 100
 * levels of nesting ({@code TOO_DEEP}). Both paths, the fast one and Pebble's, print the same.
 */
class JsonPrintingTest {
    private enum Color { RED }

    private static RenderScope scope(Object value) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("v", value);
        return new RenderScope(vars, (key, ns, subkey) -> "unused", 4);
    }

    /** {@code {{ v }}} on the fast path and on Pebble's, which must agree. */
    private static String print(Object value, int maxChars) {
        TemplateLimits limits = new TemplateLimits(100, 1_000_000, maxChars, 1_000_000, 1000, 16);
        String fast = new TemplateEngine(limits, true).render("{{ v }}", scope(value));
        String pebble = new TemplateEngine(limits, false).render("{{ v }}", scope(value));
        assertThat(fast).isEqualTo(pebble);
        return fast;
    }

    private static String print(Object value) {
        return print(value, 1_000_000);
    }

    private static void assertKind(Object value, int maxChars, Kind kind) {
        TemplateLimits limits = new TemplateLimits(100, 1_000_000, maxChars, 1_000_000, 1000, 16);
        for (boolean fast : new boolean[] {true, false}) {
            assertThatThrownBy(() -> new TemplateEngine(limits, fast).render("{{ v }}", scope(value)))
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(kind));
        }
    }

    @Test
    void controlCharactersAreEscapedAsJacksonEscapesThem() {
        assertThat(print(List.of("q\"b\\n\nr\rt\tb\bf\f"))).isEqualTo("[\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\f\"]");
        assertThat(print(List.of("\u0000\u0001\u001b\u001f \u007f\u00e9"))).isEqualTo("[\"\\u0000\\u0001\\u001B\\u001F \u007f\u00e9\"]");
        assertThat(print(List.of("it's <ok> / fine"))).isEqualTo("[\"it's <ok> / fine\"]");
    }

    @Test
    void numbersAndBooleansAreBareOtherValuesQuoted() {
        List<Object> values = Arrays.asList(true, 1, 2L, (short) 3, (byte) 4, new BigInteger("123456789012345678901"),
                new BigDecimal("1.50"), 2.5, 1.25f, null, 'c', Color.RED, LocalDate.of(2026, 12, 1));
        assertThat(print(values)).isEqualTo("[true,1,2,3,4,123456789012345678901,1.50,2.5,1.25,null,\"c\",\"RED\",\"2026-12-01\"]");
        // not-a-number and infinities are not JSON numbers: quoted, as Jackson does by default
        assertThat(print(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)))
                .isEqualTo("[\"NaN\",\"Infinity\",\"-Infinity\"]");
    }

    @Test
    void mapsKeepTheirOrderAndNullValues() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("z", null);
        m.put(1, List.of());
        m.put("a", new LinkedHashMap<>());
        m.put("s", new Object[] {"x", 2});
        m.put("n", new int[] {});
        assertThat(print(m)).isEqualTo("{\"z\":null,\"1\":[],\"a\":{},\"s\":[\"x\",2],\"n\":[]}");
        assertThat(print(new int[] {1, 2, 3})).isEqualTo("[1,2,3]");
        assertThat(print(new ArrayList<>(List.of(List.of(1), List.of(2, 3))))).isEqualTo("[[1],[2,3]]");
        assertThat(print(Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void aMapEntryOfALoopIsOneMemberInsideJsonAndKeyEqualsValueAlone() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of("x"));
        TemplateEngine engine = new TemplateEngine(TemplateLimits.DEFAULTS, true);
        assertThat(engine.render("{% for e in v %}{{ [e] }}{{ e }};{% endfor %}", scope(m)))
                .isEqualTo("[{\"a\":1}]a=1;[{\"b\":[\"x\"]}]b=[x];");
    }

    @Test
    void jsonExactlyAtTheBoundPrintsAndOneMoreCharacterFails() {
        // ["abcdefghijklmnop"] is 20 characters
        assertThat(print(List.of("abcdefghijklmnop"), 20)).isEqualTo("[\"abcdefghijklmnop\"]");
        assertKind(List.of("abcdefghijklmnopq"), 20, Kind.OUTPUT_TOO_LARGE);
        // escapes count: ["a\"b"] is 8 characters
        assertThat(print(List.of("a\"b"), 8)).isEqualTo("[\"a\\\"b\"]");
        assertKind(List.of("a\"b"), 7, Kind.OUTPUT_TOO_LARGE);
        // numbers and structure count too: [1,2,3] is 7
        assertThat(print(List.of(1, 2, 3), 7)).isEqualTo("[1,2,3]");
        assertKind(List.of(1, 2, 3), 6, Kind.OUTPUT_TOO_LARGE);
        assertThat(print(Map.of("k", List.of(1)), 9)).isEqualTo("{\"k\":[1]}");
        assertKind(Map.of("k", List.of(1)), 8, Kind.OUTPUT_TOO_LARGE);
        assertKind(List.of(List.of(), List.of()), 6, Kind.OUTPUT_TOO_LARGE);
    }

    @Test
    void aValueNestedOneHundredLevelsPrintsAndOneMoreIsTooDeep() {
        assertThat(print(nested(100))).isEqualTo("[".repeat(101) + "]".repeat(101));
        assertKind(nested(101), 1_000_000, Kind.TOO_DEEP);
        Map<String, Object> self = new HashMap<>();
        self.put("self", self);
        assertKind(self, 1_000_000, Kind.TOO_DEEP);
    }

    /** A list holding a list … {@code levels} levels below the outer one. */
    private static List<Object> nested(int levels) {
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(v);
            v = outer;
        }
        return v;
    }

    @Test
    void printingChargesTheBudgetForEveryValueWritten() {
        RenderBudget budget = new RenderBudget(1000, 1000);
        assertThat(JsonPrinter.toJson(List.of(1, List.of(2, 3)), 1000, budget)).isEqualTo("[1,[2,3]]");
        assertThat(budget.steps()).isEqualTo(5);
        RenderBudget small = new RenderBudget(1000, 4);
        assertThatThrownBy(() -> JsonPrinter.toJson(List.of(1, List.of(2, 3)), 1000, small))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MUCH_WORK));
        assertThat(JsonPrinter.printsAsJson(List.of())).isTrue();
        assertThat(JsonPrinter.printsAsJson(new int[0])).isTrue();
        assertThat(JsonPrinter.printsAsJson(Map.of())).isTrue();
        assertThat(JsonPrinter.printsAsJson("s")).isFalse();
        assertThat(JsonPrinter.printsAsJson(null)).isFalse();
        assertThat(JsonPrinter.printsAsJson(new LoopTag.Entry(Map.entry("k", 1)))).isFalse();
    }
}
