package dev.cascade.kit;

import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.ChangeListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A listener that keeps what it receives and lets a test wait, without sleeping, until enough matching
 * events arrived. The timeout is only a fail-safe for a store that never delivers. Thread-safe.
 */
final class EventRecorder implements ChangeListener {
    private final List<ChangeEvent> events = new ArrayList<>();

    @Override
    public synchronized void onChange(ChangeEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<ChangeEvent> events() {
        return List.copyOf(events);
    }

    synchronized long count(Predicate<ChangeEvent> matching) {
        return events.stream().filter(matching).count();
    }

    /** Waits until at least {@code n} received events match; false when the fail-safe timeout passed first. */
    synchronized boolean await(Predicate<ChangeEvent> matching, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(matching) < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
