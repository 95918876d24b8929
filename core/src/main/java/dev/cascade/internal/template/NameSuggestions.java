package dev.cascade.internal.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** "Did you mean …?" for a filter, function, test or tag that does not exist. Thread-safe; not API. */
final class NameSuggestions {
    private NameSuggestions() {
    }

    /** {@code "; did you mean 'a' or 'b'?"}, or an empty string when no known name is near. */
    static String suggest(String name, Collection<String> known) {
        List<String> near = new ArrayList<>();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String k : new TreeSet<>(known)) {
            if (k.toLowerCase(Locale.ROOT).equals(lower)) {
                near.add(0, k);
            }
        }
        if (near.isEmpty()) {
            int best = Math.max(1, Math.min(3, name.length() / 3));
            for (String k : new TreeSet<>(known)) {
                int d = distance(lower, k.toLowerCase(Locale.ROOT), best);
                if (d < best) {
                    near.clear();
                    best = d;
                }
                if (d <= best && near.size() < 3) {
                    near.add(k);
                }
            }
        }
        if (near.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; did you mean ");
        for (int i = 0; i < near.size(); i++) {
            if (i > 0) {
                sb.append(i == near.size() - 1 ? " or " : ", ");
            }
            sb.append('\'').append(near.get(i)).append('\'');
        }
        return sb.append('?').toString();
    }

    /** Levenshtein distance, or {@code limit + 1} as soon as it exceeds {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit || a.length() > 64 || b.length() > 64) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
