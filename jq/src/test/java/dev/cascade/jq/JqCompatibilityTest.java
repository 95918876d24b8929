package dev.cascade.jq;

import dev.cascade.Cascade;
import dev.cascade.internal.template.RenderBudget;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Kestra's {@code jq} filter (kestra.io/docs/expressions/filters/json, and Kestra's JqFilter behaviour: the
 * result is always a list) through Cascade with {@code cascade-jq} discovered by name.
 */
class JqCompatibilityTest {
    private static Cascade cascade;

    @BeforeAll
    static void start() {
        cascade = Cascade.builder().templateExtension("jq").build();
    }

    @AfterAll
    static void stop() {
        cascade.close();
    }

    private static String render(String template, Map<String, Object> vars) {
        return cascade.resolver().render(TenantId.DEFAULT, NamespaceId.of("company.team"), template, vars).output();
    }

    static Map<String, Object> vars() {
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("string", "string");
        second.put("int", 1);
        second.put("float", 1.123);
        second.put("list", List.of("string", 1, 1.123));
        second.put("bool", true);
        second.put("date", java.time.ZonedDateTime.parse("2013-09-08T16:19:00+02:00"));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("task1", Map.of("value", "from task1"));
        outputs.put("items", List.of(
                Map.of("name", "alpha", "value", 1, "ok", true),
                Map.of("name", "bravo", "value", 2, "ok", false),
                Map.of("name", "charlie", "value", 3, "ok", true)));
        return Map.of("vars", Map.of("second", second), "outputs", outputs, "payload", "{\"id\": 7, \"tags\": [\"a\", \"b\"]}");
    }

    static Stream<Arguments> documented() {
        return Stream.of(
                Arguments.of("json: jq('.') returns a list", "{{ [1, 2, 3] | jq('.') | toJson }}", "[[1,2,3]]"),
                Arguments.of("json: jq then first", "{{ [1, 2, 3] | jq('.[0]') | first }}", "1"),
                Arguments.of("json: a task output", "{{ outputs | jq('.task1.value') | first }}", "from task1"),
                Arguments.of("JqFilter: a string", "{{ vars | jq('.second.string') | first }}", "string"),
                Arguments.of("JqFilter: an int is an Integer", "{{ vars | jq('.second.int') | first | className }}", "java.lang.Integer"),
                Arguments.of("JqFilter: a float", "{{ vars | jq('.second.float') | first }}", "1.123"),
                Arguments.of("JqFilter: a list", "{{ vars | jq('.second.list') | first | toJson }}", "[\"string\",1,1.123]"),
                Arguments.of("JqFilter: a boolean", "{{ vars | jq('.second.bool') | first }}", "true"),
                Arguments.of("JqFilter: a date-time as ISO-8601", "{{ vars | jq('.second.date') | first }}", "2013-09-08T16:19:00+02:00"),
                Arguments.of("JqFilter: several results", "{{ vars | jq('.second.list[]') | toJson }}", "[\"string\",1,1.123]"),
                Arguments.of("jq: select and map", "{{ outputs | jq('[.items[] | select(.ok) | .name]') | first | join(',') }}", "alpha,charlie"),
                Arguments.of("jq: arithmetic (the ForEach example)", "{{ fromJson(payload) | jq('.id * 2') | first }}", "14"),
                Arguments.of("jq: object construction", "{{ outputs | jq('.items[0] | {n: .name, v: (.value + 1)}') | first | toJson }}", "{\"n\":\"alpha\",\"v\":2}"),
                Arguments.of("jq: length, keys, add", "{{ outputs | jq('[(.items | length), (.task1 | keys[0]), ([.items[].value] | add)]') | first | toJson }}", "[3,\"value\",6]"),
                Arguments.of("jq: alternative and optional", "{{ outputs | jq('.missing // \"none\"') | first }}-{{ outputs | jq('.task1.value[0]?') | length }}", "none-0"),
                Arguments.of("jq: if then else", "{{ outputs | jq('.items[] | if .value > 1 then .name else empty end') | join(',') }}", "bravo,charlie"),
                Arguments.of("jq: sort_by, reverse, slices", "{{ outputs | jq('.items | sort_by(-.value) | map(.name) | .[0:2]') | first | join(',') }}", "charlie,bravo"),
                Arguments.of("jq: reduce", "{{ outputs | jq('reduce .items[] as $i (0; . + $i.value)') | first }}", "6"),
                Arguments.of("jq: variables", "{{ outputs | jq('.task1.value as $v | .items | map(select(.name == \"alpha\")) | length | tostring + \" \" + $v') | first }}", "1 from task1"),
                Arguments.of("jq: to_entries, with_entries", "{{ {'a': 1} | jq('with_entries({key: .key, value: (.value + 1)}) | to_entries[0].value') | first }}", "2"),
                Arguments.of("jq: split, join, case", "{{ 'a-b-c' | jq('split(\"-\") | map(ascii_upcase) | join(\".\")') | first }}", "A.B.C"),
                Arguments.of("jq: tojson and fromjson", "{{ payload | jq('fromjson | .tags | tojson') | first }}", "[\"a\",\"b\"]"),
                Arguments.of("jq: group_by and unique", "{{ [3, 1, 3, 2] | jq('unique, (group_by(. % 2) | length)') | toJson }}", "[[1,2,3],2]"),
                Arguments.of("jq: recursive descent", "{{ {'a': {'b': 5}, 'c': [6]} | jq('[.. | select(type == \"number\")] | add') | first }}", "11"),
                Arguments.of("jq: null input", "{{ null | jq('.a') | toJson }}", "[null]"),
                Arguments.of("jq: negative index and string slice", "{{ [1, 2, 3] | jq('.[-1], (\"abcdef\" | .[1:3])') | toJson }}", "[3,\"bc\"]"),
                Arguments.of("jq: jq's ordering of types", "{{ [{}, [], \"a\", 1, true, false, null] | jq('sort') | first | toJson }}",
                        "[null,false,true,1,\"a\",[],{}]"),
                Arguments.of("jq: // skips false and null", "{{ null | jq('(false, null, 1) // 2') | toJson }}", "[1]"),
                Arguments.of("jq: object construction multiplies outputs", "{{ null | jq('{a: (1, 2), b: 3}') | toJson }}",
                        "[{\"a\":1,\"b\":3},{\"a\":2,\"b\":3}]"),
                Arguments.of("jq: has, contains, and/or", "{{ {'a': [1, 2]} | jq('has(\"a\") and (.a | contains([2])) or false') | first }}", "true"),
                Arguments.of("jq: integer division keeps integers", "{{ 7 | jq('. / 2, . % 2, (. * 2)') | toJson }}", "[3.5,1,14]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void behavesAsKestrasJq(String docCase, String template, String expected) {
        assertThat(render(template, vars())).isEqualTo(expected);
    }

    @Test
    void errorsNameTheFilterAndQuoteNoValue() {
        Map<String, Object> vars = Map.of("secretish", Map.of("token", "hunter2-hunter2"));
        for (String template : List.of("{{ secretish | jq('.token | tonumber') }}", "{{ secretish | jq('.token[0]') }}",
                "{{ secretish | jq('.token +') }}", "{{ secretish | jq('env') }}", "{{ secretish | jq('\"\\(.token)\"') }}",
                "{{ secretish | jq(1) }}")) {
            assertThatThrownBy(() -> render(template, vars)).as(template)
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("jq").doesNotContain("hunter2");
                    });
        }
    }

