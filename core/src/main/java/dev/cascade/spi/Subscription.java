package dev.cascade.spi;

/** A registration of a {@link ChangeListener}; closing it stops delivery. Thread-safe, idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** A subscription to a source that never publishes. */
    Subscription NONE = () -> { };

    @Override
    void close();
}
