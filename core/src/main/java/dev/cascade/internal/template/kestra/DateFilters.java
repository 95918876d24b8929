package dev.cascade.internal.template.kestra;

import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.cascade.internal.template.kestra.Calls.budget;
import static dev.cascade.internal.template.kestra.Calls.filter;
import static dev.cascade.internal.template.kestra.Calls.function;
import static dev.cascade.internal.template.kestra.Calls.invalid;
import static dev.cascade.internal.template.kestra.Calls.typeOf;

/**
 * Kestra's date filters and functions: {@code date}, {@code dateAdd}, {@code timestamp},
 * {@code timestampMilli}, {@code timestampMicro}, {@code timestampNano} and {@code now()}. Inputs are ISO-8601
 * strings (with an offset or zone, a local date-time or a date), strings in an {@code existingFormat}, instants,
 * {@code java.time} and {@code java.util.Date} values, and epoch seconds as numbers. A value without a zone is
 * read in {@code timeZone}, default UTC (Kestra uses the server's zone; a library must not depend on the
 * host's). The output is formatted in {@code timeZone} (default UTC) with {@code format} (default {@code iso}:
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX}), one of Kestra's named formats or a {@link DateTimeFormatter}
 * pattern. Thread-safe; not API.
 */
final class DateFilters {
    private static final Map<String, DateTimeFormatter> NAMED = Map.ofEntries(
            Map.entry("iso", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")),
            Map.entry("iso_sec", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")),
            Map.entry("sql", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")),
            Map.entry("sql_seq", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")),
            Map.entry("iso_date_time", DateTimeFormatter.ISO_DATE_TIME),
            Map.entry("iso_date", DateTimeFormatter.ISO_DATE),
            Map.entry("iso_time", DateTimeFormatter.ISO_TIME),
            Map.entry("iso_local_date", DateTimeFormatter.ISO_LOCAL_DATE),
            Map.entry("iso_instant", DateTimeFormatter.ISO_INSTANT),
            Map.entry("iso_local_date_time", DateTimeFormatter.ISO_LOCAL_DATE_TIME),
            Map.entry("iso_local_time", DateTimeFormatter.ISO_LOCAL_TIME),
            Map.entry("iso_offset_time", DateTimeFormatter.ISO_OFFSET_TIME),
            Map.entry("iso_offset_date_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME),
            Map.entry("iso_ordinal_date", DateTimeFormatter.ISO_ORDINAL_DATE),
            Map.entry("iso_week_date", DateTimeFormatter.ISO_WEEK_DATE),
            Map.entry("iso_zoned_date_time", DateTimeFormatter.ISO_ZONED_DATE_TIME),
            Map.entry("rfc_1123_date_time", DateTimeFormatter.RFC_1123_DATE_TIME));
    private static final Map<String, FormatStyle> STYLES = Map.of("full", FormatStyle.FULL, "long", FormatStyle.LONG,
            "medium", FormatStyle.MEDIUM, "short", FormatStyle.SHORT);
    private static final List<String> FORMAT_ARGS = List.of("format", "timeZone", "existingFormat", "locale");
    /** The names dateAdd accepts (in any case), as they must be written. */
    private static final String UNITS = Arrays.stream(ChronoUnit.values()).filter(u -> u != ChronoUnit.FOREVER)
            .map(Enum::name).toList().toString();
    /** Longest pattern or input string a date filter accepts. */
    private static final int MAX_TEXT = 256;

    private DateFilters() {
    }

    static void register(Map<String, Filter> filters, Map<String, Function> functions, Clock clock) {
        filters.put("date", filter(FORMAT_ARGS, (in, args, line) -> {
            if (in == null) {
                return null;
            }
            ZoneId zone = zone(args, "date", line);
            return format(parse(in, zone, args, "date", line), zone, args, "date", line);
        }));
        filters.put("dateAdd", filter(List.of("amount", "unit", "format", "timeZone", "existingFormat", "locale"),
                (in, args, line) -> {
                    if (in == null) {
                        return null;
                    }
                    long amount = Calls.integer(args, "amount", "dateAdd", line);
                    ChronoUnit unit = unit(args.get("unit"), line);
                    ZoneId zone = zone(args, "dateAdd", line);
                    ZonedDateTime date = parse(in, zone, args, "dateAdd", line);
                    ZonedDateTime moved;
                    try {
                        moved = date.plus(amount, unit);
                    } catch (DateTimeException | ArithmeticException e) {
                        throw invalid(line, "dateAdd moved the date outside the supported range, or cannot add "
                                + unit.name() + " to a date-time");
                    }
                    return format(moved, zone, args, "dateAdd", line);
                }));
        List<String> parseArgs = List.of("timeZone", "existingFormat");
        filters.put("timestamp", filter(parseArgs, (in, args, line) -> in == null ? null
                : parse(in, zone(args, "timestamp", line), args, "timestamp", line).toEpochSecond()));
        filters.put("timestampMilli", filter(parseArgs, (in, args, line) -> in == null ? null
                : epoch(parse(in, zone(args, "timestampMilli", line), args, "timestampMilli", line), 1_000L, line)));
        filters.put("timestampMicro", filter(parseArgs, (in, args, line) -> in == null ? null
                : epoch(parse(in, zone(args, "timestampMicro", line), args, "timestampMicro", line), 1_000_000L, line)));
        filters.put("timestampNano", filter(parseArgs, (in, args, line) -> in == null ? null
                : epoch(parse(in, zone(args, "timestampNano", line), args, "timestampNano", line), 1_000_000_000L, line)));
        CalendarFunctions.register(functions);
        functions.put("now", function(List.of("format", "timeZone", "locale"), (args, line) -> {
            ZoneId zone = zone(args, "now", line);
            return format(ZonedDateTime.now(clock.withZone(zone)), zone, args, "now", line);
        }));
    }

    private static long epoch(ZonedDateTime date, long perSecond, int line) {
        try {
            return Math.addExact(Math.multiplyExact(date.toEpochSecond(), perSecond),
                    date.getNano() / (1_000_000_000L / perSecond));
        } catch (ArithmeticException e) {
            throw invalid(line, "the date is too far from 1970 to be counted at that precision in a 64-bit number");
        }
    }

    private static ChronoUnit unit(Object unit, int line) {
        if (unit instanceof String u) {
            try {
                ChronoUnit c = ChronoUnit.valueOf(u.toUpperCase(Locale.ROOT));
                if (c != ChronoUnit.FOREVER) {
                    return c;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw invalid(line, "dateAdd needs the argument 'unit' as one of " + UNITS);
    }

    private static ZoneId zone(Map<String, Object> args, String owner, int line) {
        String tz = Calls.optionalString(args, "timeZone", owner, line, null);
        if (tz == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw invalid(line, owner + " got a 'timeZone' that is not a known zone id (such as 'UTC' or 'Europe/Paris')");
        }
    }

    private static DateTimeFormatter formatter(String format, String what, String owner, int line) {
        if (format.length() > MAX_TEXT) {
            throw invalid(line, owner + " got a '" + what + "' longer than " + MAX_TEXT + " characters");
        }
        FormatStyle style = STYLES.get(format);
        if (style != null) {
            return DateTimeFormatter.ofLocalizedDateTime(style);
        }
        DateTimeFormatter named = NAMED.get(format);
        if (named != null) {
            return named;
        }
        try {
            return DateTimeFormatter.ofPattern(format);
        } catch (IllegalArgumentException e) {
            throw invalid(line, owner + " got a '" + what + "' that is neither a named format (iso, iso_sec, sql, "
                    + "iso_date, …) nor a valid date-time pattern");
        }
    }

    static ZonedDateTime parse(Object in, ZoneId zone, Map<String, Object> args, String owner, int line) {
        if (in instanceof ZonedDateTime z) {
            return z;
        }
        if (in instanceof OffsetDateTime o) {
            return o.toZonedDateTime();
        }
        if (in instanceof Instant i) {
            return i.atZone(zone);
        }
        if (in instanceof Date d) {
            return d.toInstant().atZone(zone);
        }
        if (in instanceof LocalDateTime l) {
            return l.atZone(zone);
        }
        if (in instanceof LocalDate d) {
            return ZonedDateTime.of(d, LocalTime.NOON, zone);
        }
        if (in instanceof Number n) {
            return epochSeconds(n, zone, owner, line);
        }
        if (!(in instanceof String s)) {
            throw invalid(line, owner + " needs a date: an ISO-8601 string, an instant or epoch seconds; got " + typeOf(in));
        }
        if (s.length() > MAX_TEXT) {
            throw invalid(line, owner + " got a string longer than " + MAX_TEXT + " characters as a date");
        }
        String existing = Calls.optionalString(args, "existingFormat", owner, line, null);
        DateTimeFormatter f = existing == null ? null : formatter(existing, "existingFormat", owner, line);
        try {
            // one parse for the three shapes Kestra tries in turn: zoned, local date-time, date
            TemporalAccessor parsed = s.indexOf('T') < 0 && f == null ? LocalDate.parse(s)
                    : (f == null ? DateTimeFormatter.ISO_DATE_TIME : f).parseBest(s, ZonedDateTime::from,
                    LocalDateTime::from, LocalDate::from);
            if (parsed instanceof ZonedDateTime z) {
                return z;
            }
            if (parsed instanceof LocalDateTime l) {
                return l.atZone(zone);
            }
            return ((LocalDate) parsed).atStartOfDay(zone);
        } catch (DateTimeParseException e) {
            throw invalid(line, owner + " could not read its input as a date" + (f == null
                    ? " (expected ISO-8601, such as 2024-01-31T10:15:30+01:00, 2024-01-31T10:15:30 or 2024-01-31; "
                    + "give existingFormat for other layouts)" : " in the given existingFormat"));
        }
    }

    private static ZonedDateTime epochSeconds(Number n, ZoneId zone, String owner, int line) {
        try {
            Long whole = Calls.asLong(n);
            if (whole != null) {
                return Instant.ofEpochSecond(whole).atZone(zone);
            }
            BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
            long seconds = d.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            long nanos = d.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(seconds, nanos).atZone(zone);
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw invalid(line, owner + " got a number of epoch seconds outside the supported range");
        }
    }

    private static String format(ZonedDateTime date, ZoneId zone, Map<String, Object> args, String owner, int line) {
        String format = Calls.optionalString(args, "format", owner, line, "iso");
        String localeTag = Calls.optionalString(args, "locale", owner, line, null);
        Locale locale = localeTag == null ? Locale.ENGLISH : Locale.forLanguageTag(localeTag.replace('_', '-'));
        DateTimeFormatter f = formatter(format, "format", owner, line).withLocale(locale).withZone(zone);
        budget().checkSize(format.length() * 16L + 64);
        try {
            return f.format(date);
        } catch (DateTimeException e) {
            throw invalid(line, owner + " cannot print this date with the given format");
        }
    }
}
