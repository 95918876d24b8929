package dev.cascade.resolve;

import dev.cascade.BackendException;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A backend that hangs holds a bounded number of threads, and gives them back when it answers. */
@Tag("slow")
class HangingBackendTest {
    static final TenantId T = TenantId.DEFAULT;
    static final NamespaceId NS = NamespaceId.of("team");

    /** Every key exists; reading a key whose name starts with HANG blocks until released, ignoring interrupts. */
    static final class HangingStore implements SecretStore {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger hangingCalls = new AtomicInteger();
        final AtomicInteger callsEver = new AtomicInteger();

        @Override
        public String name() {
            return "hanging";
        }

        @Override
        public Optional<SecretValue> get(TenantId t, NamespaceId n, SecretKey k) {
            if (k.value().startsWith("HANG")) {
                callsEver.incrementAndGet();
                hangingCalls.incrementAndGet();
                try {
                    while (true) {
                        try {
                            if (release.await(30, TimeUnit.SECONDS)) {
                                break;
                            }
                        } catch (InterruptedException e) {
                            // a stuck socket read does not answer interrupts either
                        }
                    }
                } finally {
                    hangingCalls.decrementAndGet();
                }
            }
            return Optional.of(SecretValue.of("value-of-" + k.value()));
        }

        @Override
        public List<SecretMetadata> list(TenantId t, NamespaceId n) {
            List<SecretMetadata> out = new ArrayList<>();
            for (String k : List.of("OK", "HANG")) {
                out.add(new SecretMetadata(SecretKey.of(k), "", Map.of(), Instant.EPOCH, 1));
            }
            for (int i = 0; i < 40; i++) {
                out.add(new SecretMetadata(SecretKey.of("HANG_" + i), "", Map.of(), Instant.EPOCH, 1));
            }
            return out;
        }

        @Override
        public SecretMetadata put(TenantId t, NamespaceId n, SecretKey k, SecretValue v, SecretAttributes a, long ev) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(TenantId t, NamespaceId n, SecretKey k, long ev) {
            throw new UnsupportedOperationException();
        }
    }

    private static Resolver resolver(HangingStore store, Duration backendTimeout) {
        InMemoryStorage storage = new InMemoryStorage();
        storage.namespaces().create(T, NS, NamespaceProperties.EMPTY);
        return Resolver.builder().storage(storage).secretStores(SecretStores.single(store))
                .cacheConfig(ResolverCacheConfig.builder().backendTimeout(backendTimeout).build()).build();
    }

    @Test
    void repeatedLookupsOfAHangingKeyShareOneCallAndOtherKeysKeepWorking() throws Exception {
        HangingStore store = new HangingStore();
        // the key that answers must be read within the timeout even on a loaded machine: a generous one, and
        // few rounds (each hanging lookup waits for all of it)
        try (Resolver resolver = resolver(store, Duration.ofSeconds(2))) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> resolver.render(T, NS, "{{ secret('HANG') }}", Map.of()))
                        .isInstanceOf(BackendException.class).hasMessageContaining("timed out");
                // the host keeps serving other keys meanwhile
                assertThat(resolver.render(T, NS, "{{ secret('OK') }}", Map.of()).output()).isEqualTo("value-of-OK");
            }
            assertThat(store.callsEver).hasValue(1);
            assertThat(store.hangingCalls).hasValue(1);
            store.release.countDown();
            // once the backend answers, the next lookup reads it (a new call, the hung one is over)
            assertThat(resolver.render(T, NS, "{{ secret('HANG') }}", Map.of()).output()).isEqualTo("value-of-HANG");
        } finally {
            store.release.countDown();
        }
    }

    @Test
    void manyHangingKeysUseABoundedNumberOfThreadsAndFailFastBeyondIt() {
        HangingStore store = new HangingStore();
        // a short timeout is safe here: a lookup that times out and one that is refused both pass
        try (Resolver resolver = resolver(store, Duration.ofMillis(50))) {
            int refusedAtOnce = 0;
            for (int i = 0; i < 40; i++) {
                String template = "{{ secret('HANG_" + i + "') }}";
                try {
                    resolver.render(T, NS, template, Map.of());
                } catch (BackendException e) {
                    if (e.getMessage().contains("could not be scheduled")) {
                        refusedAtOnce++;
                    } else {
                        assertThat(e.getMessage()).contains("timed out");
                    }
                }
            }
            assertThat(store.callsEver.get()).isLessThanOrEqualTo(Resolver.MAX_BACKEND_THREADS);
            assertThat(refusedAtOnce).isGreaterThanOrEqualTo(40 - Resolver.MAX_BACKEND_THREADS);
        } finally {
            store.release.countDown();
        }
    }
}
