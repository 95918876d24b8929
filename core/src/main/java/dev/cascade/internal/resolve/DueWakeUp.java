package dev.cascade.internal.resolve;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets remembered answers be trusted without reading a clock: whoever remembers an answer due at time
 * {@code t} asks for a wake-up at {@code t}; the wake-up runs {@code action} (which voids every remembered
 * answer, for example by bumping an epoch). Only the earliest pending due time is scheduled, as one one-shot
 * task on a {@link Scheduler} (Caffeine's system scheduler: the JDK's shared delay thread, which sleeps while
 * nothing is due). So no thread wakes periodically: a wake-up happens only after an answer was remembered, and
 * once the host is idle nothing is remembered again. A wake-up may run late by the scheduler's latency
 * (milliseconds): a remembered answer can be served that much past its due time. Thread-safe. Not API.
 */
public final class DueWakeUp {
    private static final long NONE = Long.MAX_VALUE;

    private final Scheduler scheduler;
    private final Ticker ticker;
    private final Runnable action;
    /** The due time of the pending wake-up (by the ticker), or NONE. */
    private final AtomicLong pending = new AtomicLong(NONE);
    private volatile Future<?> scheduled;
    private volatile boolean closed;

    public DueWakeUp(Scheduler scheduler, Ticker ticker, Runnable action) {
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.action = action;
    }

    /**
     * Ensures a wake-up no later than {@code due} (by the ticker). Cheap when one that early is already pending:
     * one volatile read.
     */
    public void wakeBy(long due) {
        long p = pending.get();
        while ((p == NONE || due - p < 0) && !closed) {
            if (pending.compareAndSet(p, due)) {
                long delay = Math.max(0, due - ticker.read());
                scheduled = scheduler.schedule(Runnable::run, () -> fire(due), delay, TimeUnit.NANOSECONDS);
                return;
            }
            p = pending.get();
        }
    }

    /** Cancels the pending wake-up (the owner is closed); later requests schedule nothing. */
    public void close() {
        closed = true;
        Future<?> f = scheduled;
        if (f != null) {
            f.cancel(false);
        }
    }

    private void fire(long due) {
        // an earlier wake-up replaced this one: it has run or will, and voids everything anyway
        if (pending.compareAndSet(due, NONE)) {
            action.run();
        }
    }
}
