package dev.cascade.secrets.vault;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules Vault's KV v2 engine applies to a key's {@code custom_metadata}
 * (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#custom_metadata), checked by the store
 * before it writes anything, so that a put Vault would refuse halfway (value written, metadata refused) is
 * refused whole instead: at most 64 entries; every name and every value non-empty; names at most 128 and
 * values at most 512 <em>bytes</em> of UTF-8 (Vault counts bytes, not characters); only printable
 * characters in both (letters, marks, numbers, punctuation, symbols and the ASCII space: a line break, a
 * tab or a no-break space is refused). Stateless.
 */
final class VaultCustomMetadataRules {
    static final int MAX_ENTRIES = 64;
    static final int MAX_NAME_BYTES = 128;
    static final int MAX_VALUE_BYTES = 512;

    private VaultCustomMetadataRules() {
    }

    /**
     * Every rule {@code entries} breaks, each naming the entry by {@code label} (its name, printable
     * characters only); empty when Vault would accept them. Values are never quoted.
     */
    static List<String> problems(Map<String, String> entries, Map<String, String> labels) {
        List<String> problems = new ArrayList<>();
        if (entries.size() > MAX_ENTRIES) {
            problems.add("they make " + entries.size() + " custom_metadata entries, more than Vault's " + MAX_ENTRIES);
        }
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            String label = labels.getOrDefault(name, "tag '" + printable(name) + "'");
            int nameBytes = utf8Length(name);
            if (nameBytes == 0 || nameBytes > MAX_NAME_BYTES) {
                problems.add("the name of " + label + " is " + nameBytes + " bytes; Vault takes 1 to " + MAX_NAME_BYTES);
            }
            if (!isPrintable(name)) {
                problems.add("the name of " + label + " holds characters Vault refuses as unprintable");
            }
            int valueBytes = utf8Length(value);
            if (valueBytes == 0) {
                problems.add(label + " is empty; Vault refuses empty custom_metadata values");
            } else if (valueBytes > MAX_VALUE_BYTES) {
                problems.add(label + " is " + valueBytes + " bytes; Vault takes at most " + MAX_VALUE_BYTES);
            }
            if (!isPrintable(value)) {
                problems.add(label + " holds characters Vault refuses as unprintable (a line break, a tab, a"
                        + " control or format character)");
            }
        }
        return problems;
    }

    /** Go's {@code unicode.IsPrint} over every code point, which Vault's {@code strutil.Printable} applies. */
    static boolean isPrintable(String s) {
        return s.codePoints().allMatch(VaultCustomMetadataRules::isPrintable);
    }

    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** A name fit for a message: unprintable characters as {@code \\uXXXX}, at most 40 characters. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(40).forEach(c -> {
            if (isPrintable(c)) {
                sb.appendCodePoint(c);
            } else {
                sb.append(String.format("\\u%04X", c));
            }
        });
        return s.codePointCount(0, s.length()) > 40 ? sb + "…" : sb.toString();
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
