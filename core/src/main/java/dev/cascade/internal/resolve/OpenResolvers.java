package dev.cascade.internal.resolve;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many resolvers of this JVM are open (built and not yet closed). A resolver holds subscriptions to its
 * stores' change feeds and, while it works, backend threads: a test suite checks that every test closes what
 * it opens. Thread-safe; not API.
 */
public final class OpenResolvers {
    private static final AtomicInteger OPEN = new AtomicInteger();

    private OpenResolvers() {
    }

    /** A resolver was built. */
    public static void opened() {
        OPEN.incrementAndGet();
    }

    /** A resolver was closed (once per resolver). */
    public static void closed() {
        OPEN.decrementAndGet();
    }

    /** Resolvers built and not yet closed. */
    public static int count() {
        return OPEN.get();
    }
}
