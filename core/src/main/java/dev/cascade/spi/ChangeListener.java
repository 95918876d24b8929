package dev.cascade.spi;

/**
 * Receives {@link ChangeEvent}s from a store. Implementations must be thread-safe and fast: stores may
 * call them from their own threads (a JDBC poller, a notification thread) or from the writing thread.
 * A listener must not throw; stores log and ignore what one throws.
 */
@FunctionalInterface
public interface ChangeListener {
    void onChange(ChangeEvent event);
}
