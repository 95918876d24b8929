package dev.cascade.observe;

/**
 * A call in progress, returned by the observer when it starts: Cascade calls {@link #end} exactly once, on the
 * thread that made the call, when it returns or throws. An observation-style handle, so a binding can open a span
 * (or a Micrometer {@code Observation}) around the call itself. Implementations need not be thread-safe.
 */
public interface ObservedCall {
    /** A handle that does nothing. */
    ObservedCall NONE = (outcome, error, nanos) -> { };

    /**
     * The call ended.
     *
     * @param outcome       how it ended
     * @param error         the failure's class (simple name, e.g. {@code BackendException}), or null on success;
     *                      never its message, which may quote data
     * @param durationNanos how long the call took, by {@link System#nanoTime()}
     */
    void end(Outcome outcome, String error, long durationNanos);
}
