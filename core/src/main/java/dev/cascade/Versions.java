package dev.cascade;

/**
 * The expected version a write carries, for variables, plugin defaults and secrets alike. Every write is
 * optimistic: pass the version you read, and a mismatch fails with {@link ConflictException} and changes
 * nothing. Two special values need no read first:
 *
 * <pre>{@code
 * admin.putSecret(ns, SecretKey.of("TOKEN"), SecretValue.of(token), SecretAttributes.NONE, Versions.MUST_NOT_EXIST);
 * admin.putVariables(ns, variables, Versions.ANY);   // overwrite whatever is there
 * }</pre>
 *
 * Constants only; not instantiable.
 */
public final class Versions {
    /** Create only: the write fails with {@link ConflictException} when the document or secret exists. */
    public static final long MUST_NOT_EXIST = 0;

    /**
     * Overwrite whatever is there. For variables and plugin defaults, and for secret stores without
     * compare-and-set, the management facade reads the current version just before writing, so a concurrent
     * writer between the two can still make the write fail with {@link ConflictException}: repeat it.
     */
    public static final long ANY = -1;

    private Versions() {
    }
}
