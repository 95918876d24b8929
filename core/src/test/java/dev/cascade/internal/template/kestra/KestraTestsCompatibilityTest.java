package dev.cascade.internal.template.kestra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kestra's tests (kestra.io/docs/expressions/tests): its own {@code json} test, and Pebble's tests as Kestra
 * documents them (defined, empty, even, odd, iterable, map, null).
 */
class KestraTestsCompatibilityTest {
    private final KestraTemplates t = new KestraTemplates();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{% if '{\"a\": 1}' is json %}yes{% else %}no{% endif %}|yes",
            "{% if '[1, 2]' is json %}yes{% else %}no{% endif %}|yes",
            "{% if '{a: 1' is json %}yes{% else %}no{% endif %}|no",
            "{% if 'plain text' is json %}yes{% else %}no{% endif %}|no",
            "{% if 42 is json %}yes{% else %}no{% endif %}|no",
            "{% if payload is json %}{{ fromJson(payload).id }}{% endif %}|7",
            "{% if missing is defined %}yes{% else %}no{% endif %}|no",
            "{% if [] is empty %}yes{% else %}no{% endif %}|yes",
            "{% if 2 is even %}yes{% else %}no{% endif %}|yes",
            "{% if 3 is odd %}yes{% else %}no{% endif %}|yes",
            "{% if [1] is iterable %}yes{% else %}no{% endif %}|yes",
            "{% if {'a': 1} is map %}yes{% else %}no{% endif %}|yes",
            "{% if null is null %}yes{% else %}no{% endif %}|yes",
            "{% if 'x' is not json %}yes{% else %}no{% endif %}|yes",
    })
    void testsBehaveAsDocumented(String template, String expected) {
        assertThat(t.render(template, Map.of("payload", "{\"id\": 7}"))).isEqualTo(expected);
    }
}