    @Test
    void workAndSizeAreBounded() {
        // string doubling: refused when the value would pass the size bound, not when the heap runs out
        assertBounded(10_000, 100_000, "{{ 'a' | jq('reduce range(40) as $i (.; . + .)') }}", Map.of(), Kind.OUTPUT_TOO_LARGE);
        // a long generator: refused by the size bound as it is collected (or by the step budget)
        assertBounded(10_000, 100_000, "{{ null | jq('reduce (range(1000000) as $i | range(1000000)) as $i (0; . + 1)') }}",
                Map.of(), Kind.OUTPUT_TOO_LARGE, Kind.TOO_MUCH_WORK);
        assertBounded(10_000, 100_000, "{{ null | jq('[range(50000)]') }}", Map.of(), Kind.OUTPUT_TOO_LARGE, Kind.TOO_MUCH_WORK);
        // a huge input
        assertBounded(10_000, 100_000, "{{ big | jq('length') }}", Map.of("big", Collections.nCopies(2_000_000_000, 1)),
                Kind.OUTPUT_TOO_LARGE, Kind.TOO_MUCH_WORK);
        // nested loops that build nothing large: refused by the step budget
        assertBounded(10_000_000, 100_000, "{{ null | jq('[range(1000000) as $i | range(1000000) | select(. == $i)] | length') }}",
                Map.of(), Kind.TOO_MUCH_WORK, Kind.OUTPUT_TOO_LARGE);
        // and the same kinds of expressions within the bounds work
        RenderBudget previous = RenderBudget.enter(new RenderBudget(10_000, 100_000));
        try {
            assertThat(render("{{ null | jq('reduce range(100) as $i (0; . + $i)') | first }}", Map.of())).isEqualTo("4950");
        } finally {
            RenderBudget.exit(previous);
        }
    }

    /** Renders under a fresh budget of its own (a budget is shared by the renders made while it is current). */
    private static void assertBounded(long maxSize, long maxSteps, String template, Map<String, Object> vars, Kind... kinds) {
        RenderBudget previous = RenderBudget.enter(new RenderBudget(maxSize, maxSteps));
        try {
            assertThatThrownBy(() -> render(template, vars)).as(template)
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isIn((Object[]) kinds));
        } finally {
            RenderBudget.exit(previous);
        }
    }

    @Test
    void deepExpressionsAndInputsAreRefused() {
        assertThatThrownBy(() -> render("{{ 1 | jq('" + "(".repeat(500) + "." + ")".repeat(500) + "') }}", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        List<Object> deep = new ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 100; i++) {
            List<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        assertThatThrownBy(() -> render("{{ deep | jq('.') }}", Map.of("deep", deep)))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT));
    }
}
