package dev.cascade.internal.template.kestra;

import io.pebbletemplates.pebble.extension.Function;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.cascade.internal.template.kestra.Calls.function;
import static dev.cascade.internal.template.kestra.Calls.invalid;

/**
 * Kestra's date and calendar functions that need no calendar data: {@code isWeekend(date)},
 * {@code dayOfWeek(date)}, {@code dayOfMonth(date)}, {@code monthOfYear(date)}, {@code hourOfDay(date)} and
 * {@code isDayWeekInMonth(date, dayOfWeek, position)}. The date is read as the date filters read it (ISO-8601,
 * an instant or epoch seconds; a value without a zone in {@code timeZone}, default UTC), and the calendar
 * fields are those of that date in its own zone. Stateless; not API.
 */
final class CalendarFunctions {
    private static final List<String> POSITIONS = List.of("FIRST", "SECOND", "THIRD", "FOURTH", "LAST");

    private CalendarFunctions() {
    }

    static void register(Map<String, Function> functions) {
        functions.put("isWeekend", function(List.of("date", "timeZone"), (args, line) -> {
            DayOfWeek d = date(args, "isWeekend", line).getDayOfWeek();
            return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
        }));
        functions.put("dayOfWeek", function(List.of("date", "timeZone"),
                (args, line) -> date(args, "dayOfWeek", line).getDayOfWeek().name()));
        functions.put("dayOfMonth", function(List.of("date", "timeZone"),
                (args, line) -> date(args, "dayOfMonth", line).getDayOfMonth()));
        functions.put("monthOfYear", function(List.of("date", "timeZone"),
                (args, line) -> date(args, "monthOfYear", line).getMonthValue()));
        functions.put("hourOfDay", function(List.of("date", "timeZone"),
                (args, line) -> date(args, "hourOfDay", line).getHour()));
        functions.put("isDayWeekInMonth", function(List.of("date", "dayOfWeek", "position", "timeZone"), (args, line) -> {
            ZonedDateTime date = date(args, "isDayWeekInMonth", line);
            DayOfWeek wanted;
            try {
                wanted = DayOfWeek.valueOf(Calls.string(args, "dayOfWeek", "isDayWeekInMonth", line).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(line, "isDayWeekInMonth needs 'dayOfWeek' as one of " + Arrays.toString(DayOfWeek.values()));
            }
            String position = Calls.string(args, "position", "isDayWeekInMonth", line).toUpperCase(Locale.ROOT);
            int index = POSITIONS.indexOf(position);
            if (index < 0) {
                throw invalid(line, "isDayWeekInMonth needs 'position' as one of " + POSITIONS);
            }
            if (date.getDayOfWeek() != wanted) {
                return false;
            }
            if (position.equals("LAST")) {
                return date.getDayOfMonth() + 7 > date.toLocalDate().lengthOfMonth();
            }
            return (date.getDayOfMonth() - 1) / 7 == index;
        }));
    }

    private static ZonedDateTime date(Map<String, Object> args, String owner, int line) {
        Object in = args.get("date");
        if (in == null) {
            throw invalid(line, owner + " needs the argument 'date'");
        }
        String tz = Calls.optionalString(args, "timeZone", owner, line, null);
        ZoneId zone;
        try {
            zone = tz == null ? java.time.ZoneOffset.UTC : ZoneId.of(tz);
        } catch (java.time.DateTimeException e) {
            throw invalid(line, owner + " got a 'timeZone' that is not a known zone id");
        }
        ZonedDateTime date = DateFilters.parse(in, zone, Map.of(), owner, line);
        return tz == null ? date : date.withZoneSameInstant(zone);
    }
}
