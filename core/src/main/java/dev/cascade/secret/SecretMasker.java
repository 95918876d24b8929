package dev.cascade.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values in any text (a log line, a task output) with {@link #MASK}. Every secret value
 * recorded is masked together with its URL-encoded and Base64 forms (standard and URL-safe alphabets,
 * with and without padding). Values shorter than the minimum length given at creation are not masked:
 * masking a two-character value would mangle ordinary text without protecting anything.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows only how many values it masks, never a value.
 */
public final class SecretMasker {
    /** What a masked value is replaced with. */
    public static final String MASK = SecretValue.MASK;
    /** The default minimum length of a value to mask. */
    public static final int DEFAULT_MIN_LENGTH = 4;
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
                set.add(v);
                set.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
                set.add(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
                byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                set.add(Base64.getEncoder().encodeToString(bytes));
                set.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
                set.add(Base64.getUrlEncoder().encodeToString(bytes));
                set.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            List<String> sorted = new ArrayList<>(set);
            sorted.removeIf(x -> x.length() < minLength);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            f = sorted.toArray(new String[0]);
            forms = f; // benign race: every thread computes the same array
        }
        return f;
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
                java.util.Arrays.fill(covered, at, at + form.length(), true);
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
