package dev.cascade.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one configuration value. Each method throws {@link IllegalArgumentException} whose message is the
 * reason, worded to follow {@code "<property> was '<value>' but it "} (see {@link ConfigProblems}); it never
 * repeats the value. Stateless and thread-safe.
 *
 * <ul>
 *   <li><b>Durations</b>: a non-negative number (decimals allowed) and a unit, {@code ns}, {@code us},
 *   {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, in any case and optionally separated by spaces
 *   ({@code 500ms}, {@code 10S}, {@code 1.5h}); or ISO-8601 ({@code PT10S}, {@code pt0.5s}, {@code P1D}).
 *   A bare number is refused: say which unit.</li>
 *   <li><b>Sizes</b> in bytes: a whole number, optionally with {@code B}, {@code KB}, {@code MB}, {@code GB} or
 *   {@code TB} (binary multiples: 1 KB is 1,024 bytes; {@code KiB}, {@code MiB}… are accepted too), any case.</li>
 *   <li><b>Booleans</b>: {@code true} or {@code false}, any case.</li>
 *   <li><b>Whole numbers</b>: decimal, optionally signed; {@code _} may separate digits ({@code 10_000}).</li>
 *   <li><b>Lists</b>: comma-separated, each item stripped, empty items dropped.</li>
 * </ul>
 */
public final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+(?:_\\d+)*");
    private static final String DURATION_EXAMPLES = "is not a duration such as 500ms, 10s, 5m, 1h or PT10S";

    private ConfigValues() {
    }

    public static Duration duration(String value) {
        String v = stripped(value).toLowerCase(Locale.ROOT);
        if (v.startsWith("p") || v.startsWith("-p") || v.startsWith("+p")) {
            Duration d;
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(DURATION_EXAMPLES);
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            if (WHOLE.matcher(v).matches()) {
                throw new IllegalArgumentException("has no unit (write 500ms, 10s, 5m, 1h or PT10S)");
            }
            throw new IllegalArgumentException(DURATION_EXAMPLES);
        }
        long nanosPerUnit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException("has an unknown unit '" + m.group(2)
                    + "' (units: ns, us, ms, s, m, h, d)");
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("is too long (at most about 292 years)");
        }
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("is finer than a nanosecond");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    public static long size(String value) {
        String v = stripped(value).toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size such as 512, 64KB, 10MB or 1GiB");
        }
        int shift = switch (m.group(2)) {
            case "", "b" -> 0;
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            case "g", "gb", "gib" -> 30;
            case "t", "tb", "tib" -> 40;
            default -> throw new IllegalArgumentException("has an unknown unit '" + m.group(2)
                    + "' (units: B, KB, MB, GB, TB)");
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("is too large");
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large");
        }
    }

    public static boolean bool(String value) {
        String v = stripped(value);
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false");
    }

    public static long whole(String value) {
        String v = stripped(value);
        if (!WHOLE.matcher(v).matches()) {
            throw new IllegalArgumentException("is not a whole number");
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large");
        }
    }

    /** A whole number that must fit between {@code min} and {@code max} (both included). */
    public static int integer(String value, int min, int max) {
        long n = whole(value);
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return (int) n;
    }

    public static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : (value == null ? "" : value).split(",", -1)) {
            String s = item.strip();
            if (!s.isEmpty()) {
                items.add(s);
            }
        }
        return List.copyOf(items);
    }

    private static String stripped(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        return value.strip();
    }
}
