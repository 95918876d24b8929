package dev.cascade.spi;

/**
 * Something that publishes {@link ChangeEvent}s. Stores that are shared between processes (JDBC) also
 * deliver the other processes' changes here, within their documented delay. Thread-safe.
 */
public interface ChangeFeed {
    /** Registers a listener; events are delivered until the subscription is closed. */
    Subscription subscribe(ChangeListener listener);
}
