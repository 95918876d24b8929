package dev.cascade.access;

import dev.cascade.internal.Arguments;
import dev.cascade.internal.Ids;
import java.util.Objects;
import java.util.Set;

/**
 * Who performs a management call: a user id and the groups the host says it belongs to. Immutable.
 * The {@link #SYSTEM} actor stands for the host itself (migrations, bootstrapping).
 *
 * @param user   user id as the host's identity system names it
 * @param groups group ids the host asserts for this call
 */
public record Actor(String user, Set<String> groups) {
    public static final Actor SYSTEM = new Actor("system", Set.of());

    public Actor {
        Objects.requireNonNull(user, "user");
        if (!Ids.isPrincipalId(user)) {
            throw new IllegalArgumentException("actor user must be 1 to " + Ids.MAX_PRINCIPAL_ID
                    + " non-blank characters without control characters, but was " + Ids.quote(user));
        }
        groups = Arguments.setWithoutNulls(groups, "groups");
    }

    public static Actor user(String user) {
        return new Actor(user, Set.of());
    }

    public static Actor user(String user, String... groups) {
        return new Actor(user, Set.of(groups));
    }
}
