package dev.cascade.internal.template.kestra;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edges of Kestra's filters, functions and tests: empty and missing arguments, wrong types (an
 * INVALID_ARGUMENT naming the filter and the expected type), Unicode, negative and out-of-range numbers, and
 * the render's limits at their exact boundary (a value of the bound's size is built, one more is refused).
 * Expected values follow Kestra's documentation and behaviour; where Cascade differs by design,
 * docs/kestra-compatibility.md says so.
 */
class KestraBoundariesTest {
    private static final long BIG = 1_000_000;

    private static String render(String template) {
        return render(template, Map.of());
    }

    private static String render(String template, Map<String, Object> vars) {
        return KestraTemplates.renderBounded(template, vars, BIG, BIG);
    }

    private static Map<String, Object> v(Object value) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("v", value);
        return vars;
    }

    private static void assertInvalid(String template, Map<String, Object> vars, String... fragments) {
        assertThatThrownBy(() -> render(template, vars)).as(template)
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).as(template).isEqualTo(Kind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).as(template).contains(fragments);
                });
    }

    private static void assertInvalid(String template, String... fragments) {
        assertInvalid(template, Map.of(), fragments);
    }

    /** Renders within a size bound of {@code size}, and fails with OUTPUT_TOO_LARGE under {@code size - 1}. */
    private static void assertBoundary(String template, Map<String, Object> vars, long size, String expected) {
        assertThat(KestraTemplates.renderBounded(template, vars, size, BIG)).as(template).isEqualTo(expected);
        assertThatThrownBy(() -> KestraTemplates.renderBounded(template, vars, size - 1, BIG)).as(template + " under " + (size - 1))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
    }

    private static List<Object> numbers(int n) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add((long) i);
        }
        return list;
    }

    private static Map<String, Object> mapOf(int n) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put("k" + i, (long) i);
        }
        return map;
    }

    // ---- the step budget ---------------------------------------------------------------------------------

    @Test
    void eachFilterFunctionAndTestAppliedCostsOneStep() {
        assertThat(KestraTemplates.stepsOf("{{ '' | md5 }}", Map.of())).isEqualTo(1);
        assertThat(KestraTemplates.stepsOf("{{ '' | md5 }}{{ '' | urldecode }}", Map.of())).isEqualTo(2);
        assertThat(KestraTemplates.stepsOf("{{ 1 | numberFormat('#') }}", Map.of())).isEqualTo(1);
        assertThat(KestraTemplates.stepsOf("{{ randomInt(1, 1) }}", Map.of())).isEqualTo(1);
        assertThat(KestraTemplates.stepsOf("{% if 1 is json %}{% endif %}", Map.of())).isEqualTo(1);
    }

    static Stream<Arguments> linearWork() {
        String shortText = "a";
        String longText = "a".repeat(1001);
        String lines = "a\n".repeat(500);
        return Stream.of(
                Arguments.of("{{ v | slugify }}", shortText, longText),
                Arguments.of("{{ v | urldecode }}", shortText, longText),
                Arguments.of("{{ v | md5 }}", shortText, longText),
                Arguments.of("{{ v | substringBefore('.') }}", shortText, longText),
                Arguments.of("{{ v | substringAfter('.') }}", shortText, longText),
                Arguments.of("{{ v | substringBeforeLast('.') }}", shortText, longText),
                Arguments.of("{{ v | substringAfterLast('.') }}", shortText, longText),
                Arguments.of("{{ v | escapeChar('single') }}", shortText, longText),
                Arguments.of("{{ v | indent(1) }}", "a\n", lines + lines),
                Arguments.of("{{ v | nindent(1) }}", "a\n", lines + lines),
                Arguments.of("{{ v | replace({'b': 'c'}) }}", shortText, longText),
                Arguments.of("{{ v | replace({'b': 'c'}, regexp=true) }}", shortText, longText),
                Arguments.of("{{ v is json }}", shortText, longText),
                Arguments.of("{{ fromJson(v) }}", "\"a\"", "\"" + longText + "\""),
                Arguments.of("{{ yaml(v) }}", shortText, longText),
                Arguments.of("{{ v | toJson }}", shortText, longText),
                Arguments.of("{{ v | toJson }}", List.of(), numbers(1001)),
                Arguments.of("{{ v | toJson }}", Map.of(), mapOf(1001)),
                Arguments.of("{{ v | toJson }}", new long[0], new long[1001]),
                Arguments.of("{{ v | keys | length }}", List.of(), numbers(1001)),
                Arguments.of("{{ v | keys | length }}", Map.of(), mapOf(1001)),
                Arguments.of("{{ v | values | length }}", Map.of(), mapOf(1001)),
                Arguments.of("{{ v | chunk(1000) | length }}", List.of(), numbers(1001)),
                Arguments.of("{{ v | flatten | length }}", List.of(), numbers(1001)),
                Arguments.of("{{ v | distinct | length }}", List.of(), numbers(1001)),
                Arguments.of("{{ nanoId(v) }}", 1L, 1001L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linearWork")
    void workProportionalToTheInputIsCounted(String template, Object small, Object large) {
        long base = KestraTemplates.stepsOf(template, v(small));
        long more = KestraTemplates.stepsOf(template, v(large));
        assertThat(more - base).as(template).isGreaterThanOrEqualTo(1000);
    }

    /** toJson copies the value to plain data (one step an element) and writes it (one step a character). */
    @Test
    void toJsonCountsTheElementsItCopiesAndTheCharactersItWrites() {
        for (Object value : List.of(numbers(1001), mapOf(1001), new long[1001], new LinkedHashSet<>(numbers(1001)))) {
            int json = render("{{ v | toJson }}", v(value)).length();
            assertThat(KestraTemplates.stepsOf("{{ v | toJson }}", v(value))).as(value.getClass().getName())
                    .isGreaterThanOrEqualTo(1 + 1001 + json);
        }
    }

    @Test
    void aRegularExpressionsInputCountsEachCharacterItReads() {
        dev.cascade.internal.template.RenderBudget budget = new dev.cascade.internal.template.RenderBudget(BIG, BIG);
        ReplaceFilter.CountedChars chars = new ReplaceFilter.CountedChars("abcdef", budget);
        assertThat(chars.length()).isEqualTo(6);
        assertThat(chars.charAt(2)).isEqualTo('c');
        assertThat(budget.steps()).isEqualTo(1);
        assertThat(chars.subSequence(1, 4).toString()).isEqualTo("bcd");
        assertThat(budget.steps()).isEqualTo(4);
        assertThat(chars.toString()).isEqualTo("abcdef");
        assertThat(budget.steps()).isEqualTo(10);
    }

    // ---- the size bound, at its exact boundary -----------------------------------------------------------

    @Test
    void collectionsAreSizeCheckedAtTheBoundary() {
        Map<String, Object> six = v(numbers(6));
        // six elements in three lists: nine values
        assertBoundary("{{ v | chunk(2) | length }}", six, 9, "3");
        assertBoundary("{{ v | chunk(4) | length }}", six, 8, "2");
        assertBoundary("{{ v | keys | length }}", six, 6, "6");
        assertBoundary("{{ v | keys | length }}", v(mapOf(5)), 5, "5");
        assertBoundary("{{ v | keys | length }}", v(new int[] {1, 2, 3}), 3, "3");
        assertBoundary("{{ v | values | length }}", v(mapOf(5)), 5, "5");
        assertBoundary("{{ v | distinct | length }}", v(List.of(1L, 1L, 2L, 2L, 3L)), 5, "3");
        assertBoundary("{{ v | flatten | length }}", v(List.of(List.of(1L, 2L), List.of(3L), 4L)), 4, "4");
        assertBoundary("{{ v | flatten | length }}", v(List.of(new LinkedHashSet<>(List.of(1L, 2L)), 3L)), 3, "2");
    }

    @Test
    void stringsAreSizeCheckedAtTheBoundary() {
        assertBoundary("{{ \"a'b'c\" | escapeChar('shell') }}", Map.of(), 11, "a'\\''b'\\''c");
        assertBoundary("{{ v | escapeChar('single') | length }}", v(mapOf(3)), 3, "3");
        assertBoundary("{{ v | escapeChar('single') | length }}", v(numbers(3)), 3, "3");
        assertBoundary("{{ 'a\nb' | indent(3) }}", Map.of(), 6, "a\n   b");
        assertBoundary("{{ 'a\nb' | indent(2, 'xy') }}", Map.of(), 7, "a\nxyxyb");
        assertBoundary("{{ 'a\nb' | nindent(2) }}", Map.of(), 8, "\n  a\n  b");
        assertBoundary("{{ 'a\r\nb' | nindent(1) }}", Map.of(), 8, "\r\n a\r\n b");
        // the indentation itself is bounded, even on a single line
        assertBoundary("{{ 'ab' | indent(5, 'xy') }}", Map.of(), 10, "ab");
        assertBoundary("{{ 'aXa' | replace({'a': 'bb'}) }}", Map.of(), 5, "bbXbb");
        assertBoundary("{{ 'ab' | replace({'': '-'}) }}", Map.of(), 5, "-a-b-");
        assertBoundary("{{ v | replace({'x': 'y'}) | length }}", v(mapOf(3)), 3, "3");
        assertBoundary("{{ v | replace({'x': 'y'}) | length }}", v(numbers(3)), 3, "3");
        // a regular expression checks each replacement against the input's length plus the replacement
        // (and the input's length again for each group reference), before it appends it
        assertBoundary("{{ 'abc' | replace({'b': 'X'}, regexp=true) }}", Map.of(), 4, "aXc");
        assertBoundary("{{ 'abc' | replace({'(b)': '<$1>'}, regexp=true) }}", Map.of(), 10, "a<b>c");
        assertBoundary("{{ 'abcd' | replace({'^': 'xyzxyz'}, regexp=true) }}", Map.of(), 10, "xyzxyzabcd");
        assertBoundary("{{ 'abab' | replace({'b': 'X'}, regexp=true) }}", Map.of(), 7, "aXaX");
        assertBoundary("{{ nanoId(10) | length }}", Map.of(), 10, "10");
        // an input longer than the bound is returned as it is when nothing in it changes
        Map<String, Object> long2000 = v("a".repeat(2000));
        assertThat(KestraTemplates.renderBounded("{{ v | replace({'x': 'y'}) | length }}", long2000, 1_000, BIG)).isEqualTo("2000");
        assertThat(KestraTemplates.renderBounded("{{ v | escapeChar('shell') | length }}", long2000, 1_000, BIG)).isEqualTo("2000");
        assertThat(KestraTemplates.renderBounded("{{ v | replace({'x': 'y'}, regexp=true) | length }}", long2000, 1_000, BIG)).isEqualTo("2000");
    }

    @Test
    void theSizeIsCheckedBeforeTheWorkIsDone() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("list", Collections.nCopies(50_000, 1L));
        vars.put("map", mapOf(50_000));
        vars.put("array", new long[50_000]);
        for (String template : List.of("{{ list | toJson }}", "{{ map | toJson }}", "{{ array | toJson }}", "{{ list | yaml }}",
                "{{ list | keys }}", "{{ map | keys }}", "{{ map | values }}", "{{ list | distinct }}", "{{ list | chunk(1) }}")) {
            assertThatThrownBy(() -> KestraTemplates.renderBounded(template, vars, 1_000, 20_000)).as(template)
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        }
    }

    @Test
    void longTextsInSmallCollectionsStopWhileWriting() {
        Map<String, Object> vars = v(Collections.nCopies(100, "x".repeat(100)));
        for (String template : List.of("{{ v | toJson }}", "{{ v | yaml }}", "{{ v | string }}", "{{ {'a': v} | toJson }}")) {
            assertThatThrownBy(() -> KestraTemplates.renderBounded(template, vars, 1_000, BIG)).as(template)
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        }
        assertThat(KestraTemplates.renderBounded("{{ v | toJson | length }}", vars, 20_000, BIG)).isEqualTo(String.valueOf(100 * 103 + 1));
    }

    @Test
    void writtenAndParsedValuesAreSizeCheckedAtTheBoundary() {
        assertBoundary("{{ v | toJson }}", v(List.of(1L, 2L, 3L)), 7, "[1,2,3]");
        assertBoundary("{{ v | toJson }}", v("ab"), 4, "\"ab\"");
        assertBoundary("{{ v | yaml }}", v(List.of("a")), 5, " - a\n");
        assertBoundary("{{ fromJson(v) | length }}", v("[1,2]"), 5, "2");
        assertBoundary("{{ yaml(v) | length }}", v("[1, 2]"), 6, "2");
        // numberFormat and date reserve room for what their pattern can print
        assertBoundary("{{ 3.14159 | numberFormat('#.##') }}", Map.of(), 416, "3.14");
        assertBoundary("{{ 0 | date }}", Map.of(), 3 * 16 + 64, "1970-01-01T00:00:00.000000Z");
        assertBoundary("{{ 0 | date('yyyy') }}", Map.of(), 4 * 16 + 64, "1970");
    }

    @Test
    void hugeArgumentsEndInACascadeError() {
        Map<String, Object> vars = Map.of("big", Collections.nCopies(2_000_000, "x"), "text", "x\n".repeat(1000));
        for (String template : List.of("{{ big | chunk(1) }}", "{{ big | keys }}", "{{ big | distinct }}", "{{ big | flatten }}",
                "{{ big | toJson }}", "{{ big | escapeChar('single') }}", "{{ big | replace({'x': 'y'}) }}",
                "{{ text | indent(9223372036854775807, 'ab') }}", "{{ text | nindent(4611686018427387904, 'ab') }}",
                "{{ nanoId(1024) }}")) {
            assertThatThrownBy(() -> KestraTemplates.renderBounded(template, vars, 1_000, 10_000_000)).as(template)
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
        }
    }

    // ---- nesting ------------------------------------------------------------------------------------------

    private static Object nestedMaps(int maps, Object leaf) {
        Object value = leaf;
        for (int i = 0; i < maps; i++) {
            value = Map.of("k", value);
        }
        return value;
    }

    private static Object nestedArrays(int arrays, Object leaf) {
        Object value = leaf;
        for (int i = 0; i < arrays; i++) {
            value = new Object[] {value};
        }
        return value;
    }

    private static Object nested(int lists, Object leaf) {
        Object value = leaf;
        for (int i = 0; i < lists; i++) {
            List<Object> l = new ArrayList<>();
            l.add(value);
            value = l;
        }
        return value;
    }

    @Test
    void nestingIsBoundedAt64Levels() {
        assertThat(render("{{ v | escapeChar('single') | length }}", v(nested(64, "it's")))).isEqualTo("1");
        assertInvalid("{{ v | escapeChar('single') }}", v(nested(65, "it's")), "escapeChar", "64 levels");
        assertThat(render("{{ v | replace({'a': 'b'}) | length }}", v(nested(64, "a")))).isEqualTo("1");
        assertInvalid("{{ v | replace({'a': 'b'}) }}", v(nested(65, "a")), "replace", "64 levels");
        assertThat(render("{{ v | toJson }}", v(nested(64, 1L)))).isEqualTo("[".repeat(64) + "1" + "]".repeat(64));
        assertInvalid("{{ v | toJson }}", v(nested(65, 1L)), "toJson", "64 levels");
        assertInvalid("{{ v | yaml }}", v(nested(65, 1L)), "yaml", "64 levels");
        assertThat(render("{{ v | escapeChar('single') | length }}", v(nestedMaps(64, "it's")))).isEqualTo("1");
        assertInvalid("{{ v | escapeChar('single') }}", v(nestedMaps(65, "it's")), "escapeChar", "64 levels");
        assertThat(render("{{ v | replace({'a': 'b'}) | length }}", v(nestedMaps(64, "a")))).isEqualTo("1");
        assertInvalid("{{ v | replace({'a': 'b'}) }}", v(nestedMaps(65, "a")), "replace", "64 levels");
        assertThat(render("{{ v | toJson | length }}", v(nestedMaps(64, 1L)))).isEqualTo(String.valueOf(64 * 6 + 1));
        assertInvalid("{{ v | toJson }}", v(nestedMaps(65, 1L)), "toJson", "64 levels");
        assertThat(render("{{ v | toJson | length }}", v(nestedArrays(64, 1L)))).isEqualTo(String.valueOf(64 * 2 + 1));
        assertInvalid("{{ v | toJson }}", v(nestedArrays(65, 1L)), "toJson", "64 levels");
    }

    // ---- argument types: errors name the filter, the argument and the type, never the value -------------

    @Test
    void wrongTypesAreNamedInTheError() {
        assertInvalid("{{ 1 | values }}", "values can only be applied to a map; got a number");
        assertInvalid("{{ [1] | values }}", "got a list");
        assertInvalid("{{ 'x' | values }}", "got a string");
        assertInvalid("{{ true | values }}", "got a boolean");
        assertInvalid("{{ {'a': 1} | chunk(2) }}", "chunk can only be applied to a list; got a map");
        assertInvalid("{{ v | flatten }}", v(Duration.ZERO), "got a Duration");
        assertInvalid("{{ v | keys }}", v(Duration.ZERO), "keys can only be applied to a map, a list or an array; got a Duration");
        assertInvalid("{{ 'x' | distinct }}", "distinct", "got a string");
        assertInvalid("{{ yaml(null) }}", "yaml needs the argument 'yaml' as a string; got null");
        assertInvalid("{{ yaml(5) }}", "got a number");
        assertInvalid("{{ fromJson(true) }}", "fromJson needs the argument 'json' as a string; got a boolean");
        assertInvalid("{{ 'abc' | substringBefore(1) }}", "substringBefore needs the argument 'separator' as a string; got a number");
        assertInvalid("{{ 'abc' | substringAfter(null) }}", "substringAfter", "got null");
        assertInvalid("{{ 'abc' | substringBeforeLast([1]) }}", "substringBeforeLast", "got a list");
        assertInvalid("{{ 'abc' | substringAfterLast({'a': 1}) }}", "substringAfterLast", "got a map");
        assertInvalid("{{ 'abc' | startsWith() }}", "startsWith needs the argument 'value'");
        assertInvalid("{{ 'abc' | endsWith() }}", "endsWith needs the argument 'value'");
        assertInvalid("{{ 'x' | escapeChar() }}", "escapeChar needs the argument 'type'");
        assertInvalid("{{ 'x' | escapeChar(1) }}", "escapeChar needs the argument 'type'");
        assertInvalid("{{ 'a\nb' | indent() }}", "indent needs the argument 'amount'");
        assertInvalid("{{ 'a\nb' | nindent('x') }}", "nindent needs the argument 'amount'");
        assertInvalid("{{ 'a\nb' | indent(2, 5) }}", "indent needs the argument 'prefix' as a string; got a number");
        assertInvalid("{{ 1 | sha1 }}", "sha1 needs a string to hash; got a number");
        assertInvalid("{{ [1] | sha512 }}", "sha512 needs a string to hash; got a list");
        assertInvalid("{{ 'x' | replace('x') }}", "replace needs the argument 'replace_pairs' as a map");
        assertInvalid("{{ 'x' | replace({'x': 'y'}, regexp='yes') }}", "replace needs the argument 'regexp' as a boolean; got a string");
        assertInvalid("{{ 1 | number }}", "number can only be applied to a string; got a number");
        assertInvalid("{{ [1] | chunk() }}", "chunk needs the argument 'size'");
        assertInvalid("{{ [1] | chunk('2') }}", "chunk needs the argument 'size'");
        assertInvalid("{{ nanoId('x') }}", "nanoId needs the argument 'length'");
        assertInvalid("{{ nanoId(5, 7) }}", "nanoId needs the argument 'alphabet' as a string; got a number");
        assertInvalid("{{ randomInt(upper=5) }}", "randomInt needs the argument 'lower' (an integer)");
        assertInvalid("{{ randomInt(1, 'x') }}", "randomInt needs the argument 'upper' as an integer; got a string");
        assertInvalid("{{ '2024-01-01' | date(format=5) }}", "date needs the argument 'format' as a string; got a number");
        assertInvalid("{{ '2024-01-01' | date(timeZone=5) }}", "date needs the argument 'timeZone' as a string; got a number");
        assertInvalid("{{ '2024-01-01' | date(existingFormat=5) }}", "date needs the argument 'existingFormat' as a string");
        assertInvalid("{{ '2024-01-01' | date(locale=5) }}", "date needs the argument 'locale' as a string");
        assertInvalid("{{ '2024-01-01' | dateAdd(unit='DAYS') }}", "dateAdd needs the argument 'amount' (an integer)");
        assertInvalid("{{ '2024-01-01' | dateAdd('x', 'DAYS') }}", "dateAdd needs the argument 'amount' as an integer; got a string");
        assertInvalid("{{ dayOfWeek() }}", "dayOfWeek needs the argument 'date'");
        assertInvalid("{{ isDayWeekInMonth('2024-01-01', null, 'FIRST') }}", "isDayWeekInMonth needs the argument 'dayOfWeek' (a string)");
        assertInvalid("{{ isDayWeekInMonth('2024-01-01', 'MONDAY', 1) }}", "isDayWeekInMonth needs the argument 'position' as a string; got a number");
        assertInvalid("{{ hourOfDay('2024-01-01', timeZone=1) }}", "hourOfDay needs the argument 'timeZone' as a string");
        // the message carries the line of the template
        assertInvalid("\n\n{{ 1 | values }}", "(at line 3)");
    }

    /** Integral arguments accept every integral number type that fits a long, and whole decimals below 9e15. */
    @Test
    void integerArgumentsAcceptEveryIntegralType() {
        Object[][] accepted = {
                {7, "7"}, {(short) 7, "7"}, {(byte) -7, "-7"}, {7L, "7"},
                {BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE), "9223372036854775807"},
                {BigInteger.ONE.shiftLeft(63).negate(), "-9223372036854775808"},
                {new BigDecimal("7.00"), "7"}, {7.0d, "7"}, {7.0f, "7"}, {-8.0e15, "-8000000000000000"},
                {8.999999999999998e15, "8999999999999998"},
        };
        for (Object[] a : accepted) {
            assertThat(render("{{ randomInt(v, v) }}", v(a[0]))).as(a[0].getClass() + " " + a[0]).isEqualTo(a[1]);
        }
        Object[] refused = {BigInteger.ONE.shiftLeft(63), new BigDecimal("7.5"), 7.5d, 7.5f, 9.0e15, -1.0e16,
                Double.NaN, Double.POSITIVE_INFINITY, "7", new Object()};
        for (Object r : refused) {
            assertInvalid("{{ randomInt(v, v) }}", v(r), "randomInt needs the argument 'lower' as an integer");
        }
    }

    // ---- strings -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            // Kestra's substring filters follow Apache Commons' StringUtils on empty strings and separators
            "{{ '' | substringBefore('.') }} => ``",
            "{{ 'abc' | substringBefore('') }} => ``",
            "{{ '' | substringAfter('.') }} => ``",
            "{{ 'abc' | substringAfter('') }} => abc",
            "{{ '' | substringBeforeLast('.') }} => ``",
            "{{ 'abc' | substringBeforeLast('') }} => abc",
            "{{ 'abc' | substringBeforeLast('x') }} => abc",
            "{{ '' | substringAfterLast('.') }} => ``",
            "{{ 'abc' | substringAfterLast('') }} => ``",
            "{{ 'abc' | substringAfterLast('x') }} => ``",
            "{{ 'a.b.' | substringAfterLast('.') }} => ``",
            "{{ 'a::b::c' | substringBefore('::') }} => a",
            "{{ 'a::b::c' | substringAfter('::') }} => b::c",
            "{{ 'a::b::c' | substringBeforeLast('::') }} => a::b",
            "{{ 'a::b::c' | substringAfterLast('::') }} => c",
            "{{ 'été.ünï' | substringAfter('.') }} => ünï",
            "{{ 3.25 | substringBefore('.') }} => 3",
            "{{ 'abc' | startsWith('') }} => true",
            "{{ 'abc' | startsWith('b') }} => false",
            "{{ 'abc' | endsWith('bc') }} => true",
            "{{ 123 | startsWith(12) }} => true",
            "{{ null | startsWith('a') }} => false",
            "{{ null | endsWith('a') }} => false",
            // slugify: Kestra's rules, character class by character class
            "{{ '@AZ[az{/09:' | slugify }} => azaz09",
            "`{{ ' -_Hello\tWorld_\u000B\f\r\n--Foo--' | slugify }}` => hello-world-foo",
            "{{ 'Ærøskøbing Ünïcödé' | slugify }} => rskbing-unicode",
            "{{ '---' | slugify }} => ``",
            "{{ '' | slugify }} => ``",
            "{{ 42 | slugify }} => 42",
            // urldecode
            "{{ 'a+b%20c' | urldecode }} => a b c",
            "{{ '' | urldecode }} => ``",
            // escapeChar: any case of the type, non-strings as text
            "{{ \"it's\" | escapeChar('SINGLE') }} => it\\'s",
            "{{ 'none here' | escapeChar('shell') }} => none here",
            "{{ [1, \"it's\"] | escapeChar('single') | toJson }} => [\"1\",\"it\\\\'s\"]",
            "{{ {'a': [\"x'y\"]} | escapeChar('shell') | toJson }} => {\"a\":[\"x'\\\\''y\"]}",
            "{{ ({'a': null, 'b': 1} | escapeChar('single')).a is null }} => true",
            "{{ ([null] | escapeChar('single'))[0] is null }} => true",
            // indent and nindent: every line break the input uses
            "`{{ 'a\n\rb' | indent(1) }}` => `a\n\r b`",
            "`{{ 'a\rb' | indent(1) }}` => `a\r b`",
            "`{{ 'a\rb' | nindent(1) }}` => `\r a\r b`",
            "`{{ 'a\nb' | indent(3, '') }}` => `a\nb`",
            "`{{ 'a\nb' | indent(0) }}` => `a\nb`",
            "`{{ 'a\nb' | indent(9999999999, '') }}` => `a\nb`",
            "{{ '' | nindent(2) }} => ``",
            "{{ ('' | indent(2)) is null }} => false",
            "`{{ 5 | nindent(2) }}` => `\n  5`",
            // replace
            "{{ 'ab' | replace({'a': 'b', 'b': 'c'}) }} => cc",
            "{{ 'a.b' | replace({'.': '-'}, regexp=false) }} => a-b",
            "{{ 'a.b' | replace({'.': '-'}, regexp=true) }} => ---",
            "{{ 'abc' | replace({'x': 'y'}) }} => abc",
            "{{ 'abc' | replace({'x': 'y'}, regexp=true) }} => abc",
            "{{ 123 | replace({'1': 2}) }} => 223",
            "{{ ([null, 'a'] | replace({'a': 'b'})) | toJson }} => [null,\"b\"]",
            "{{ ({'k': null} | replace({'a': 'b'})).k is null }} => true",
            "{{ 'ü-ü' | replace({'ü': 'ue'}) }} => ue-ue",
            // digests hash the UTF-8 bytes, as lower-case hex
            "{{ '' | md5 }} => d41d8cd98f00b204e9800998ecf8427e",
            "{{ 'ü' | md5 }} => c03410a5204b21cd8229ff754688d743",
    })
    void stringFiltersAtTheirEdges(String template, String expected) {
        assertThat(render(template)).isEqualTo(expected);
    }

    @Test
    void malformedStringArgumentsAreInvalid() {
        assertInvalid("{{ '%' | urldecode }}", "urldecode got a malformed percent-encoded string");
        assertInvalid("{{ 'a%2' | urldecode }}", "urldecode");
        assertInvalid("{{ 'x' | replace({'(': 'y'}, regexp=true) }}", "not a valid regular expression");
        assertInvalid("{{ 'a' | replace({'(a)': '$2'}, regexp=true) }}", "refers to a group");
        assertInvalid("{{ 'a' | replace({'a': 'x$'}, regexp=true) }}", "refers to a group");
        // a regular expression is at most 1000 characters
        assertThat(render("{{ v | replace({p: 'b'}, regexp=true) }}", Map.of("v", "a".repeat(1000), "p", "a".repeat(1000))))
                .isEqualTo("b");
        assertInvalid("{{ v | replace({p: 'b'}, regexp=true) }}", Map.of("v", "a", "p", "a".repeat(1001)),
                "longer than 1000 characters");
        // a literal key of any length is fine
        assertThat(render("{{ v | replace({p: 'b'}) }}", Map.of("v", "a", "p", "a".repeat(1001)))).isEqualTo("a");
    }

    // ---- collections -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "{{ [1, 2, 3] | chunk(1) | toJson }} => [[1],[2],[3]]",
            "{{ [1, 2, 3] | chunk(3) | toJson }} => [[1,2,3]]",
            "{{ [1, 2, 3] | chunk(9223372036854775807) | toJson }} => [[1,2,3]]",
            "{{ [1, 2, 3] | chunk(2.0) | toJson }} => [[1,2],[3]]",
            "{{ [] | keys | toJson }} => []",
            "{{ {} | values | toJson }} => []",
            "{{ [] | flatten | toJson }} => []",
            "{{ [[], [1], 2] | flatten | toJson }} => [1,2]",
            "{{ ['b', 'a', 'b', 'A'] | distinct | toJson }} => [\"b\",\"a\",\"A\"]",
            "{{ null | string }} => ``",
            "{{ true | string }} => true",
            "{{ {'a': null} | string }} => {\"a\":null}",
            "{{ 'x' | className }} => java.lang.String",
            "{{ 1 | className }} => java.lang.Long",
            "{{ [1] | className }} => java.util.ArrayList",
            "{{ (null | className) is null }} => true",
    })
    void collectionFiltersAtTheirEdges(String template, String expected) {
        assertThat(render(template)).isEqualTo(expected);
    }

    @Test
    void chunkSizeMustBePositive() {
        assertInvalid("{{ [1] | chunk(-1) }}", "chunk needs the argument 'size' as an integer of 1 or more");
        assertInvalid("{{ [1] | chunk(1.5) }}", "chunk needs the argument 'size'");
        assertThat(render("{{ v | keys | toJson }}", v(new String[] {"a", "b"}))).isEqualTo("[0,1]");
    }

    // ---- numbers -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "2147483647 => java.lang.Integer => 2147483647",
            "-2147483648 => java.lang.Integer => -2147483648",
            "2147483648 => java.lang.Long => 2147483648",
            "-9223372036854775808 => java.lang.Long => -9223372036854775808",
            "-9223372036854775809 => java.math.BigInteger => -9223372036854775809",
            "+5 => java.lang.Integer => 5",
            "0x1F => java.lang.Integer => 31",
            "0X1f => java.lang.Integer => 31",
            "-0x1D => java.lang.Integer => -29",
            "0x7fffffffffffffff => java.lang.Long => 9223372036854775807",
            "-0x10 => java.lang.Integer => -16",
            "+0x10 => java.lang.Integer => 16",
            "0x100000000 => java.lang.Long => 4294967296",
            "0x10000000000000000 => java.math.BigInteger => 18446744073709551616",
            "10L => java.lang.Long => 10",
            "10l => java.lang.Long => 10",
            "9223372036854775808L => java.math.BigInteger => 9223372036854775808",
            "1.5f => java.lang.Float => 1.5",
            "1.5F => java.lang.Float => 1.5",
            "1.5d => java.lang.Double => 1.5",
            "2D => java.lang.Double => 2.0",
            "0.0 => java.lang.Float => 0.0",
            "1.1234567 => java.lang.Float => 1.1234567",
            "1.12345678 => java.lang.Double => 1.12345678",
            "0.1234567890123456 => java.lang.Double => 0.1234567890123456",
            "0.12345678901234567 => java.math.BigDecimal => 0.12345678901234567",
            ".5 => java.lang.Float => 0.5",
            ".12345678 => java.lang.Double => 0.12345678",
            "1e3 => java.lang.Float => 1000.0",
            "1.25E2 => java.lang.Float => 125.0",
            "1.123456789e2 => java.lang.Double => 112.3456789",
            "1e39 => java.lang.Double => 1.0E39",
            "1e-50 => java.lang.Double => 1.0E-50",
            "0e-50 => java.lang.Float => 0.0",
            "1e309 => java.math.BigDecimal => *",
            "1e-400 => java.math.BigDecimal => *",
    })
    void numberInfersTheNarrowestType(String input, String type, String printed) {
        Map<String, Object> vars = v(input);
        assertThat(render("{{ v | number | className }}", vars)).isEqualTo(type);
        if (!printed.equals("*")) {
            assertThat(render("{{ v | number }}", vars)).isEqualTo(printed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "{{ '42' | number('INT') | className }} => java.lang.Integer",
            "{{ ' 42' | number('int') | className }} => java.lang.Integer",
            "{{ '42' | number('LONG') | className }} => java.lang.Long",
            "{{ '42' | number('FLOAT') | className }} => java.lang.Float",
            "{{ '42' | number('DOUBLE') | className }} => java.lang.Double",
            "{{ '42' | number('BIGINTEGER') | className }} => java.math.BigInteger",
            "{{ '42' | number('BIGDECIMAL') | className }} => java.math.BigDecimal",
            "{{ '42' | number(7) | className }} => java.lang.Integer",
            "{{ '42' | number('OTHER') | className }} => java.lang.Integer",
    })
    void numberConvertsToANamedType(String template, String expected) {
        assertThat(render(template)).isEqualTo(expected);
    }

    @Test
    void numberRefusesWhatIsNotANumber() {
        assertInvalid("{{ '' | number }}", "number could not read its input as a number");
        assertInvalid("{{ 'abc' | number }}", "could not read its input as a number");
        assertInvalid("{{ '12abc' | number }}", "could not read");
        assertInvalid("{{ 'L' | number }}", "could not read");
        assertInvalid("{{ '3000000000' | number('INT') }}", "number could not read its input as a INT");
        assertInvalid("{{ '1.5' | number('LONG') }}", "as a LONG");
        // at most 1000 characters: parsing big numbers is not linear
        assertThat(render("{{ v | number | className }}", v("9".repeat(1000)))).isEqualTo("java.math.BigInteger");
        assertInvalid("{{ v | number }}", v("9".repeat(1001)), "longer than 1000 characters");
    }

    // ---- dates -------------------------------------------------------------------------------------------

    static Stream<Arguments> dateInputs() {
        return Stream.of(
                // Kestra reads host values as its date filters document: a date alone is its noon
                Arguments.of(Instant.parse("2024-02-01T03:04:05Z"), "2024-02-01T04:04:05.000000+01:00"),
                Arguments.of(new Date(0), "1970-01-01T01:00:00.000000+01:00"),
                Arguments.of(LocalDateTime.of(2024, 2, 1, 3, 4, 5), "2024-02-01T03:04:05.000000+01:00"),
                Arguments.of(LocalDate.of(2024, 2, 1), "2024-02-01T12:00:00.000000+01:00"),
                Arguments.of(OffsetDateTime.parse("2024-02-01T03:04:05+05:00"), "2024-01-31T23:04:05.000000+01:00"),
                Arguments.of(ZonedDateTime.parse("2024-07-01T10:00:00+09:00[Asia/Tokyo]"), "2024-07-01T03:00:00.000000+02:00"),
                Arguments.of(1.5d, "1970-01-01T01:00:01.500000+01:00"),
                Arguments.of(-1.5d, "1970-01-01T00:59:58.500000+01:00"),
                Arguments.of(new BigDecimal("0.000001"), "1970-01-01T01:00:00.000001+01:00"),
                Arguments.of(60, "1970-01-01T01:01:00.000000+01:00"),
                Arguments.of(BigInteger.TEN, "1970-01-01T01:00:10.000000+01:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dateInputs")
    void dateReadsHostValues(Object input, String expected) {
        assertThat(render("{{ v | date(timeZone='Europe/Paris') }}", v(input))).isEqualTo(expected);
    }

    @Test
    void dateRefusesWhatItCannotRead() {
        assertInvalid("{{ v | date }}", v(Duration.ZERO), "date needs a date: an ISO-8601 string, an instant or epoch seconds; got a Duration");
        assertInvalid("{{ v | date }}", v(1e20), "epoch seconds outside the supported range");
        assertInvalid("{{ v | date }}", v(Double.NaN), "epoch seconds outside the supported range");
        assertInvalid("{{ v | date }}", v(Long.MAX_VALUE), "epoch seconds outside the supported range");
        assertInvalid("{{ 'yesterday' | date }}", "date could not read its input as a date (expected ISO-8601");
        assertInvalid("{{ '2024-13-01' | date }}", "could not read its input as a date");
        assertInvalid("{{ '2024-01-01' | date(existingFormat='dd/MM/yyyy') }}", "could not read its input as a date in the given existingFormat");
        assertInvalid("{{ '2024-01-01' | date(existingFormat='qqqqqqqqqq') }}", "date got a 'existingFormat' that is neither a named format");
        assertInvalid("{{ '2024-01-01' | dateAdd(1, 5) }}", "dateAdd needs the argument 'unit' as one of [NANOS, MICROS,", "HALF_DAYS", "MILLENNIA, ERAS]");
        assertThatThrownBy(() -> render("{{ '2024-01-01' | dateAdd(1, 'x') }}")).hasMessageNotContaining("FOREVER");
        assertThat(render("{{ '2024-01-01T00:00:00Z' | dateAdd(1, 'half_days', format='iso_sec') }}")).isEqualTo("2024-01-01T12:00:00Z");
        assertInvalid("{{ '2024-01-01' | dateAdd(1, 'FOREVER') }}", "dateAdd needs the argument 'unit'");
        assertInvalid("{{ '2024-01-01' | dateAdd(9223372036854775807, 'DAYS') }}", "dateAdd moved the date outside the supported range");
        assertInvalid("{{ '2024-01-01' | dateAdd(1, 'ERAS') }}", "outside the supported range");
        assertInvalid("{{ '2024-01-01' | date(timeZone='') }}", "not a known zone id");
        // RFC 1123 has four-digit years
        assertInvalid("{{ '+10000-01-01' | date('rfc_1123_date_time') }}", "date cannot print this date with the given format");
        // inputs, patterns and formats up to 256 characters
        String garbage = "x".repeat(256);
        assertInvalid("{{ v | date }}", v(garbage), "could not read its input as a date");
        assertInvalid("{{ v | date }}", v(garbage + "x"), "date got a string longer than 256 characters as a date");
        String pattern = "'" + "x".repeat(254) + "'";
        assertThat(render("{{ 0 | date(v) }}", v(pattern))).isEqualTo("x".repeat(254));
        assertInvalid("{{ 0 | date(v) }}", v(pattern + "y"), "date got a 'format' longer than 256 characters");
        assertInvalid("{{ '2024' | date(existingFormat=v) }}", v(pattern + "y"), "got a 'existingFormat' longer than 256");
    }

    @Test
    void dateFormatsAndLocales() {
        Map<String, Object> d = v("2024-02-01T15:04:05Z");
        String full = render("{{ v | date('full') }}", d);
        String lng = render("{{ v | date('long') }}", d);
        String medium = render("{{ v | date('medium') }}", d);
        String shrt = render("{{ v | date('short') }}", d);
        assertThat(full).contains("Thursday", "February", "2024");
        assertThat(lng).contains("February", "2024").doesNotContain("Thursday");
        assertThat(medium).contains("Feb", "2024").doesNotContain("February");
        assertThat(shrt).contains("2/1/24").doesNotContain("Feb");
        assertThat(render("{{ v | date('EEEE', locale='fr_FR') }}", d)).isEqualTo("jeudi");
        assertThat(render("{{ v | date('EEEE', locale='de-DE') }}", d)).isEqualTo("Donnerstag");
        assertThat(render("{{ v | date('sql_seq') }}", d)).isEqualTo("2024-02-01 15:04:05");
        assertThat(render("{{ v | date('iso_instant', timeZone='Asia/Tokyo') }}", d)).isEqualTo("2024-02-01T15:04:05Z");
        assertThat(render("{{ '01/02/2024 10:30' | date('iso_sec', existingFormat='dd/MM/yyyy HH:mm') }}"))
                .isEqualTo("2024-02-01T10:30:00Z");
        assertThat(render("{{ '2024-02-01T10:30:00' | date('iso_sec', existingFormat='iso_local_date_time', timeZone='Europe/Paris') }}"))
                .isEqualTo("2024-02-01T10:30:00+01:00");
        assertThat(render("{{ '2024-02-01T10:30:00' | dateAdd(90, 'MINUTES', format='HH:mm') }}")).isEqualTo("12:00");
    }

    @Test
    void timestampsAtTheirEdges() {
        String beforeEpoch = "{{ '1969-12-31T23:59:59.5Z' | %s }}";
        assertThat(render(beforeEpoch.formatted("timestamp"))).isEqualTo("-1");
        assertThat(render(beforeEpoch.formatted("timestampMilli"))).isEqualTo("-500");
        assertThat(render(beforeEpoch.formatted("timestampMicro"))).isEqualTo("-500000");
        assertThat(render(beforeEpoch.formatted("timestampNano"))).isEqualTo("-500000000");
        assertThat(render("{{ '2024-01-01T00:00:00.123456789Z' | timestampNano }}")).isEqualTo("1704067200123456789");
        assertThat(render("{{ '2024-01-01T00:00:00.123456789Z' | timestampMicro }}")).isEqualTo("1704067200123456");
        assertThat(render("{{ '2024-01-01T00:00:00.999Z' | timestampMilli }}")).isEqualTo("1704067200999");
        assertThat(render("{{ '2024-01-01T10:00:00' | timestamp(timeZone='Europe/Paris') }}")).isEqualTo("1704099600");
        // nanoseconds since 1970 fit a long until 2262
        assertThat(render("{{ '2300-01-01' | timestampMicro }}")).isEqualTo("10413792000000000");
        assertInvalid("{{ '2300-01-01' | timestampNano }}", "too far from 1970");
        assertInvalid("{{ '-300000-01-01' | timestampMicro }}", "too far from 1970");
    }

    @Test
    void nowUsesItsFormatLocaleAndZone() {
        Clock fixed = Clock.fixed(Instant.parse("2024-03-31T22:30:00Z"), ZoneOffset.UTC);
        assertThat(KestraTemplates.renderAt(fixed, "{{ now(format='EEEE', locale='de') }}")).isEqualTo("Sonntag");
        assertThat(KestraTemplates.renderAt(fixed, "{{ now(format='EEEE', timeZone='Europe/Paris') }}")).isEqualTo("Monday");
    }

    // ---- calendar functions ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "{{ isWeekend('2024-01-07') }} => true",
            "{{ isWeekend('2024-01-05') }} => false",
            "{{ isWeekend('2024-01-08T03:00:00Z', timeZone='America/New_York') }} => true",
            "{{ isWeekend('2024-01-07T23:30:00Z', timeZone='Asia/Tokyo') }} => false",
            // a date with an offset keeps its own calendar fields unless a zone is given
            "{{ hourOfDay('2024-07-01T01:00:00+02:00') }} => 1",
            "{{ dayOfMonth('2024-07-01T01:00:00+02:00') }} => 1",
            "{{ hourOfDay('2024-07-01T01:00:00+02:00', timeZone='UTC') }} => 23",
            "{{ dayOfWeek('2024-01-06T23:30:00Z', timeZone='Asia/Tokyo') }} => SUNDAY",
            "{{ monthOfYear('2024-01-31T23:00:00Z', timeZone='Asia/Tokyo') }} => 2",
            "{{ dayOfMonth('2024-01-31T23:00:00Z', timeZone='Asia/Tokyo') }} => 1",
            "{{ hourOfDay('2024-01-01T10:00:00') }} => 10",
            "{{ dayOfMonth(1706745600) }} => 1",
            // week positions: days 1-7 are the first, 8-14 the second, ...; the last is within 7 days of the end
            "{{ isDayWeekInMonth('2024-01-07', 'SUNDAY', 'FIRST') }} => true",
            "{{ isDayWeekInMonth('2024-01-14', 'SUNDAY', 'FIRST') }} => false",
            "{{ isDayWeekInMonth('2024-01-15', 'MONDAY', 'THIRD') }} => true",
            "{{ isDayWeekInMonth('2024-01-28', 'SUNDAY', 'FOURTH') }} => true",
            "{{ isDayWeekInMonth('2024-01-29', 'MONDAY', 'FOURTH') }} => false",
            "{{ isDayWeekInMonth('2024-02-22', 'THURSDAY', 'LAST') }} => false",
            "{{ isDayWeekInMonth('2024-02-29', 'THURSDAY', 'LAST') }} => true",
            "{{ isDayWeekInMonth('2024-01-01', 'monday', 'first') }} => true",
            "{{ isDayWeekInMonth('2024-01-29', 'SUNDAY', 'LAST') }} => false",
    })
    void calendarFunctionsAtTheirEdges(String template, String expected) {
        assertThat(render(template)).isEqualTo(expected);
    }

    @Test
    void calendarFunctionsRefuseUnknownNames() {
        assertInvalid("{{ isDayWeekInMonth('2024-01-01', 'FUNDAY', 'FIRST') }}", "isDayWeekInMonth needs 'dayOfWeek' as one of [MONDAY,");
        assertInvalid("{{ isDayWeekInMonth('2024-01-01', 'MONDAY', 'FIFTH') }}", "isDayWeekInMonth needs 'position' as one of [FIRST,");
        assertInvalid("{{ isDayWeekInMonth('2024-01-02', 'MONDAY', 'FIFTH') }}", "isDayWeekInMonth needs 'position'");
        assertInvalid("{{ dayOfMonth('2024-01-01', timeZone='Nowhere/Land') }}", "dayOfMonth got a 'timeZone' that is not a known zone id");
        assertInvalid("{{ monthOfYear('soon') }}", "monthOfYear could not read its input as a date");
    }

    // ---- identifiers -------------------------------------------------------------------------------------

    private static BigInteger fromBase62(String s) {
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        BigInteger value = BigInteger.ZERO;
        for (char c : s.toCharArray()) {
            value = value.multiply(BigInteger.valueOf(62)).add(BigInteger.valueOf(digits.indexOf(c)));
        }
        return value;
    }

    @Test
    void idsAreTheUuidsBitsInBase62() {
        assertThat(IdFunctions.base62(new UUID(0, 0))).isEqualTo("0");
        assertThat(IdFunctions.base62(new UUID(0, 61))).isEqualTo("z");
        assertThat(IdFunctions.base62(new UUID(0, 62))).isEqualTo("10");
        assertThat(IdFunctions.base62(new UUID(1, 0))).isEqualTo("LygHa16AHYG");
        assertThat(IdFunctions.base62(new UUID(-1, -1))).isEqualTo("7n42DGM5Tflk9n8mt7Fhc7");
        assertThat(IdFunctions.base62(new UUID(0x0123456789abcdefL, 0x0123456789abcdefL))).isEqualTo("296tiiBb3U904RIpygpjj");
        String id = render("{{ id() }}");
        assertThat(fromBase62(id).bitLength()).isLessThanOrEqualTo(128);
    }

    @Test
    void ksuidStartsWithItsSecondsSinceTheKsuidEpoch() {
        long t = 0x12345678L;
        String ksuid = IdFunctions.ksuid(1_400_000_000L + t);
        assertThat(ksuid).hasSize(27);
        BigInteger value = fromBase62(ksuid);
        assertThat(value.shiftRight(128).longValueExact()).isEqualTo(t);
        assertThat(IdFunctions.ksuid(1_400_000_000L + 0xFFFFFFFFL)).hasSize(27);
        assertThat(fromBase62(IdFunctions.ksuid(1_400_000_000L + 0xFFFFFFFFL)).shiftRight(128).longValueExact()).isEqualTo(0xFFFFFFFFL);
        assertThat(fromBase62(IdFunctions.ksuid(1_400_000_000L)).shiftRight(128).longValueExact()).isZero();
        // ksuid() uses the current second
        long before = System.currentTimeMillis() / 1000 - 1_400_000_000L;
        long seconds = fromBase62(render("{{ ksuid() }}")).shiftRight(128).longValueExact();
        long after = System.currentTimeMillis() / 1000 - 1_400_000_000L;
        assertThat(seconds).isBetween(before, after);
    }

    @Test
    void nanoIdAndRandomIntBounds() {
        assertThat(render("{{ nanoId(1) }}")).matches("[A-Za-z0-9_-]");
        assertThat(render("{{ nanoId(1024) }}")).hasSize(1024);
        assertThat(render("{{ nanoId(3, 'x') }}")).isEqualTo("xxx");
        assertThat(render("{{ nanoId(4, v) }}", v("é".repeat(256)))).isEqualTo("éééé");
        assertThat(render("{{ nanoId(2.0) | length }}")).isEqualTo("2");
        assertInvalid("{{ nanoId(0) }}", "nanoId needs the argument 'length' as an integer from 1 to 1024");
        assertInvalid("{{ nanoId(1025) }}", "from 1 to 1024");
        assertInvalid("{{ nanoId(-5) }}", "from 1 to 1024");
        assertInvalid("{{ nanoId(5, '') }}", "nanoId needs the argument 'alphabet' as a string of 1 to 256 characters");
        assertInvalid("{{ nanoId(5, v) }}", v("x".repeat(257)), "1 to 256 characters");
        // the upper bound is excluded, so one value is possible
        assertThat(render("{% for i in range(1, 20) %}{{ randomInt(1, 2) }}{% endfor %}")).isEqualTo("1".repeat(20));
        assertThat(render("{% for i in range(1, 20) %}{{ randomInt(-3, -2) }}{% endfor %}")).isEqualTo("-3".repeat(20));
        assertThat(render("{{ randomInt(-9223372036854775807, -9223372036854775806) }}")).isEqualTo("-9223372036854775807");
        assertInvalid("{{ randomInt(2, 1) }}", "randomInt needs 'upper' greater than or equal to 'lower'");
    }

    // ---- JSON and YAML -----------------------------------------------------------------------------------

    @Test
    void toJsonWritesHostValuesAsData() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("set", new LinkedHashSet<>(List.of("b", "a")));
        vars.put("ints", new int[] {1, 2});
        vars.put("offset", OffsetDateTime.parse("2024-02-01T03:04:05+05:00"));
        vars.put("date", new Date(1000));
        vars.put("map", Map.of(1, "one"));
        vars.put("nested", List.of(Map.of("a", List.of(new int[] {3}))));
        assertThat(render("{{ set | toJson }}|{{ ints | toJson }}|{{ offset | toJson }}|{{ date | toJson }}|{{ map | toJson }}"
                + "|{{ nested | toJson }}", vars))
                .isEqualTo("[\"b\",\"a\"]|[1,2]|\"2024-02-01T03:04:05+05:00\"|\"1970-01-01T00:00:01Z\"|{\"1\":\"one\"}"
                        + "|[{\"a\":[[3]]}]");
        assertThat(render("{{ set | yaml }}", vars)).isEqualTo(" - b\n - a\n");
        assertThat(render("{{ null | yaml }}|{{ [null] | yaml }}")).isEqualTo("null| - null\n");
    }

    @Test
    void fromJsonAndYamlAtTheirEdges() {
        assertThat(render("{{ fromJson('\"ü\"') }}")).isEqualTo("ü");
        assertThat(render("{{ fromJson('null') is null }}")).isEqualTo("true");
        assertInvalid("{{ fromJson('') }}", "fromJson got a string that is not valid JSON");
        assertInvalid("{{ fromJson('[1,\n x]') }}", "fromJson got a string that is not valid JSON (error at its line 2, column ");
        assertThat(render("{{ yaml('') is null }}")).isEqualTo("true");
        assertInvalid("{{ yaml('a: [') }}", "yaml got a string that is not a valid YAML document", "1000000 values");
        assertThat(KestraTemplates.renderBounded("{{ yaml(v) | length }}", v("[1, 2, 3]"), 9, BIG)).isEqualTo("3");
        assertThatThrownBy(() -> KestraTemplates.renderBounded("{{ yaml(v) }}", v("[1, 2, 3, 4]"), 3, BIG))
                .isInstanceOf(TemplateRenderException.class);
        assertThat(render("{% if null is json %}yes{% else %}no{% endif %}")).isEqualTo("no");
    }
}
