package dev.cascade.internal.resolve;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.secret.SecretStores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** With pushed expiry, a remembered lookup is trusted without a clock read until its wake-up runs. */
class SecretCacheWakeUpTest {
    @Test
    void aRememberedLookupIsVoidedByItsWakeUpNotByReadingTheClock() {
        List<Runnable> tasks = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        Scheduler recording = (executor, command, delay, unit) -> {
            tasks.add(command);
            CompletableFuture<Void> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        };
        long[] now = {1_000};
        SecretCache cache = new SecretCache(SecretStores.single(new InMemorySecretStore()), ResolverCacheConfig.DEFAULTS,
                () -> now[0], Runnable::run, recording);
        long epoch = cache.epoch();
        cache.remembering(2_000);
        now[0] = 5_000; // past due, but nothing reads the clock: the wake-up decides
        assertThat(cache.trusted(epoch, 2_000)).isTrue();
        assertThat(tasks).hasSize(1);
        tasks.get(0).run();
        assertThat(cache.trusted(epoch, 2_000)).isFalse();
        assertThat(cache.trusted(cache.epoch(), 9_000)).isTrue();
        cache.remembering(9_000);
        assertThat(futures).hasSize(2);
        cache.close(); // cancels the pending wake-up
        assertThat(futures.get(1).isCancelled()).isTrue();

        SecretCache ticking = new SecretCache(SecretStores.single(new InMemorySecretStore()), ResolverCacheConfig.DEFAULTS,
                () -> now[0], Runnable::run, null);
        ticking.remembering(6_000);
        assertThat(ticking.trusted(ticking.epoch(), 6_000)).isTrue();
        now[0] = 6_000;
        assertThat(ticking.trusted(ticking.epoch(), 6_000)).as("a test ticker is read").isFalse();
    }
}
