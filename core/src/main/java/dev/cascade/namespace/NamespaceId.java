package dev.cascade.namespace;

import dev.cascade.InvalidIdException;
import dev.cascade.internal.Ids;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A namespace id: dot-separated segments, each {@code [a-z0-9][a-z0-9_-]*}, at most 255 characters in
 * all ({@code company.marketing}). Immutable and thread-safe; ordering is by the id string.
 */
public final class NamespaceId implements Comparable<NamespaceId> {
    public static final int MAX_LENGTH = 255;

    private final String value;
    private final int depth;
    private volatile List<NamespaceId> ancestors;

    private NamespaceId(String value, int depth) {
        this.value = value;
        this.depth = depth;
    }

    /**
     * Parses and validates a namespace id.
     *
     * @throws InvalidIdException quoting the id and naming the rule it broke
     */
    public static NamespaceId of(String value) {
        if (value == null) {
            throw new InvalidIdException("Namespace id must not be null");
        }
        if (value.isEmpty()) {
            throw new InvalidIdException("Invalid namespace id '': must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidIdException("Invalid namespace id " + Ids.quote(value) + ": longer than " + MAX_LENGTH
                    + " characters (" + value.length() + ")");
        }
        int depth = 1;
        boolean segmentStart = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (segmentStart) {
                    throw new InvalidIdException("Invalid namespace id " + Ids.quote(value) + ": empty segment at position "
                            + i + " (a leading, trailing or doubled '.')");
                }
                segmentStart = true;
                depth++;
            } else if (segmentStart) {
                if (!Ids.isLowerAlnum(c)) {
                    throw new InvalidIdException("Invalid namespace id " + Ids.quote(value) + ": segment starting at position "
                            + i + " begins with " + Ids.describeChar(c)
                            + "; each segment must start with a lowercase letter or a digit (pattern [a-z0-9][a-z0-9_-]*)");
                }
                segmentStart = false;
            } else if (!Ids.isLowerAlnum(c) && c != '_' && c != '-') {
                throw new InvalidIdException("Invalid namespace id " + Ids.quote(value) + ": character " + Ids.describeChar(c)
                        + " at position " + i + " is not allowed; segments use lowercase a-z, 0-9, '_' and '-', separated by '.'");
            }
        }
        if (segmentStart) {
            throw new InvalidIdException("Invalid namespace id " + Ids.quote(value)
                    + ": empty segment at the end (a trailing '.')");
        }
        return new NamespaceId(value, depth);
    }

    /** Whether {@code value} is a valid namespace id. */
    public static boolean isValid(String value) {
        try {
            of(value);
            return true;
        } catch (InvalidIdException e) {
            return false;
        }
    }

    public String value() {
        return value;
    }

    /** Number of segments: {@code a} is 1, {@code a.b.c} is 3. */
    public int depth() {
        return depth;
    }

    /** The parent namespace, empty for a root. */
    public Optional<NamespaceId> parent() {
        int dot = value.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(ancestors().get(depth - 2));
    }

    /** Ancestors root first, ending with this id: {@code a}, {@code a.b}, {@code a.b.c}. */
    public List<NamespaceId> ancestors() {
        List<NamespaceId> result = ancestors;
        if (result == null) {
            List<NamespaceId> list = new ArrayList<>(depth);
            int from = 0;
            int d = 1;
            while (true) {
                int dot = value.indexOf('.', from);
                if (dot < 0) {
                    break;
                }
                list.add(new NamespaceId(value.substring(0, dot), d++));
                from = dot + 1;
            }
            list.add(this);
            result = Collections.unmodifiableList(list);
            ancestors = result;
        }
        return result;
    }

    /** True when this id is {@code other} or one of its ancestors. */
    public boolean isAncestorOrSelfOf(NamespaceId other) {
        String o = other.value;
        return o.equals(value) || (o.length() > value.length() && o.startsWith(value) && o.charAt(value.length()) == '.');
    }

    /** The child {@code this.segment}, validated. */
    public NamespaceId child(String segment) {
        return of(value + "." + segment);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(NamespaceId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
