package dev.cascade.internal.template.kestra;

import io.pebbletemplates.pebble.extension.Filter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.cascade.internal.template.kestra.Calls.budget;
import static dev.cascade.internal.template.kestra.Calls.filter;
import static dev.cascade.internal.template.kestra.Calls.invalid;
import static dev.cascade.internal.template.kestra.Calls.typeOf;

/**
 * Kestra's string filters: the four {@code substring…} filters, {@code startsWith}, {@code endsWith},
 * {@code slugify}, {@code urldecode}, {@code escapeChar}, {@code indent}, {@code nindent} and the
 * {@code md5}/{@code sha1}/{@code sha512} digests. All literal (no regular expression), linear in their input,
 * and size-checked before they build a longer string. Stateless; not API.
 */
final class StringFilters {
    private StringFilters() {
    }

    static void register(Map<String, Filter> filters) {
        // Apache Commons' StringUtils semantics, as Kestra's: an empty separator is found at the start (and, for
        // the "Last" forms, at the end) of the input, a missing one keeps the input before it and nothing after it
        filters.put("substringBefore", substring("substringBefore", false, false));
        filters.put("substringAfter", substring("substringAfter", true, false));
        filters.put("substringBeforeLast", substring("substringBeforeLast", false, true));
        filters.put("substringAfterLast", substring("substringAfterLast", true, true));
        filters.put("startsWith", filter(List.of("value"), (in, args, line) -> {
            if (in == null) {
                return false;
            }
            String prefix = text(required(args, "value", "startsWith", line), line);
            return text(in, line).startsWith(prefix);
        }));
        filters.put("endsWith", filter(List.of("value"), (in, args, line) -> {
            if (in == null) {
                return false;
            }
            String suffix = text(required(args, "value", "endsWith", line), line);
            return text(in, line).endsWith(suffix);
        }));
        filters.put("slugify", filter(List.of(), (in, args, line) -> in == null ? null : slugify(text(in, line))));
        filters.put("urldecode", filter(List.of(), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            String s = text(in, line);
            budget().step(s.length());
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid(line, "urldecode got a malformed percent-encoded string");
            }
        }));
        filters.put("escapeChar", filter(List.of("type"), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            Object type = args.get("type");
            String[] rule = type instanceof String t ? switch (t.toLowerCase(Locale.ROOT)) {
                case "single" -> new String[] {"'", "\\'"};
                case "double" -> new String[] {"\"", "\\\""};
                case "shell" -> new String[] {"'", "'\\''"};
                default -> null;
            } : null;
            if (rule == null) {
                throw invalid(line, "escapeChar needs the argument 'type': 'single', 'double' or 'shell'");
            }
            return escapeDeep(in, rule[0].charAt(0), rule[1], line, 0);
        }));
        filters.put("indent", filter(List.of("amount", "prefix"), (in, args, line) -> indent(in, args, line, false)));
        filters.put("nindent", filter(List.of("amount", "prefix"), (in, args, line) -> indent(in, args, line, true)));
        filters.put("replace", ReplaceFilter.create());
        filters.put("md5", digest("MD5"));
        filters.put("sha1", digest("SHA-1"));
        filters.put("sha512", digest("SHA-512"));
    }

    private static Filter substring(String name, boolean after, boolean last) {
        return filter(List.of("separator"), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            String s = text(in, line);
            String sep = separator(args, name, line);
            budget().step(s.length());
            int i = last ? s.lastIndexOf(sep) : s.indexOf(sep);
            if (i < 0) {
                return after ? "" : s;
            }
            return after ? s.substring(i + sep.length()) : s.substring(0, i);
        });
    }

    /** A scalar as text: strings as themselves, numbers and booleans as printed; maps and lists as JSON. */
    static String text(Object in, int line) {
        if (in instanceof String s) {
            return s;
        }
        if (in instanceof Map || in instanceof List) {
            return JsonFilters.toJson(in, false, line);
        }
        return String.valueOf(in);
    }

    private static Object required(Map<String, Object> args, String name, String owner, int line) {
        Object v = args.get(name);
        if (v == null) {
            throw invalid(line, owner + " needs the argument '" + name + "'");
        }
        return v;
    }

    private static String separator(Map<String, Object> args, String owner, int line) {
        Object v = args.get("separator");
        if (!(v instanceof String s)) {
            throw invalid(line, owner + " needs the argument 'separator' as a string; got " + typeOf(v));
        }
        return s;
    }

    /**
     * Kestra's slug: whitespace becomes '-', accents are dropped (NFD, then anything but ASCII letters, digits,
     * '_' and '-' removed), '_' becomes '-', runs of '-' collapse, no '-' at either end, lower case.
     */
    static String slugify(String s) {
        budget().step(s.length());
        String normalized = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(normalized.length());
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            char out;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '_' || c == '-') {
                out = '-';
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out = c;
            } else if (c >= 'A' && c <= 'Z') {
                out = (char) (c + ('a' - 'A'));
            } else {
                continue;
            }
            if (out == '-' && (sb.isEmpty() || sb.charAt(sb.length() - 1) == '-')) {
                continue;
            }
            sb.append(out);
        }
        if (!sb.isEmpty() && sb.charAt(sb.length() - 1) == '-') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    private static Object escapeDeep(Object in, char target, String replacement, int line, int depth) {
        if (depth > 64) {
            throw invalid(line, "escapeChar got a value nested deeper than 64 levels");
        }
        if (in instanceof Map<?, ?> map) {
            budget().checkSize(map.size());
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(e.getKey(), e.getValue() == null ? null : escapeDeep(e.getValue(), target, replacement, line, depth + 1));
            }
            return out;
        }
        if (in instanceof List<?> list) {
            budget().checkSize(list.size());
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(o == null ? null : escapeDeep(o, target, replacement, line, depth + 1));
            }
            return out;
        }
        String s = String.valueOf(in);
        budget().step(s.length());
        long count = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == target) {
                count++;
            }
        }
        if (count == 0) {
            return s;
        }
        budget().checkSize(s.length() + count * (replacement.length() - 1));
        return s.replace(String.valueOf(target), replacement);
    }

    private static Object indent(Object in, Map<String, Object> args, int line, boolean leadingNewLine) {
        String name = leadingNewLine ? "nindent" : "indent";
        if (in == null) {
            return null;
        }
        String s = text(in, line);
        if (s.isEmpty()) {
            return s;
        }
        Long amount = Calls.asLong(args.get("amount"));
        if (amount == null || amount < 0) {
            throw invalid(line, name + " needs the argument 'amount' as an integer of 0 or more");
        }
        Object p = args.get("prefix");
        if (p != null && !(p instanceof String)) {
            throw invalid(line, name + " needs the argument 'prefix' as a string; got " + typeOf(p));
        }
        String prefix = p == null ? " " : (String) p;
        String newLine = s.contains("\r\n") ? "\r\n" : s.contains("\n\r") ? "\n\r" : s.contains("\n") ? "\n"
                : s.contains("\r") ? "\r" : "\n";
        budget().step(s.length());
        long lines = leadingNewLine ? 1 : 0;
        for (int i = s.indexOf(newLine); i >= 0; i = s.indexOf(newLine, i + newLine.length())) {
            lines++;
        }
        long size;
        long pad;
        try {
            pad = Math.multiplyExact(amount, (long) prefix.length());
            size = Math.addExact(s.length() + (leadingNewLine ? newLine.length() : 0L), Math.multiplyExact(lines, pad));
        } catch (ArithmeticException e) {
            pad = -1;
            size = -1;
        }
        budget().checkSize(pad);
        budget().checkSize(size);
        if (lines == 0) {
            return s;
        }
        String indentation = prefix.isEmpty() ? "" : prefix.repeat(Math.toIntExact(amount));
        String source = leadingNewLine ? newLine + s : s;
        return source.replace(newLine, newLine + indentation);
    }

    private static Filter digest(String algorithm) {
        String name = algorithm.equals("MD5") ? "md5" : algorithm.equals("SHA-1") ? "sha1" : "sha512";
        return filter(List.of(), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            if (!(in instanceof String s)) {
                throw invalid(line, name + " needs a string to hash; got " + typeOf(in));
            }
            budget().step(s.length());
            try {
                byte[] hash = MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder(hash.length * 2);
                for (byte b : hash) {
                    hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
                }
                return hex.toString();
            } catch (NoSuchAlgorithmException e) {
                throw invalid(line, name + " is not available in this JVM");
            }
        });
    }
}
