package dev.cascade.secret;

import dev.cascade.InvalidDocumentException;
import dev.cascade.internal.Arguments;

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

    /**
     * A secret value.
     *
     * @throws InvalidDocumentException when {@code value} holds a lone UTF-16 surrogate: no encoding
     *                                              can store one (a database would keep a '?'), so no store
     *                                              ever receives one; the message never quotes the value
     */
    public static SecretValue of(String value) {
        Objects.requireNonNull(value, "secret value must not be null");
        if (Arguments.firstLoneSurrogate(value) >= 0) {
            throw new InvalidDocumentException("A secret value holds a lone UTF-16 surrogate, which no store can keep; "
                    + "send well-formed Unicode");
        }
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
