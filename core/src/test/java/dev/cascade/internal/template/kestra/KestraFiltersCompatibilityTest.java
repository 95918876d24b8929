package dev.cascade.internal.template.kestra;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kestra's filters as its documentation describes them. Each case names the page (under
 * kestra.io/docs/expressions/filters/…) or the observed Kestra behaviour it follows.
 */
class KestraFiltersCompatibilityTest {
    private final KestraTemplates t = new KestraTemplates();

    static Stream<Arguments> documented() {
        return Stream.of(
                // filters/json
                Arguments.of("json: toJson of a list", "{{ [1, 2, 3] | toJson }}", "[1,2,3]"),
                Arguments.of("json: toJson of a boolean", "{{ true | toJson }}", "true"),
                Arguments.of("json: toJson of a string is quoted", "{{ \"foo\" | toJson }}", "\"foo\""),
                Arguments.of("json: toJson of null", "{{ null | toJson }}", "null"),
                Arguments.of("json: toJson keeps an empty object", "{{ {\"empty_object\":{}} | toJson }}", "{\"empty_object\":{}}"),
                Arguments.of("json: Kestra's writer leaves null map values out", "{{ {'a': null, 'b': 1} | toJson }}", "{\"b\":1}"),
                Arguments.of("json: json is the deprecated name of toJson", "{{ [1, 'a'] | json }}", "[1,\"a\"]"),
                // filters/collections
                Arguments.of("collections: chunk partitions a list", "{{ [1,2,3,4,5,6,7,8,9] | chunk(2) | toJson }}", "[[1,2],[3,4],[5,6],[7,8],[9]]"),
                Arguments.of("collections: chunk of an empty list", "{{ [] | chunk(3) | toJson }}", "[]"),
                Arguments.of("collections: keys of a map", "{{ {'this': 'foo', 'that': 'bar'} | keys | toJson }}", "[\"this\",\"that\"]"),
                Arguments.of("collections: keys of a list are its indexes", "{{ [0, 1, 3] | keys | toJson }}", "[0,1,2]"),
                Arguments.of("collections: values of a map", "{{ {'this': 'foo', 'that': 'bar'} | values | toJson }}", "[\"foo\",\"bar\"]"),
                Arguments.of("collections: flatten one level", "{{ [[1, 2], [3, [4]], 5] | flatten | toJson }}", "[1,2,3,[4],5]"),
                Arguments.of("collections: distinct keeps first occurrences", "{{ [1, 2, 1, 3, 2] | distinct | toJson }}", "[1,2,3]"),
                Arguments.of("filters: string of a number", "{{ (1 | string) ~ 2 }}", "12"),
                Arguments.of("filters: string of a list is JSON", "{{ [1, 'a'] | string }}", "[1,\"a\"]"),
                Arguments.of("collections: number infers Float", "{{ \"12.3\" | number | className }}", "java.lang.Float"),
                Arguments.of("collections: number BIGDECIMAL", "{{ \"9223372036854775807\" | number('BIGDECIMAL') | className }}", "java.math.BigDecimal"),
                Arguments.of("collections: number infers Integer", "{{ \"42\" | number | className }}", "java.lang.Integer"),
                Arguments.of("collections: number infers Long", "{{ \"9223372036854775807\" | number | className }}", "java.lang.Long"),
                Arguments.of("collections: number infers BigInteger", "{{ \"9223372036854775808\" | number | className }}", "java.math.BigInteger"),
                Arguments.of("collections: number infers Double past 7 decimals", "{{ \"1.123456789\" | number | className }}", "java.lang.Double"),
                Arguments.of("collections: number arithmetic", "{{ (\"12\" | number) + 1 }}", "13"),
                Arguments.of("collections: numberFormat", "{{ 3.141592653 | numberFormat(\"#.##\") }}", "3.14"),
                Arguments.of("collections: numberformat (Pebble's name)", "{{ 3.141592653 | numberformat(\"#.##\") }}", "3.14"),
                // filters/strings
                Arguments.of("strings: substringBefore", "{{ \"a.b.c\" | substringBefore(\".\") }}", "a"),
                Arguments.of("strings: substringAfter", "{{ \"a.b.c\" | substringAfter(\".\") }}", "b.c"),
                Arguments.of("strings: substringBeforeLast", "{{ \"a.b.c\" | substringBeforeLast(\".\") }}", "a.b"),
                Arguments.of("strings: substringAfterLast", "{{ \"a.b.c\" | substringAfterLast(\".\") }}", "c"),
                Arguments.of("strings: substringBefore without the separator keeps all", "{{ \"abc\" | substringBefore(\"x\") }}", "abc"),
                Arguments.of("strings: substringAfter without the separator is empty", "{{ \"abc\" | substringAfter(\"x\") }}", ""),
                Arguments.of("strings: substringAfterLast of a file name", "{{ \"report.2024.csv\" | substringAfterLast(\".\") }}", "csv"),
                Arguments.of("strings: startsWith", "{{ \"Hello World\" | startsWith(\"Hello\") }}", "true"),
                Arguments.of("strings: endsWith", "{{ \"Hello World\" | endsWith(\"Hello\") }}", "false"),
                Arguments.of("strings: slugify", "{{ \"Hello World\" | slugify }}", "hello-world"),
                Arguments.of("strings: slugify drops accents and punctuation", "{{ \" Crème  Brûlée_au   Café! \" | slugify }}", "creme-brulee-au-cafe"),
                Arguments.of("strings: urldecode", "{{ \"The+string+%C3%BC%40foo-bar\" | urldecode }}", "The string ü@foo-bar"),
                Arguments.of("strings: escapeChar single", "{{ \"Can't be here\" | escapeChar('single') }}", "Can\\'t be here"),
                Arguments.of("strings: escapeChar double", "{{ 'say \"hi\"' | escapeChar('double') }}", "say \\\"hi\\\""),
                Arguments.of("strings: escapeChar shell", "{{ \"Can't be here\" | escapeChar('shell') }}", "Can'\\''t be here"),
                Arguments.of("strings: escapeChar on a map", "{{ {'a': \"it's\"} | escapeChar('single') | toJson }}", "{\"a\":\"it\\\\'s\"}"),
                Arguments.of("strings: replace pairs", "{{ \"I like %this% and %that%.\" | replace({'%this%': 'foo', '%that%': \"bar\"}) }}", "I like foo and bar."),
                Arguments.of("strings: replace in a map's strings", "{{ {'a': 'x-y', 'b': ['y']} | replace({'y': 'z'}) | toJson }}", "{\"a\":\"x-z\",\"b\":[\"z\"]}"),
                Arguments.of("strings: replace with regexp", "{{ 'a1b22c333' | replace({'[0-9]+': '#'}, regexp=true) }}", "a#b#c#"),
                Arguments.of("strings: replace with regexp groups", "{{ '2024-01-31' | replace({'(\\d+)-(\\d+)-(\\d+)': '$3/$2/$1'}, regexp=true) }}", "31/01/2024"),
                Arguments.of("strings: replace is literal by default", "{{ 'a.b' | replace({'.': '-'}) }}", "a-b"),
                Arguments.of("strings: md5", "{{ \"hello\" | md5 }}", "5d41402abc4b2a76b9719d911017c592"),
                Arguments.of("strings: sha1", "{{ \"hello\" | sha1 }}", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),
                Arguments.of("strings: sha256 (Pebble's)", "{{ \"hello\" | sha256 }}", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
                Arguments.of("strings: sha512", "{{ \"hello\" | sha512 }}", "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7"
                        + "2323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043"),
                Arguments.of("strings: sha1 of UTF-8 text", "{{ \"ü\" | sha1 }}", "94a759fd37735430753c7b6b80684306d80ea16e"),
                // filters/yaml (and Kestra's IndentFilterTest behaviour)
                Arguments.of("yaml: indent skips the first line", "{{ \"first line\nsecond line\" | indent(2) }}", "first line\n  second line"),
                Arguments.of("yaml: indent keeps CRLF", "{{ \"first line\r\nsecond line\" | indent(2) }}", "first line\r\n  second line"),
                Arguments.of("yaml: indent with a prefix", "{{ \"first line\nsecond line\" | indent(2, \"\t\") }}", "first line\n\t\tsecond line"),
                Arguments.of("yaml: indent of empty lines", "{{ \"\n\n\" | indent(2) }}", "\n  \n  "),
                Arguments.of("yaml: indent of one line", "{{ 'string' | indent(2) }}", "string"),
                Arguments.of("yaml: indent of empty", "{{ '' | indent(2) }}", ""),
                Arguments.of("yaml: nindent starts with a new line", "{{ \"first line\nsecond line\" | nindent(2) }}", "\n  first line\n  second line"),
                Arguments.of("yaml: nindent of one line", "{{ 'string' | nindent(4) }}", "\n    string"),
                Arguments.of("yaml: yaml of a string", "{{ 'string' | yaml }}", "string\n"),
                Arguments.of("yaml: yaml of a number", "{{ 1 | yaml }}", "1\n"),
                Arguments.of("yaml: yaml of a list is indented", "{{ ['string', 1, 1.123] | yaml }}", " - string\n - 1\n - 1.123\n"),
                Arguments.of("yaml: yaml of a map", "{{ {'a': 'x', 'b': [1, 2]} | yaml }}", "a: x\nb:\n - 1\n - 2\n"),
                Arguments.of("yaml: yaml of null", "{{ null | yaml }}", "null"),
                Arguments.of("yaml: yaml then nindent (the Helm idiom)", "key:{{ {'a': 1} | yaml | trim | nindent(2) }}", "key:\n  a: 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void rendersAsKestraDocuments(String docCase, String template, String expected) {
        assertThat(t.render(template)).isEqualTo(expected);
    }

    @Test
    void filtersOnVariablesFromTheNamespace() {
        // filters/collections: keys/values/chunk work on variables parsed from YAML or JSON, in their order
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("z", 1);
        vars.put("a", List.of("x", "y", "z"));
        assertThat(t.render("{{ namespace | keys | join(',') }}|{{ namespace.a | chunk(2) | toJson }}",
                Map.of("namespace", vars))).isEqualTo("z,a|[[\"x\",\"y\"],[\"z\"]]");
        // filters/json: toJson keeps the variables' key order
        assertThat(t.render("{{ namespace | toJson }}", Map.of("namespace", vars))).isEqualTo("{\"z\":1,\"a\":[\"x\",\"y\",\"z\"]}");
    }

    /** A host object with a getter: toJson must not call it (Cascade refuses method calls on values). */
    public static final class HostObject {
        static volatile boolean getterCalled;

        public String getSecretThing() {
            getterCalled = true;
            return "from a getter";
        }

        @Override
        public String toString() {
            return "HostObject";
        }
    }

    @Test
    void toJsonAndYamlWriteDataAndNeverCallGetters() {
        HostObject.getterCalled = false;
        java.time.ZonedDateTime date = java.time.ZonedDateTime.parse("2013-09-08T16:19:00+02:00");
        Map<String, Object> vars = Map.of("o", HostObject.class.cast(new HostObject()), "date", date,
                "arr", new String[] {"a", "b"});
        assertThat(t.render("{{ o | toJson }}|{{ [o] | yaml }}", vars)).isEqualTo("\"HostObject\"| - HostObject\n");
        assertThat(HostObject.getterCalled).isFalse();
        // ToJsonFilterTest: a date-time is written as ISO-8601 with its offset
        assertThat(t.render("{{ date | toJson }}", vars)).isEqualTo("\"2013-09-08T16:19:00+02:00\"");
        assertThat(t.render("{{ arr | toJson }}", vars)).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void nullInputsPassThroughAsKestraDoes() {
        // Kestra's filters return null for a null input (printed as an empty string by a strict Pebble)
        for (String f : List.of("chunk(2)", "keys", "values", "flatten", "substringBefore('.')", "slugify", "urldecode",
                "escapeChar('single')", "indent(2)", "md5", "number", "date", "timestamp")) {
            assertThat(t.render("{{ (null | " + f + ") is null }}")).as(f).isEqualTo("true");
        }
    }

    @Test
    void wrongInputsAreInvalidArgumentsNamingTheFilterNotTheValue() {
        Map<String, Object> vars = Map.of("v", Map.of("k", "v"));
        String[][] cases = {
                {"{{ secret('TOKEN') | chunk(2) }}", "chunk"},
                {"{{ secret('TOKEN') | values }}", "values"},
                {"{{ secret('TOKEN') | flatten }}", "flatten"},
                {"{{ secret('TOKEN') | number }}", "number"},
                {"{{ secret('TOKEN') | date }}", "date"},
                {"{{ secret('TOKEN') | dateAdd(1, 'DAYS') }}", "dateAdd"},
                {"{{ [1] | chunk(0) }}", "chunk"},
                {"{{ 'x' | escapeChar('triple') }}", "escapeChar"},
                {"{{ 'x\ny' | indent(-1) }}", "indent"},
                {"{{ 1 | md5 }}", "md5"},
                {"{{ '%zz' | urldecode }}", "urldecode"},
                {"{{ '2024-01-01' | dateAdd(1, 'FORTNIGHTS') }}", "dateAdd"},
                {"{{ '2024-01-01' | date(timeZone='Mars/Olympus') }}", "date"},
                {"{{ '2024-01-01' | date(format='qqqqqqqqqqqqqq') }}", "date"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> t.render(c[0], vars)).as(c[0])
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains(c[1]).doesNotContain(KestraTemplates.SECRET)
                                .doesNotContain("s3cr3t");
                    });
        }
    }

    // ---- limits: every filter that builds a value checks its size first -----------------------------------

    private static void assertTooLarge(String template, Map<String, Object> vars) {
        assertThatThrownBy(() -> KestraTemplates.renderBounded(template, vars, 1_000, 10_000_000))
                .as(template)
                .isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
    }

    @Test
    void hugeInputsFailWithOutputTooLargeBeforeBuilding() {
        List<Object> big = Collections.nCopies(50_000, "x");
        Map<String, Object> vars = Map.of("big", big, "text", "line\n".repeat(200), "word", "'".repeat(600));
        assertTooLarge("{{ big | chunk(10) }}", vars);
        assertTooLarge("{{ big | toJson }}", vars);
        assertTooLarge("{{ big | yaml }}", vars);
        assertTooLarge("{{ big | keys }}", vars);
        assertTooLarge("{{ big | distinct }}", vars);
        assertTooLarge("{{ [big, big] | flatten }}", vars);
        assertTooLarge("{{ text | indent(10) }}", vars);
        assertTooLarge("{{ text | nindent(10, '--') }}", vars);
        assertTooLarge("{{ 'a\nb' | indent(1000000000000) }}", vars);
        assertTooLarge("{{ 'ab' | indent(1000000000000) }}", vars);
        assertTooLarge("{{ word | escapeChar('shell') }}", vars);
        // within the bound the same filters work
        assertThat(KestraTemplates.renderBounded("{{ big | length }}:{{ [1,2,3] | chunk(2) | toJson }}", vars, 1_000, 10_000_000))
                .isEqualTo("50000:[[1,2],[3]]");
    }

    @Test
    void aBacktrackingRegularExpressionStopsOnTheStepBudget() {
        Map<String, Object> vars = Map.of("text", "a".repeat(40) + "!");
        assertThatThrownBy(() -> KestraTemplates.renderBounded("{{ text | replace({'(.*a){41}': 'x'}, regexp=true) }}", vars,
                1_000_000, 1_000_000))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MUCH_WORK));
        assertTooLarge("{{ text | replace({'a': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'}) }}", vars);
        assertTooLarge("{{ text | replace({'a': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'}, regexp=true) }}", vars);
        assertTooLarge("{{ text | replace({'': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'}) }}", vars);
    }

    @Test
    void workProportionalToTheInputCountsAgainstTheStepBudget() {
        Map<String, Object> vars = Map.of("text", "a".repeat(900) + ".b");
        String template = "{% for i in range(1, 100) %}{{ text | substringAfter('.') }}{% endfor %}";
        assertThat(KestraTemplates.renderBounded(template, vars, 1_000_000, 1_000_000)).isEqualTo("b".repeat(100));
        assertThatThrownBy(() -> KestraTemplates.renderBounded(template, vars, 1_000_000, 50_000))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MUCH_WORK));
    }

    @Test
    void toJsonRefusesValuesNestedTooDeep() {
        List<Object> deep = new ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 200; i++) {
            List<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        assertThatThrownBy(() -> t.render("{{ deep | toJson }}", Map.of("deep", deep)))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT));
    }
}
