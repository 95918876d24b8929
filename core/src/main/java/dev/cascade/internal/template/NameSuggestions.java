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
            int best = name.length() <= 4 ? 1 : Math.min(3, Math.max(2, name.length() / 3));
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

    /** Edit distance counting a swap of two neighbours as one edit, or {@code limit + 1} past {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit || a.length() > 64 || b.length() > 64) {
            return limit + 1;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return Math.min(d[a.length()][b.length()], limit + 1);
    }
}
