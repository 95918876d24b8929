package dev.cascade.namespace;

import dev.cascade.InvalidIdException;
import dev.cascade.internal.Ids;

import java.util.Objects;

/**
 * One entry of a namespace's allowed list: an exact namespace id ({@code team.a}) or a subtree pattern
 * ({@code team.*}, matching {@code team} and every descendant). Immutable and thread-safe.
 */
public record AllowedNamespace(NamespaceId namespace, boolean subtree) {

    public AllowedNamespace {
        Objects.requireNonNull(namespace, "namespace");
    }

    /** Parses {@code a.b} or {@code a.b.*}. */
    public static AllowedNamespace parse(String pattern) {
        if (pattern == null) {
            throw new InvalidIdException("Allowed namespace pattern must not be null");
        }
        if (pattern.endsWith(".*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            try {
                return new AllowedNamespace(NamespaceId.of(base), true);
            } catch (InvalidIdException e) {
                throw new InvalidIdException("Invalid allowed namespace pattern " + Ids.quote(pattern)
                        + ": expected a namespace id or 'id.*'; " + e.getMessage());
            }
        }
        try {
            return new AllowedNamespace(NamespaceId.of(pattern), false);
        } catch (InvalidIdException e) {
            throw new InvalidIdException("Invalid allowed namespace pattern " + Ids.quote(pattern)
                    + ": expected a namespace id or 'id.*'; " + e.getMessage());
        }
    }

    public boolean matches(NamespaceId candidate) {
        return subtree ? namespace.isAncestorOrSelfOf(candidate) : namespace.equals(candidate);
    }

    /** The pattern as written: {@code a.b} or {@code a.b.*}. */
    public String pattern() {
        return subtree ? namespace.value() + ".*" : namespace.value();
    }

    @Override
    public String toString() {
        return pattern();
    }
}
