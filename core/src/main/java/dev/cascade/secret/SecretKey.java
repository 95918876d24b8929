package dev.cascade.secret;

import dev.cascade.InvalidIdException;
import dev.cascade.internal.Ids;

/**
 * A secret's key: case-sensitive, {@code [A-Za-z_][A-Za-z0-9_.-]*}, at most 255 characters.
 * Immutable and thread-safe.
 */
public final class SecretKey implements Comparable<SecretKey> {
    public static final int MAX_LENGTH = 255;

    private final String value;

    private SecretKey(String value) {
        this.value = value;
    }

    /**
     * Parses and validates a key.
     *
     * @throws InvalidIdException quoting the key and the rule it broke
     */
    public static SecretKey of(String value) {
        if (value == null) {
            throw new InvalidIdException("Secret key must not be null");
        }
        if (value.isEmpty()) {
            throw new InvalidIdException("Invalid secret key '': must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidIdException("Invalid secret key " + Ids.quote(value) + ": longer than " + MAX_LENGTH
                    + " characters (" + value.length() + ")");
        }
        char first = value.charAt(0);
        if (!isLetter(first) && first != '_') {
            throw new InvalidIdException("Invalid secret key " + Ids.quote(value) + ": must start with a letter or '_', not "
                    + Ids.describeChar(first) + " (pattern [A-Za-z_][A-Za-z0-9_.-]*)");
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '.' && c != '-') {
                throw new InvalidIdException("Invalid secret key " + Ids.quote(value) + ": character " + Ids.describeChar(c)
                        + " at position " + i + " is not allowed (pattern [A-Za-z_][A-Za-z0-9_.-]*)");
            }
        }
        return new SecretKey(value);
    }

    /** Whether {@code value} is a valid key. */
    public static boolean isValid(String value) {
        try {
            of(value);
            return true;
        } catch (InvalidIdException e) {
            return false;
        }
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretKey other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(SecretKey o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
