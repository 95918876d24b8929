package dev.cascade.internal;

/** Shared helpers for quoting user-supplied identifiers in error messages. Not API. */
public final class Ids {
    private Ids() {
    }

    /**
     * Quotes a value for an error message, escaping anything outside printable ASCII so that
     * look-alike characters (a Cyrillic 'а' for a Latin 'a') are visible to the reader.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (shown++ >= 300) {
                sb.append("…");
                break;
            }
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.append('\'').toString();
    }

    /** Describes one character for an error message: {@code 'A' (U+0041)}. */
    public static String describeChar(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "' (U+" + String.format("%04X", (int) c) + ")";
        }
        return "U+" + String.format("%04X", (int) c);
    }

    /** The longest user, group or subject id accepted (the width of the columns that store them). */
    public static final int MAX_PRINCIPAL_ID = 255;

    /**
     * Whether {@code id} is a usable user or group id: 1 to {@link #MAX_PRINCIPAL_ID} characters, not blank,
     * no control character (a NUL cannot even be stored by PostgreSQL).
     */
    public static boolean isPrincipalId(String id) {
        if (id == null || id.isBlank() || id.length() > MAX_PRINCIPAL_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
