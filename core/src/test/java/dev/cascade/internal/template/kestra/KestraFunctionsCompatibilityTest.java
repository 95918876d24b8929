package dev.cascade.internal.template.kestra;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kestra's functions, and its date filters (which share their date rules), as its documentation describes
 * them. Each case names the page (under kestra.io/docs/expressions/…) or Kestra's observed behaviour.
 */
class KestraFunctionsCompatibilityTest {
    private final KestraTemplates t = new KestraTemplates();

    static Stream<Arguments> documented() {
        return Stream.of(
                // functions/data: fromJson, yaml
                Arguments.of("functions: fromJson then index", "{{ fromJson('[1, 2, 3]')[0] }}", "1"),
                Arguments.of("functions: fromJson then attribute", "{{ fromJson('{\"foo\": [666, 1, 2]}').foo[0] }}", "666"),
                Arguments.of("functions: json is the deprecated name of fromJson", "{{ json('{\"a\": \"b\"}').a }}", "b"),
                Arguments.of("functions: fromJson keeps types", "{{ fromJson('{\"n\": 1.5, \"b\": true, \"s\": \"x\"}') | toJson }}", "{\"n\":1.5,\"b\":true,\"s\":\"x\"}"),
                Arguments.of("functions: fromJson(null) is null", "{{ fromJson(null) is null }}", "true"),
                Arguments.of("functions: yaml then index", "{{ yaml('foo: [666, 1, 2]').foo[0] }}", "666"),
                Arguments.of("functions: yaml of a document", "{{ yaml('a:\n  b: [x, y]\n').a.b | join('-') }}", "x-y"),
                // filters/dates: date on ISO-8601 strings (Kestra's DateFilterTest)
                Arguments.of("dates: an offset date-time shown in a zone", "{{ \"2013-09-08T17:19:12+02:00\" | date(timeZone=\"Europe/Paris\") }}", "2013-09-08T17:19:12.000000+02:00"),
                Arguments.of("dates: a local date-time read in the zone", "{{ \"2013-09-08T17:19:12\" | date(timeZone=\"Europe/Paris\") }}", "2013-09-08T17:19:12.000000+02:00"),
                Arguments.of("dates: a date is the start of its day", "{{ \"2013-09-08\" | date(timeZone=\"Europe/Paris\") }}", "2013-09-08T00:00:00.000000+02:00"),
                Arguments.of("dates: existingFormat", "{{ \"July 24, 2001\" | date(\"yyyy-MM-dd\", existingFormat=\"MMMM dd, yyyy\") }}", "2001-07-24"),
                Arguments.of("dates: named existingFormat rfc_1123", "{{ 'Tue, 08 Feb 2022 19:38:26 GMT' | date(existingFormat='rfc_1123_date_time', timeZone=\"Europe/Paris\") }}", "2022-02-08T20:38:26.000000+01:00"),
                Arguments.of("dates: iso_sec", "{{ \"2013-09-08T16:19:12.123456+01:00\" | date(format=\"iso_sec\", timeZone=\"Europe/Paris\") }}", "2013-09-08T17:19:12+02:00"),
                Arguments.of("dates: iso keeps microseconds", "{{ \"2013-09-08T16:19:12.123456+01:00\" | date(format=\"iso\", timeZone=\"Europe/Paris\") }}", "2013-09-08T17:19:12.123456+02:00"),
                Arguments.of("dates: default zone is UTC", "{{ \"2013-09-08T16:19:12+01:00\" | date }}", "2013-09-08T15:19:12.000000Z"),
                Arguments.of("dates: a pattern in another zone", "{{ \"2024-01-01T00:00:00Z\" | date(\"yyyy-MM-dd HH:mm\", timeZone=\"America/New_York\") }}", "2023-12-31 19:00"),
                Arguments.of("dates: a zone id in the input", "{{ \"2024-07-01T10:00:00+02:00[Europe/Paris]\" | date(\"HH:mm XXX\", timeZone=\"Asia/Tokyo\") }}", "17:00 +09:00"),
                Arguments.of("dates: epoch seconds", "{{ 1378653552 | date(timeZone='Europe/Paris') }}", "2013-09-08T17:19:12.000000+02:00"),
                Arguments.of("dates: a locale", "{{ \"2024-02-01\" | date(\"EEEE d MMMM\", locale='fr') }}", "jeudi 1 février"),
                Arguments.of("dates: sql", "{{ \"2024-02-01T03:04:05.6Z\" | date('sql') }}", "2024-02-01 03:04:05.600000"),
                // filters/dates: timestamps
                Arguments.of("dates: timestamp is epoch seconds", "{{ \"2013-09-08T16:19:12.123456+01:00\" | timestamp(timeZone=\"Europe/Paris\") }}", "1378653552"),
                Arguments.of("dates: timestampMilli", "{{ \"2013-09-08T16:19:12.123456+01:00\" | timestampMilli }}", "1378653552123"),
                Arguments.of("dates: timestampMicro is microseconds", "{{ \"2013-09-08T16:19:12.123456+01:00\" | timestampMicro }}", "1378653552123456"),
                Arguments.of("dates: timestampNano", "{{ \"2013-09-08T16:19:12.123456+01:00\" | timestampNano }}", "1378653552123456000"),
                Arguments.of("dates: timestamp of a date-only string", "{{ \"1970-01-02\" | timestamp }}", "86400"),
                Arguments.of("dates: timestamps compare", "{{ ('2024-01-02' | timestamp) > ('2024-01-02' | dateAdd(-1, 'DAYS') | timestamp) }}", "true"),
                // filters/dates: dateAdd, across DST (Europe/Paris moves to +02:00 on 2024-03-31, back on 2024-10-27)
                Arguments.of("dates: dateAdd DAYS keeps the wall-clock time across DST", "{{ \"2024-03-30T12:00:00\" | dateAdd(1, 'DAYS', timeZone='Europe/Paris') }}", "2024-03-31T12:00:00.000000+02:00"),
                Arguments.of("dates: dateAdd HOURS is elapsed time across DST", "{{ \"2024-03-30T12:00:00\" | dateAdd(24, 'HOURS', timeZone='Europe/Paris') }}", "2024-03-31T13:00:00.000000+02:00"),
                Arguments.of("dates: dateAdd DAYS across the autumn change", "{{ \"2024-10-26T12:00:00\" | dateAdd(1, 'DAYS', timeZone='Europe/Paris') }}", "2024-10-27T12:00:00.000000+01:00"),
                Arguments.of("dates: dateAdd MONTHS clamps to the month's end", "{{ \"2024-01-31\" | dateAdd(1, 'MONTHS', format='iso_local_date') }}", "2024-02-29"),
                Arguments.of("dates: dateAdd negative", "{{ \"2024-01-01T00:30:00Z\" | dateAdd(-1, 'HOURS', format='iso_instant') }}", "2023-12-31T23:30:00Z"),
                Arguments.of("dates: dateAdd on epoch seconds", "{{ 0 | dateAdd(1, 'DAYS', format='iso_sec') }}", "1970-01-02T00:00:00Z"),
                Arguments.of("dates: dateAdd unit in lower case", "{{ '2024-01-01' | dateAdd(2, 'weeks', format='iso_local_date') }}", "2024-01-15"),
                // functions/dates: calendar functions
                Arguments.of("functions/dates: isWeekend on a Saturday", "{{ isWeekend('2024-01-06') }}", "true"),
                Arguments.of("functions/dates: isWeekend on a Monday", "{{ isWeekend('2024-01-08T10:00:00Z') }}", "false"),
                Arguments.of("functions/dates: isWeekend in another zone", "{{ isWeekend('2024-01-05T23:30:00Z', timeZone='Asia/Tokyo') }}", "true"),
                Arguments.of("functions/dates: dayOfWeek", "{{ dayOfWeek('2024-01-01') }}", "MONDAY"),
                Arguments.of("functions/dates: dayOfMonth", "{{ dayOfMonth('2024-02-29T10:00:00+01:00') }}", "29"),
                Arguments.of("functions/dates: monthOfYear", "{{ monthOfYear('2024-12-31') }}", "12"),
                Arguments.of("functions/dates: hourOfDay", "{{ hourOfDay('2024-01-01T13:45:00Z') }}", "13"),
                Arguments.of("functions/dates: hourOfDay in a zone", "{{ hourOfDay('2024-07-01T13:45:00Z', timeZone='Europe/Paris') }}", "15"),
                Arguments.of("functions/dates: first Monday", "{{ isDayWeekInMonth('2024-01-01', 'MONDAY', 'FIRST') }}", "true"),
                Arguments.of("functions/dates: second Monday", "{{ isDayWeekInMonth('2024-01-08', 'MONDAY', 'SECOND') }}", "true"),
                Arguments.of("functions/dates: last Monday", "{{ isDayWeekInMonth('2024-01-29', 'MONDAY', 'LAST') }}", "true"),
                Arguments.of("functions/dates: not the last Monday", "{{ isDayWeekInMonth('2024-01-22', 'MONDAY', 'LAST') }}", "false"),
                Arguments.of("functions/dates: another weekday", "{{ isDayWeekInMonth('2024-01-02', 'MONDAY', 'FIRST') }}", "false"),
                // functions/utilities: randomInt bounds
                Arguments.of("utilities: randomInt with equal bounds", "{{ randomInt(5, 5) }}", "5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void rendersAsKestraDocuments(String docCase, String template, String expected) {
        assertThat(t.render(template)).isEqualTo(expected);
    }

    @Test
    void nowIsTheCurrentTimeFormattedInTheZone() {
        // functions/utilities: now() accepts timeZone and format; without format it is Kestra's iso format
        Instant before = Instant.now().minusSeconds(1);
        String now = t.render("{{ now() }}");
        Instant after = Instant.now().plusSeconds(1);
        Instant parsed = OffsetDateTime.parse(now).toInstant();
        assertThat(parsed).isBetween(before, after);
        assertThat(now).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

        Clock fixed = Clock.fixed(Instant.parse("2024-03-31T00:30:00Z"), ZoneOffset.UTC);
        assertThat(KestraTemplates.renderAt(fixed, "{{ now() }}")).isEqualTo("2024-03-31T00:30:00.000000Z");
        assertThat(KestraTemplates.renderAt(fixed, "{{ now(timeZone='Europe/Lisbon') }}")).isEqualTo("2024-03-31T00:30:00.000000Z");
        assertThat(KestraTemplates.renderAt(fixed, "{{ now(timeZone='Europe/Paris', format='iso_sec') }}"))
                .isEqualTo("2024-03-31T01:30:00+01:00");
        assertThat(KestraTemplates.renderAt(fixed, "{{ now(format='iso_local_date', timeZone='Pacific/Auckland') }}"))
                .isEqualTo("2024-03-31");
        assertThat(KestraTemplates.renderAt(fixed, "{{ now() | dateAdd(2, 'HOURS', timeZone='Europe/Paris') }}"))
                .isEqualTo("2024-03-31T04:30:00.000000+02:00"); // 00:30Z + 2 h = 02:30Z, after Paris moved to +02:00
    }

    @Test
    void identifiersHaveKestrasShapesAndDiffer() {
        // functions/utilities: uuid(), id(), nanoId(), randomInt()
        String uuid = t.render("{{ uuid() }}");
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(t.render("{{ uuid() }}")).isNotEqualTo(uuid);
        String id = t.render("{{ id() }}");
        assertThat(id).matches("[0-9A-Za-z]{1,22}");
        assertThat(t.render("{{ id() }}")).isNotEqualTo(id);
        assertThat(t.render("{{ nanoId() }}")).matches("[A-Za-z0-9_-]{21}");
        String ksuid = t.render("{{ ksuid() }}");
        assertThat(ksuid).matches("[0-9A-Za-z]{27}").isNotEqualTo(t.render("{{ ksuid() }}"));
        // K-sortable: an id made a second later sorts after, whatever its random part
        long now = System.currentTimeMillis() / 1000;
        assertThat(IdFunctions.ksuid(now + 1)).isGreaterThan(IdFunctions.ksuid(now));
        assertThat(IdFunctions.ksuid(1_400_000_000L)).startsWith("00000"); // 128 random bits take at most 22 base-62 digits
        assertThat(t.render("{{ nanoId(length=10, alphabet='ab') }}")).matches("[ab]{10}");

        String many = t.render("{% for i in range(1, 300) %}{{ randomInt(1, 10) }},{% endfor %}");
        Set<String> seen = new HashSet<>();
        for (String v : many.split(",")) {
            int n = Integer.parseInt(v);
            assertThat(n).isBetween(1, 9); // upper bound excluded
            seen.add(v);
        }
        assertThat(seen).hasSizeGreaterThan(3);
    }

    @Test
    void badArgumentsAreInvalidArgumentsThatQuoteNoValue() {
        String[][] cases = {
                {"{{ fromJson(secret('TOKEN')) }}", "fromJson"},
                {"{{ fromJson(1) }}", "fromJson"},
                {"{{ yaml(secret('TOKEN') ~ ': [') }}", "yaml"},
                {"{{ randomInt(10, 1) }}", "randomInt"},
                {"{{ randomInt('a', 1) }}", "randomInt"},
                {"{{ nanoId(length=100000) }}", "nanoId"},
                {"{{ now(timeZone='Nowhere/Land') }}", "now"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> t.render(c[0])).as(c[0])
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains(c[1]).doesNotContain("s3cr3t");
                    });
        }
    }

    @Test
    void parsingIsBoundedBySizeDepthAndAliases() {
        String deep = "[".repeat(500) + "]".repeat(500);
        assertThatThrownBy(() -> t.render("{{ fromJson(v) }}", Map.of("v", deep)))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        assertThatThrownBy(() -> KestraTemplates.renderBounded("{{ yaml(v) | length }}", Map.of("v", bomb), 10_000, 1_000_000))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> KestraTemplates.renderBounded("{{ fromJson(v) }}", Map.of("v", "[" + "1,".repeat(2000) + "1]"), 1_000, 1_000_000))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE));
    }
}
