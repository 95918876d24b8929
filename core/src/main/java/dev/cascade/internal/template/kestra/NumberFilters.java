package dev.cascade.internal.template.kestra;

import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.core.NumberFormatFilter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.cascade.internal.template.kestra.Calls.budget;
import static dev.cascade.internal.template.kestra.Calls.filter;
import static dev.cascade.internal.template.kestra.Calls.invalid;
import static dev.cascade.internal.template.kestra.Calls.typeOf;

/**
 * Kestra's {@code number} filter (a string to the narrowest fitting number, or to a named type) and
 * {@code numberFormat}, the camel-case name of Pebble's {@code numberformat}. Stateless; not API.
 */
final class NumberFilters {
    /** Longest string {@code number} parses: BigInteger/BigDecimal parsing is not linear. */
    static final int MAX_DIGITS = 1000;

    private NumberFilters() {
    }

    static void register(Map<String, Filter> filters) {
        filters.put("number", filter(List.of("type"), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            if (!(in instanceof String s)) {
                throw invalid(line, "number can only be applied to a string; got " + typeOf(in));
            }
            if (s.length() > MAX_DIGITS) {
                throw invalid(line, "number got a string longer than " + MAX_DIGITS + " characters");
            }
            Object type = args.get("type");
            String t = type instanceof String ts ? ts.toUpperCase(Locale.ROOT) : "";
            try {
                return switch (t) {
                    case "INT" -> Integer.valueOf(s.trim());
                    case "LONG" -> Long.valueOf(s.trim());
                    case "FLOAT" -> Float.valueOf(s);
                    case "DOUBLE" -> Double.valueOf(s);
                    case "BIGDECIMAL" -> new BigDecimal(s.trim());
                    case "BIGINTEGER" -> new BigInteger(s.trim());
                    default -> infer(s.trim());
                };
            } catch (NumberFormatException e) {
                throw invalid(line, "number could not read its input as " + (t.isEmpty() ? "a number" : "a " + t));
            }
        }));
        NumberFormatFilter pebble = new NumberFormatFilter();
        filters.put("numberFormat", new Filter() {
            @Override
            public List<String> getArgumentNames() {
                return pebble.getArgumentNames();
            }

            @Override
            public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                                int line) {
                Object format = args.get("format");
                budget().step(1);
                budget().checkSize((format instanceof String f ? f.length() * 4L : 0) + 400);
                return pebble.apply(input, args, self, context, line);
            }
        });
    }

    /**
     * The narrowest number that holds {@code s}, as Kestra infers it: integers as Integer, Long or BigInteger;
     * decimals with at most 7 fraction digits as Float, at most 16 as Double, otherwise BigDecimal; a trailing
     * L, F or D forces Long, Float or Double; 0x prefixes hexadecimal (where F and D are digits).
     */
    static Number infer(String s) {
        if (s.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        boolean negative = s.startsWith("-");
        String unsigned = negative || s.startsWith("+") ? s.substring(1) : s;
        if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
            BigInteger b = new BigInteger(unsigned.substring(2), 16);
            return narrow(negative ? b.negate() : b);
        }
        char last = s.charAt(s.length() - 1);
        String body = s.substring(0, s.length() - 1);
        switch (last) {
            case 'l', 'L' -> {
                BigInteger b = new BigInteger(body);
                return b.bitLength() < 64 ? (Number) b.longValue() : b;
            }
            case 'f', 'F' -> {
                return Float.valueOf(body);
            }
            case 'd', 'D' -> {
                return Double.valueOf(body);
            }
            default -> {
            }
        }
        int dot = s.indexOf('.');
        int exp = Math.max(s.indexOf('e'), s.indexOf('E'));
        if (dot < 0 && exp < 0) {
            return narrow(new BigInteger(s));
        }
        int decimals = dot < 0 ? 0 : (exp > dot ? exp : s.length()) - dot - 1;
        boolean allZeros = new BigDecimal(s).signum() == 0;
        if (decimals <= 7) {
            Float f = Float.valueOf(s);
            if (!(f.isInfinite() || (f == 0.0f && !allZeros))) {
                return f;
            }
        }
        if (decimals <= 16) {
            Double d = Double.valueOf(s);
            if (!(d.isInfinite() || (d == 0.0d && !allZeros))) {
                return d;
            }
        }
        return new BigDecimal(s);
    }

    private static Number narrow(BigInteger b) {
        if (b.bitLength() < 32) {
            return b.intValue();
        }
        if (b.bitLength() < 64) {
            return b.longValue();
        }
        return b;
    }
}
