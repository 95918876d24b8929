package dev.cascade.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Listens to what Cascade does: backend calls, cache events, template failures, access denials and resolutions.
 * Install one with {@code Cascade.builder().observer(...)}; {@code cascade-micrometer} provides one that records
 * Micrometer observations (timers, counters and, with a tracing bridge, spans).
 *
 * <p>Every method has a default that does nothing, so an observer overrides only what it needs. The hooks run on
 * the thread doing the work, inside the hot path: they must be quick, must not block, and must not throw (an
 * exception from a hook is not caught and reaches the caller). Events never carry a value, and carry a secret's
 * key only when {@link #includeSecretKeys()} says so.
 *
 * <p><b>Cost when nothing listens:</b> with {@link #none()} (the default) Cascade does not install the wrappers
 * that time backend calls and checks a final field before every other hook: no allocation, no clock read.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use; hooks are called from any thread
 * (callers' threads and the resolver's background refreshes).
 */
public interface CascadeObserver {
    /**
     * Whether this observer listens at all. Cascade reads it once, when it is built; {@code false} turns every hook
     * off. Default {@code true}.
     */
    default boolean isEnabled() {
        return true;
    }

    /**
     * Whether events may carry secrets' keys ({@link BackendCall#key()}, {@link CacheEvent#key()}).
     * Default {@code false}: a key can itself tell something ({@code ACQUISITION_TARGET_DB_PASSWORD}), so a host opts
     * in. Values are never reported either way.
     */
    default boolean includeSecretKeys() {
        return false;
    }

    /** A backend call starts; the returned handle is ended once when it returns or throws. */
    default ObservedCall backendCall(BackendCall call) {
        return ObservedCall.NONE;
    }

    /** A resolution starts; the returned handle is ended once when it returns or throws. */
    default ObservedCall resolution(Resolution resolution) {
        return ObservedCall.NONE;
    }

    /** A cache loaded, refreshed, served stale or evicted an entry. */
    default void cacheEvent(CacheEvent event) {
    }

    /** A resolution failed in a template. */
    default void templateFailure(TemplateFailure failure) {
    }

    /** An access was denied. */
    default void accessDenied(AccessDenial denial) {
    }

    /** The observer that listens to nothing: the default, free of cost. */
    static CascadeObserver none() {
        return Nothing.INSTANCE;
    }

    /**
     * One observer that forwards every event to each of {@code observers} in order (the enabled ones); keys are
     * included only for those that ask for them.
     */
    static CascadeObserver composite(List<? extends CascadeObserver> observers) {
        List<CascadeObserver> enabled = new ArrayList<>();
        for (CascadeObserver o : Objects.requireNonNull(observers, "observers")) {
            if (Objects.requireNonNull(o, "observer").isEnabled()) {
                enabled.add(o);
            }
        }
        if (enabled.isEmpty()) {
            return none();
        }
        return enabled.size() == 1 ? enabled.get(0) : new CompositeObserver(enabled);
    }

    /** The no-op observer. */
    enum Nothing implements CascadeObserver {
        INSTANCE;

        @Override
        public boolean isEnabled() {
            return false;
        }
    }
}
