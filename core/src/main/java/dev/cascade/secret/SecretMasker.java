package dev.cascade.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replaces secret values in any text (a log line, a task output) with {@link #MASK}. Every secret value
 * recorded is masked together with its URL-encoded forms (upper- and lower-case escapes, space as
 * {@code +} or {@code %20}), its Base64 forms (standard and URL-safe alphabets, with and without
 * padding) and its JSON-escaped forms (quotes, backslashes, control characters, optionally every
 * non-ASCII character as a JSON unicode escape). Each line of a multi-line value (a PEM key) at least
 * {@link #MIN_LINE_LENGTH} characters long is masked on its own, in the same forms. Values shorter than the
 * minimum length given at creation are not masked: masking a two-character value would mangle ordinary
 * text without protecting anything.
 *
 * <p>Not masked: values derived from a secret by a filter or by the host ({@code upper}, a substring,
 * a hash, another encoding), and a Base64 form that starts mid-way through a longer encoded text.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows only how many values it masks, never a value.
 */
public final class SecretMasker {
    /** What a masked value is replaced with. */
    public static final String MASK = SecretValue.MASK;
    /** The default minimum length of a value to mask. */
    public static final int DEFAULT_MIN_LENGTH = 4;
    /**
     * Each line of a multi-line value is masked on its own when it is at least this long (and at least the
     * minimum length): a PEM body line is, a closing brace is not.
     */
    public static final int MIN_LINE_LENGTH = 16;
    /** A masker that masks nothing. */
    public static final SecretMasker EMPTY = new SecretMasker(DEFAULT_MIN_LENGTH, List.of(), List.of());

    private final int minLength;
    private final List<String> values;
    /** Every form to replace, longest first; computed on first use (most maskers are never applied). */
    private volatile String[] forms;

    private SecretMasker(int minLength, List<String> values, List<String> forms) {
        this.minLength = minLength;
        this.values = values;
        this.forms = values.isEmpty() ? new String[0] : null;
    }

    /**
     * A masker for {@code values}.
     *
     * @param minLength values shorter than this are not masked; must be at least 1
     */
    public static SecretMasker of(int minLength, Collection<String> values) {
        if (minLength < 1) {
            throw new IllegalArgumentException("minLength was '" + minLength + "' but it must be at least 1");
        }
        if (values.size() == 1) {
            String v = values.iterator().next();
            if (v != null && !v.isEmpty()) {
                return new SecretMasker(minLength, List.of(v), null);
            }
        }
        List<String> all = new ArrayList<>(values.size());
        for (String v : values) {
            if (v != null && !v.isEmpty() && !all.contains(v)) {
                all.add(v);
            }
        }
        if (all.isEmpty()) {
            return minLength == DEFAULT_MIN_LENGTH ? EMPTY : new SecretMasker(minLength, List.of(), List.of());
        }
        return new SecretMasker(minLength, List.copyOf(all), null);
    }

    private String[] forms() {
        String[] f = forms;
        if (f == null) {
            Set<String> set = new LinkedHashSet<>();
            for (String v : values) {
                if (v.length() < minLength) {
                    continue; // recorded (withMinLength may lower the bar) but not masked
                }
                addForms(set, v);
                if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                    // a multi-line value (a PEM key) is often logged one line at a time
                    int lineMin = Math.max(minLength, MIN_LINE_LENGTH);
                    for (String line : v.split("\r\n|\r|\n")) {
                        String stripped = line.strip();
                        if (stripped.length() >= lineMin) {
                            addForms(set, stripped);
                        }
                    }
                }
            }
            List<String> sorted = new ArrayList<>(set);
            sorted.removeIf(x -> x.length() < minLength);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            f = sorted.toArray(new String[0]);
            forms = f; // benign race: every thread computes the same array
        }
        return f;
    }

    private static void addForms(Set<String> set, String v) {
        set.add(v);
        String url = URLEncoder.encode(v, StandardCharsets.UTF_8);
        set.add(url);
        set.add(url.replace("+", "%20"));
        set.add(lowerCasePercentEscapes(url));
        set.add(lowerCasePercentEscapes(url.replace("+", "%20")));
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        set.add(Base64.getEncoder().encodeToString(bytes));
        set.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        set.add(Base64.getUrlEncoder().encodeToString(bytes));
        set.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        // JSON string content as serializers write it: minimal escapes, or every non-ASCII char as a unicode escape
        // (either case), optionally with '/' escaped
        for (String json : List.of(jsonEscaped(v, false, false), jsonEscaped(v, true, false), jsonEscaped(v, true, true))) {
            set.add(json);
            if (v.indexOf('/') >= 0) {
                set.add(json.replace("/", "\\/"));
            }
        }
    }

    /** The content of a JSON string holding {@code v} (without the surrounding quotes). */
    static String jsonEscaped(String v, boolean escapeNonAscii, boolean lowerHex) {
        StringBuilder sb = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (escapeNonAscii && c > 0x7e)) {
                        String hex = String.format("%04X", (int) c);
                        sb.append("\\u").append(lowerHex ? hex.toLowerCase(Locale.ROOT) : hex);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String lowerCasePercentEscapes(String encoded) {
        StringBuilder sb = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                sb.append('%').append(Character.toLowerCase(encoded.charAt(i + 1)))
                        .append(Character.toLowerCase(encoded.charAt(i + 2)));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The minimum length of a value that is masked. */
    public int minLength() {
        return minLength;
    }

    /** Number of distinct secret values recorded (including those too short to be masked). */
    public int size() {
        return values.size();
    }

    /** Whether no secret value was recorded. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A masker hiding the values of both; the minimum length is the smaller of the two. */
    public SecretMasker merge(SecretMasker other) {
        if (other.isEmpty() && other.minLength == minLength) {
            return this;
        }
        if (isEmpty() && other.minLength == minLength) {
            return other;
        }
        List<String> all = new ArrayList<>(values);
        all.addAll(other.values);
        return of(Math.min(minLength, other.minLength), all);
    }

    /** A masker for the same values with another minimum length (1 masks every value). */
    public SecretMasker withMinLength(int newMinLength) {
        return newMinLength == minLength ? this : of(newMinLength, values);
    }

    /** {@code text} with every recorded value (and its encoded forms) replaced by {@link #MASK}. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        // mark every occurrence of every form in the original text first, then replace each covered run
        // once: replacing value by value would leave the rest of a value that overlaps an earlier one
        boolean[] covered = null;
        for (String form : forms()) {
            int at = text.indexOf(form);
            while (at >= 0) {
                if (covered == null) {
                    covered = new boolean[text.length()];
                }
                Arrays.fill(covered, at, at + form.length(), true);
                at = text.indexOf(form, at + 1);
            }
        }
        if (covered == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (covered[i]) {
                out.append(MASK);
                while (i < text.length() && covered[i]) {
                    i++;
                }
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "SecretMasker[" + values.size() + " value(s), minLength=" + minLength + "]";
    }
}
