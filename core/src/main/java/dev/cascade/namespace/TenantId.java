package dev.cascade.namespace;

import dev.cascade.InvalidIdException;
import dev.cascade.internal.Ids;

import java.util.Objects;

/**
 * A tenant id: {@code [a-z0-9][a-z0-9_-]{0,63}}. Every Cascade operation is scoped by one and nothing
 * crosses tenants. Immutable and thread-safe.
 */
public final class TenantId implements Comparable<TenantId> {
    /** The tenant used when the host does not name one. */
    public static final TenantId DEFAULT = new TenantId("main");

    public static final int MAX_LENGTH = 64;

    private final String value;

    private TenantId(String value) {
        this.value = value;
    }

    /**
     * Parses and validates a tenant id.
     *
     * @throws InvalidIdException quoting the id and the rule it broke
     */
    public static TenantId of(String value) {
        if (value == null) {
            throw new InvalidIdException("Tenant id must not be null");
        }
        if ("main".equals(value)) {
            return DEFAULT;
        }
        if (value.isEmpty()) {
            throw new InvalidIdException("Invalid tenant id '': must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidIdException("Invalid tenant id " + Ids.quote(value) + ": longer than " + MAX_LENGTH
                    + " characters (" + value.length() + ")");
        }
        if (!Ids.isLowerAlnum(value.charAt(0))) {
            throw new InvalidIdException("Invalid tenant id " + Ids.quote(value)
                    + ": must start with a lowercase letter or a digit, not " + Ids.describeChar(value.charAt(0)));
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Ids.isLowerAlnum(c) && c != '_' && c != '-') {
                throw new InvalidIdException("Invalid tenant id " + Ids.quote(value) + ": character "
                        + Ids.describeChar(c) + " at position " + i
                        + " is not allowed; use lowercase a-z, 0-9, '_' and '-' (pattern [a-z0-9][a-z0-9_-]{0,63})");
            }
        }
        return new TenantId(value);
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TenantId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(TenantId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }

    static void requireNonNull(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
    }
}
