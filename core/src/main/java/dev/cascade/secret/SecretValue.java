package dev.cascade.secret;

import java.util.Objects;

/**
 * A secret's value. It never shows itself: {@link #toString()} is a fixed mask, so a value that ends up
 * in a log statement or an exception message by mistake leaks nothing. Call {@link #reveal()} where the
 * plain text is really needed. Immutable and thread-safe.
 *
 * <p>Equality compares the values in constant time.
 */
public final class SecretValue {
    /** What {@link #toString()} prints. */
    public static final String MASK = "******";

    private final String value;

    private SecretValue(String value) {
        this.value = value;
    }

    public static SecretValue of(String value) {
        Objects.requireNonNull(value, "secret value must not be null");
        return new SecretValue(value);
    }

    /** The plain text. Never log it. */
    public String reveal() {
        return value;
    }

    /** Length of the plain text (for masking thresholds). */
    public int length() {
        return value.length();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretValue other)) {
            return false;
        }
        return java.security.MessageDigest.isEqual(
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                other.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        // constant: hashing the value would make it guessable from a hash dump and is never needed
        return 0x5ec2e7;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
