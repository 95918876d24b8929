package dev.cascade.observe;

/** How an observed call ended. */
public enum Outcome {
    /** The call returned normally. */
    SUCCESS,
    /**
     * The backend answered, but with a refusal Cascade reports to the caller: a version conflict, a missing
     * namespace or secret, a read-only store, a denied access, an invalid document or template.
     */
    REJECTED,
    /** The backend failed: an error, a timeout, an interruption ({@link dev.cascade.BackendException}). */
    FAILURE;

    /** The outcome a call that threw {@code failure} had. */
    public static Outcome of(Throwable failure) {
        if (failure == null) {
            return SUCCESS;
        }
        if (failure instanceof dev.cascade.BackendException || !(failure instanceof dev.cascade.CascadeException)) {
            return FAILURE;
        }
        return REJECTED;
    }
}
