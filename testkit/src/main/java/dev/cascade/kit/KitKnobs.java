package dev.cascade.kit;

import java.time.Duration;

/**
 * The knobs every contract kit shares: how hard its concurrency tests push and how long it waits. Override
 * them in the test class that extends a kit, for a slow or rate-limited real server. Not a kit by itself.
 */
public abstract class KitKnobs {
    /** For subclasses (the kits). */
    protected KitKnobs() {
    }

    /** Writers racing in each round of the concurrency tests (at least 2). */
    protected int concurrentWriters() {
        return 4;
    }

    /**
     * Rounds of the concurrency tests. In each round every writer reads, then all write with the version they
     * read; enough rounds make a racy compare-and-set fail on every run. Slow real servers may want fewer.
     */
    protected int concurrencyRounds() {
        return 50;
    }

    /**
     * Fail-safe bound for waiting on events and on other writers. Nothing waits this long unless the store
     * fails to deliver or hangs; generous so that a loaded machine cannot fail a correct store.
     */
    protected Duration failSafeTimeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * How long the event tests wait for an event a correct store delivers at once; {@link #failSafeTimeout()} by
     * default. Only the event waits use it, never the concurrency barriers.
     */
    protected Duration eventTimeout() {
        return failSafeTimeout();
    }
}
