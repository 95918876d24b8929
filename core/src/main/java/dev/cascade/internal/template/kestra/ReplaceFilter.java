package dev.cascade.internal.template.kestra;

import dev.cascade.internal.template.RenderBudget;
import io.pebbletemplates.pebble.extension.Filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static dev.cascade.internal.template.kestra.Calls.budget;
import static dev.cascade.internal.template.kestra.Calls.filter;
import static dev.cascade.internal.template.kestra.Calls.invalid;
import static dev.cascade.internal.template.kestra.Calls.typeOf;

/**
 * Kestra's {@code replace}: Pebble's literal replacement of each pair in turn, extended (as Kestra does) to the
 * strings inside maps and lists and to regular expressions with {@code regexp=true}. The size of every result
 * is checked before it is built, and a regular expression reads its input through a {@link CharSequence}
 * that counts each character it looks at against the render's step budget, so a backtracking pattern stops
 * with TOO_MUCH_WORK instead of running for ever. Stateless; not API.
 */
final class ReplaceFilter {
    private static final int MAX_PATTERN = 1000;

    private ReplaceFilter() {
    }

    static Filter create() {
        return filter(List.of("replace_pairs", "regexp"), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            if (!(args.get("replace_pairs") instanceof Map<?, ?> pairs)) {
                throw invalid(line, "replace needs the argument 'replace_pairs' as a map, for example replace({'a': 'b'})");
            }
            Object regexp = args.get("regexp");
            if (regexp != null && !(regexp instanceof Boolean)) {
                throw invalid(line, "replace needs the argument 'regexp' as a boolean; got " + typeOf(regexp));
            }
            List<Object[]> rules = new ArrayList<>(pairs.size());
            for (Map.Entry<?, ?> e : pairs.entrySet()) {
                String key = String.valueOf(e.getKey());
                String value = String.valueOf(e.getValue());
                if (Boolean.TRUE.equals(regexp)) {
                    if (key.length() > MAX_PATTERN) {
                        throw invalid(line, "replace got a regular expression longer than " + MAX_PATTERN + " characters");
                    }
                    try {
                        rules.add(new Object[] {Pattern.compile(key), value});
                    } catch (PatternSyntaxException ex) {
                        throw invalid(line, "replace got a key that is not a valid regular expression (regexp=true)");
                    }
                } else {
                    rules.add(new Object[] {key, value});
                }
            }
            return deep(in, rules, line, 0);
        });
    }

    private static Object deep(Object in, List<Object[]> rules, int line, int depth) {
        if (depth > 64) {
            throw invalid(line, "replace got a value nested deeper than 64 levels");
        }
        if (in instanceof Map<?, ?> map) {
            budget().checkSize(map.size());
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(e.getKey(), e.getValue() == null ? null : deep(e.getValue(), rules, line, depth + 1));
            }
            return out;
        }
        if (in instanceof List<?> list) {
            budget().checkSize(list.size());
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(o == null ? null : deep(o, rules, line, depth + 1));
            }
            return out;
        }
        String s = String.valueOf(in);
        for (Object[] rule : rules) {
            s = rule[0] instanceof Pattern p ? regex(s, p, (String) rule[1], line) : literal(s, (String) rule[0], (String) rule[1]);
        }
        return s;
    }

    private static String literal(String s, String target, String replacement) {
        RenderBudget b = budget();
        b.step(s.length());
        if (target.isEmpty()) {
            // String.replace inserts the replacement between every character
            b.checkSize(s.length() + (s.length() + 1L) * replacement.length());
            return s.replace(target, replacement);
        }
        long count = 0;
        for (int i = s.indexOf(target); i >= 0; i = s.indexOf(target, i + target.length())) {
            count++;
        }
        if (count == 0) {
            return s;
        }
        b.checkSize(s.length() + count * (replacement.length() - target.length()));
        return s.replace(target, replacement);
    }

    private static String regex(String s, Pattern pattern, String replacement, int line) {
        RenderBudget b = budget();
        long groupRefs = replacement.chars().filter(c -> c == '$').count();
        Matcher m = pattern.matcher(new CountedChars(s, b));
        StringBuilder sb = new StringBuilder();
        try {
            while (m.find()) {
                b.checkSize(sb.length() + (long) s.length() + replacement.length() + groupRefs * s.length());
                m.appendReplacement(sb, replacement);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid(line, "replace got a replacement that refers to a group the regular expression does not have");
        }
        // within the bound: the check before the last replacement counted the whole input after it, and
        // without a match the result is the input itself
        m.appendTail(sb);
        return sb.toString();
    }

    /** The input of a regular expression, charging one step for each character the matcher reads. */
    static final class CountedChars implements CharSequence {
        private final String s;
        private final RenderBudget budget;

        CountedChars(String s, RenderBudget budget) {
            this.s = s;
            this.budget = budget;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            budget.step(1);
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            budget.step(end - start);
            return s.substring(start, end);
        }

        @Override
        public String toString() {
            budget.step(s.length());
            return s;
        }
    }
}
