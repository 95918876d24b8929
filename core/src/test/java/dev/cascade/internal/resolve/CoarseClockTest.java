package dev.cascade.internal.resolve;

import dev.cascade.backend.InMemoryStorage;
import dev.cascade.resolve.Resolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The coarse clock's thread lives exactly as long as some resolver on the system clock is open. */
class CoarseClockTest {
    private static boolean tickerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("cascade-coarse-clock") && t.isAlive());
    }

    private static boolean awaitTicker(boolean alive) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (tickerAlive() == alive) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void threadStopsWhenTheLastResolverClosesAndReadingsStayCurrent() throws Exception {
        int baseline = CoarseClock.users(); // other tests in this JVM may keep resolvers open
        Resolver first = Resolver.builder().storage(new InMemoryStorage()).build();
        Resolver second = Resolver.builder().storage(new InMemoryStorage()).build();
        assertThat(CoarseClock.users()).isEqualTo(baseline + 2);
        assertThat(awaitTicker(true)).isTrue();
        first.close();
        first.close(); // idempotent: must not release twice
        assertThat(CoarseClock.users()).isEqualTo(baseline + 1);
        assertThat(awaitTicker(true)).isTrue();
        second.close();
        assertThat(CoarseClock.users()).isEqualTo(baseline);
        if (baseline == 0) {
            // only when no other test of this JVM keeps a resolver open
            assertThat(awaitTicker(false)).as("no resolver open: no wake-ups left in the host").isTrue();
            long before = System.nanoTime();
            Thread.sleep(5);
            assertThat(CoarseClock.now()).as("without the thread, readings fall back to the real clock")
                    .isGreaterThan(before);
        }
    }
}
