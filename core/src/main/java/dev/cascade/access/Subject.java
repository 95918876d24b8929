package dev.cascade.access;

import dev.cascade.InvalidIdException;
import dev.cascade.internal.Ids;

import java.util.Objects;

/**
 * Who a role binding is for: a user or a group, by the id the host's identity system uses. Immutable.
 *
 * @param kind USER or GROUP
 * @param id   user or group id
 */
public record Subject(Kind kind, String id) {
    /** Users and groups. */
    public enum Kind { USER, GROUP }

    public Subject {
        Objects.requireNonNull(kind, "kind");
        if (!Ids.isPrincipalId(id)) {
            throw new InvalidIdException("Subject id must be 1 to 255 non-blank characters without control characters");
        }
    }

    public static Subject user(String id) {
        return new Subject(Kind.USER, id);
    }

    public static Subject group(String id) {
        return new Subject(Kind.GROUP, id);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
