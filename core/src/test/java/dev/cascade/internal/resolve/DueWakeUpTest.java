package dev.cascade.internal.resolve;

import com.github.benmanes.caffeine.cache.Scheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** One pending one-shot wake-up at the earliest due time; nothing scheduled unless asked; cancelled on close. */
class DueWakeUpTest {
    private record Scheduled(Runnable task, long delayNanos, CompletableFuture<Void> future) { }

    private final List<Scheduled> scheduled = new ArrayList<>();
    private final Scheduler recording = (executor, command, delay, unit) -> {
        CompletableFuture<Void> f = new CompletableFuture<>();
        scheduled.add(new Scheduled(command, unit.toNanos(delay), f));
        return f;
    };
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger fired = new AtomicInteger();
    private final DueWakeUp wakeUp = new DueWakeUp(recording, now::get, fired::incrementAndGet);

    @Test
    void onlyAnEarlierDueTimeSchedulesAgainAndAReplacedWakeUpDoesNothing() {
        wakeUp.wakeBy(1_100);
        assertThat(scheduled).hasSize(1);
        assertThat(scheduled.get(0).delayNanos()).isEqualTo(100);
        wakeUp.wakeBy(1_500); // later: the pending one voids it anyway
        wakeUp.wakeBy(1_100);
        assertThat(scheduled).hasSize(1);
        wakeUp.wakeBy(1_050);
        assertThat(scheduled).hasSize(2);
        scheduled.get(0).task().run(); // the replaced wake-up
        assertThat(fired).hasValue(0);
        scheduled.get(1).task().run();
        assertThat(fired).hasValue(1);
        // nothing pending now: the next request schedules again, a past due time at once
        wakeUp.wakeBy(900);
        assertThat(scheduled).hasSize(3);
        assertThat(scheduled.get(2).delayNanos()).isZero();
    }

    @Test
    void closingCancelsThePendingWakeUpAndSchedulesNothingMore() {
        wakeUp.wakeBy(5_000);
        Future<?> pending = scheduled.get(0).future();
        wakeUp.close();
        assertThat(pending.isCancelled()).isTrue();
        wakeUp.wakeBy(2_000);
        assertThat(scheduled).hasSize(1);
    }

    @Test
    void theSystemSchedulerRunsTheWakeUp() throws Exception {
        CompletableFuture<Void> ran = new CompletableFuture<>();
        DueWakeUp real = new DueWakeUp(Scheduler.systemScheduler(), System::nanoTime, () -> ran.complete(null));
        real.wakeBy(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1));
        ran.get(30, TimeUnit.SECONDS); // fail-safe deadline only
    }
}
