package dev.cascade.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deterministic lost-update rounds. In every round all writers read the current version, wait at a barrier
 * until every one of them has read, and only then all write with the version they read. With a working
 * compare-and-set exactly one writer succeeds per round; a store that checks the version without holding
 * the write (or does not check at all) lets several succeed, and with enough rounds it does so in some
 * round on every run. The barrier timeout is only a fail-safe against a hanging store.
 */
final class CompareAndSetRounds {

    /** Reads the version the writers will expect. */
    @FunctionalInterface
    interface Read {
        long version() throws Exception;
    }

    /** Writes with the version read; returns false when the store refused with a conflict. */
    @FunctionalInterface
    interface Write {
        boolean attempt(long versionRead, int writer, int round) throws Exception;
    }

    private CompareAndSetRounds() {
    }

    /** Runs the rounds and returns, for each round, how many writers succeeded. */
    static List<Integer> run(int writers, int rounds, Duration failSafe, Read read, Write write) throws Exception {
        if (writers < 2 || rounds < 1) {
            throw new IllegalArgumentException("need at least 2 writers and 1 round, got " + writers + " and " + rounds);
        }
        CyclicBarrier barrier = new CyclicBarrier(writers);
        AtomicIntegerArray successes = new AtomicIntegerArray(rounds);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "cascade-kit-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    try {
                        for (int round = 0; round < rounds; round++) {
                            barrier.await(failSafe.toMillis(), TimeUnit.MILLISECONDS); // last round's writes are done
                            long version = read.version();
                            barrier.await(failSafe.toMillis(), TimeUnit.MILLISECONDS); // everyone has read
                            if (write.attempt(version, writer, round)) {
                                successes.incrementAndGet(round);
                            }
                        }
                    } catch (BrokenBarrierException e) {
                        // another writer failed first; its failure is the one reported
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        barrier.reset();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get(failSafe.toMillis() * (rounds + 1L), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("concurrent writers did not finish within the fail-safe timeout", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Throwable t = failure.get();
        if (t instanceof TimeoutException) {
            throw new AssertionError("a writer waited longer than " + failSafe + " for the others: the store hangs", t);
        }
        if (t != null) {
            throw new AssertionError("a concurrent writer failed: " + t, t);
        }
        List<Integer> perRound = new ArrayList<>(rounds);
        for (int i = 0; i < rounds; i++) {
            perRound.add(successes.get(i));
        }
        return perRound;
    }
}
