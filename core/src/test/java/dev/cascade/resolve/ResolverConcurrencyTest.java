package dev.cascade.resolve;

import dev.cascade.backend.InMemoryStorage;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.NamespaceStore;
import dev.cascade.spi.PluginDefaultsStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;
import dev.cascade.spi.Versioned;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static org.assertj.core.api.Assertions.assertThat;

class ResolverConcurrencyTest {
    private static final NamespaceId A = NamespaceId.of("a");

    /** Storage whose variable read can be held after it has read, to let a write slip in during a load. */
    private static final class PausingStorage implements Storage {
        final InMemoryStorage delegate = new InMemoryStorage();
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch readDone = new CountDownLatch(1);
        final CountDownLatch writeDone = new CountDownLatch(1);

        @Override
        public String name() {
            return "pausing";
        }

        @Override
        public NamespaceStore namespaces() {
            return delegate.namespaces();
        }

        @Override
        public VariableStore variables() {
            VariableStore d = delegate.variables();
            return new VariableStore() {
                @Override
                public Optional<Versioned<Map<String, Object>>> get(TenantId tenant, NamespaceId namespace) {
                    Optional<Versioned<Map<String, Object>>> value = d.get(tenant, namespace);
                    if (armed.compareAndSet(true, false)) {
                        readDone.countDown();
                        try {
                            writeDone.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return value;
                }

                @Override
                public Versioned<Map<String, Object>> put(TenantId tenant, NamespaceId namespace,
                                                          Map<String, Object> variables, long expectedVersion) {
                    return d.put(tenant, namespace, variables, expectedVersion);
                }
            };
        }

        @Override
        public PluginDefaultsStore pluginDefaults() {
            return delegate.pluginDefaults();
        }

        @Override
        public Subscription subscribe(ChangeListener listener) {
            return delegate.subscribe(listener);
        }
    }

    @Test
    void aWriteDuringALoadIsNotLostInTheCache() throws Exception {
        PausingStorage storage = new PausingStorage();
        storage.delegate.namespaces().create(MAIN, A, NamespaceProperties.EMPTY);
        storage.delegate.variables().put(MAIN, A, Map.of("v", "old"), 0);
        try (Resolver resolver = Resolver.builder().storage(storage).build()) {
            storage.armed.set(true);
            CompletableFuture<String> reader = CompletableFuture.supplyAsync(
                    () -> resolver.render(MAIN, A, "{{ namespace.v }}", Map.of()).output());
            assertThat(storage.readDone.await(10, TimeUnit.SECONDS)).isTrue();
            storage.delegate.variables().put(MAIN, A, Map.of("v", "new"), 1); // publishes the change
            storage.writeDone.countDown();
            assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("new");
            assertThat(resolver.render(MAIN, A, "{{ namespace.v }}", Map.of()).output()).isEqualTo("new");
        }
    }

    @Test
    void concurrentResolutionsAndWritesConverge() throws Exception {
        try (ResolverFixture f = new ResolverFixture(b -> b.executor(java.util.concurrent.ForkJoinPool.commonPool()))) {
            f.create("a");
            f.create("a.b");
            f.variables("a", Map.of("v", "0"));
            f.secret("a", "S", "concurrent-secret");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 300; i++) {
                            String out = f.resolver.render(MAIN, NamespaceId.of("a.b"),
                                    "{{ namespace.v }}-{{ secret('S') }}", Map.of()).output();
                            assertThat(out).endsWith("-concurrent-secret");
                        }
                        return null;
                    }));
                }
                for (int i = 1; i <= 50; i++) {
                    f.variables("a", Map.of("v", String.valueOf(i)));
                }
                for (Future<?> fu : futures) {
                    fu.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(f.render("a.b", "{{ namespace.v }}")).isEqualTo("50");
        }
    }
}
