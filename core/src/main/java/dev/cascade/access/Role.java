package dev.cascade.access;

import dev.cascade.InvalidIdException;
import dev.cascade.internal.Ids;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named set of grants: for each {@link Permission}, the {@link Action}s it allows. Immutable.
 * The built-in roles are {@link #ADMIN}, {@link #EDITOR}, {@link #VIEWER} and {@link #SECRETS_WRITER};
 * custom roles may use any other name matching {@code [a-z0-9][a-z0-9_-]{0,63}}.
 *
 * @param name   role name
 * @param grants actions allowed per permission
 */
public record Role(String name, Map<Permission, Set<Action>> grants) {

    /** Everything, including role and binding administration and choosing a namespace's secret store. */
    public static final Role ADMIN = builtIn("admin", Map.of(
            Permission.NAMESPACE, EnumSet.allOf(Action.class),
            Permission.SECRET, EnumSet.allOf(Action.class),
            Permission.ROLE, EnumSet.allOf(Action.class),
            Permission.BINDING, EnumSet.allOf(Action.class),
            Permission.SECRET_STORE, EnumSet.allOf(Action.class)));
    /**
     * Creates, reads and updates namespaces (their variables and plugin defaults) and secrets; deletes nothing
     * and may not change which secret store a namespace uses.
     */
    public static final Role EDITOR = builtIn("editor", Map.of(
            Permission.NAMESPACE, EnumSet.of(Action.CREATE, Action.READ, Action.UPDATE),
            Permission.SECRET, EnumSet.of(Action.CREATE, Action.READ, Action.UPDATE)));
    /** Reads namespaces; for secrets, reading means listing metadata (values are write-only for every role). */
    public static final Role VIEWER = builtIn("viewer", Map.of(
            Permission.NAMESPACE, EnumSet.of(Action.READ),
            Permission.SECRET, EnumSet.of(Action.READ)));
    /** Manages secrets (create, list, update, delete) in namespaces it can read, and nothing else. */
    public static final Role SECRETS_WRITER = builtIn("secrets-writer", Map.of(
            Permission.NAMESPACE, EnumSet.of(Action.READ),
            Permission.SECRET, EnumSet.allOf(Action.class)));

    /** The built-in roles by name. */
    public static final Map<String, Role> BUILT_IN = Map.of(ADMIN.name, ADMIN, EDITOR.name, EDITOR, VIEWER.name, VIEWER,
            SECRETS_WRITER.name, SECRETS_WRITER);

    public Role {
        validateName(name);
        Objects.requireNonNull(grants, "grants");
        EnumMap<Permission, Set<Action>> copy = new EnumMap<>(Permission.class);
        grants.forEach((p, actions) -> {
            if (p == null || actions == null || actions.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("Role '" + name + "': grants must map each permission to a set of "
                        + "actions, without null permissions, sets or actions");
            }
            if (!actions.isEmpty()) {
                copy.put(p, Collections.unmodifiableSet(EnumSet.copyOf(actions)));
            }
        });
        grants = Collections.unmodifiableMap(copy);
    }

    private static Role builtIn(String name, Map<Permission, Set<Action>> grants) {
        return new Role(name, grants);
    }

    /** Whether this role allows {@code action} on {@code permission}. */
    public boolean allows(Permission permission, Action action) {
        Set<Action> actions = grants.get(permission);
        return actions != null && actions.contains(action);
    }

    public boolean isBuiltIn() {
        return BUILT_IN.containsKey(name);
    }

    /**
     * Refuses a role name outside {@code [a-z0-9][a-z0-9_-]{0,63}}.
     *
     * @throws dev.cascade.InvalidIdException naming the rule broken
     */
    public static void validateName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || !Ids.isLowerAlnum(name.charAt(0))
                || !name.chars().allMatch(c -> Ids.isLowerAlnum((char) c) || c == '-' || c == '_')) {
            throw new InvalidIdException("Invalid role name " + Ids.quote(name) + ": use [a-z0-9][a-z0-9_-]{0,63}");
        }
    }
}
