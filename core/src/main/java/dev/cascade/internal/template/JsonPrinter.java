package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Prints a map, list or array as Kestra does: JSON, keys in the map's own order, strings quoted and escaped
 * as Jackson escapes them, numbers and booleans bare, null as {@code null}, any other value as its quoted
 * string form. Bounded: fails (or, on the engine's fast path, gives up) as soon as the text would exceed the
 * limit. Thread-safe (stateless); not API.
 */
final class JsonPrinter {
    private static final int MAX_DEPTH = 100;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Thrown internally when the text exceeds the limit. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    private JsonPrinter() {
    }

    /** Whether {@code {{ value }}} prints {@code value} as JSON. */
    static boolean printsAsJson(Object value) {
        return value instanceof Map<?, ?> && !(value instanceof LoopTag.Entry)
                || value instanceof Iterable<?>
                || value != null && value.getClass().isArray();
    }

    /**
     * The JSON text of {@code value}; {@link TooLarge} when it would exceed {@code maxChars}. {@code budget}
     * (may be null) is charged one step per value written.
     */
    static String toJson(Object value, long maxChars, RenderBudget budget) {
        StringBuilder sb = new StringBuilder(64);
        write(sb, value, maxChars, budget, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, long max, RenderBudget budget, int depth) {
        if (budget != null) {
            budget.step(1);
        }
        if (sb.length() > max) {
            throw new TooLarge();
        }
        if (depth > MAX_DEPTH) {
            throw new TemplateRenderException(Kind.TOO_DEEP, 0, "a value printed as JSON is nested more than "
                    + MAX_DEPTH + " levels deep (does it contain itself?)");
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
            quote(sb, v instanceof Enum<?> e ? e.name() : v.toString(), max);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte || v instanceof BigInteger || v instanceof BigDecimal) {
            sb.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                quote(sb, v.toString(), max); // Jackson's default: non-finite numbers as strings
            } else {
                sb.append(v);
            }
        } else if (v instanceof LoopTag.Entry e) {
            sb.append('{');
            quote(sb, String.valueOf(e.key), max);
            sb.append(':');
            write(sb, e.value, max, budget, depth + 1);
            sb.append('}');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()), max);
                sb.append(':');
                write(sb, e.getValue(), max, budget, depth + 1);
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o, max, budget, depth + 1);
            }
            sb.append(']');
        } else if (v.getClass().isArray()) {
            sb.append('[');
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, Array.get(v, i), max, budget, depth + 1);
            }
            sb.append(']');
        } else {
            quote(sb, v.toString(), max);
        }
        if (sb.length() > max) {
            throw new TooLarge();
        }
    }

    private static void quote(StringBuilder sb, String s, long max) {
        if (sb.length() + (long) s.length() + 2 > max) {
            throw new TooLarge();
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
