package dev.cascade.resolve;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.ForwardingSecretStore;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Storage, secret stores and a resolver for tests, with a fake ticker and a same-thread executor. */
final class ResolverFixture implements AutoCloseable {
    static final TenantId MAIN = TenantId.DEFAULT;

    final InMemoryStorage storage = new InMemoryStorage();
    final InMemorySecretStore memory = new InMemorySecretStore();
    final ProbeStore probe = new ProbeStore(memory);
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Resolver resolver;

    ResolverFixture() {
        this(b -> { });
    }

    ResolverFixture(Consumer<Resolver.Builder> customizer) {
        Resolver.Builder b = Resolver.builder().storage(storage)
                .secretStores(new SecretStores("memory", Map.of("memory", probe)))
                .ticker(nanos::get).executor(Runnable::run);
        customizer.accept(b);
        resolver = b.build();
    }

    static NamespaceId ns(String id) {
        return NamespaceId.of(id);
    }

    void create(String id, String... allowed) {
        storage.namespaces().create(MAIN, ns(id), new NamespaceProperties("", Arrays.stream(allowed)
                .map(AllowedNamespace::parse).toList(), Optional.empty()));
    }

    void variables(String id, Map<String, Object> vars) {
        long v = storage.variables().get(MAIN, ns(id)).map(x -> x.version()).orElse(0L);
        storage.variables().put(MAIN, ns(id), vars, v);
    }

    void defaults(String id, List<PluginDefault> rules) {
        long v = storage.pluginDefaults().get(MAIN, ns(id)).map(x -> x.version()).orElse(0L);
        storage.pluginDefaults().put(MAIN, ns(id), rules, v);
    }

    void secret(String id, String key, String value) {
        memory.put(MAIN, ns(id), SecretKey.of(key), SecretValue.of(value), SecretAttributes.NONE, SecretStore.ANY_VERSION);
    }

    void advance(java.time.Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    String render(String namespace, String template) {
        return resolver.render(MAIN, ns(namespace), template, Map.of()).output();
    }

    @Override
    public void close() {
        resolver.close();
    }

    /**
     * A store that delegates to another, counts calls, can be made to fail, and publishes no events (like a
     * backend that cannot report changes).
     */
    static final class ProbeStore extends ForwardingSecretStore {
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();
        volatile RuntimeException failure;
        /** Thrown by get only (list keeps answering), so that the failure names the key. */
        volatile RuntimeException getFailure;
        volatile long sleepMillis;

        ProbeStore(SecretStore delegate) {
            super(delegate);
        }

        private void maybeFail() {
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
            gets.incrementAndGet();
            maybeFail();
            if (getFailure != null) {
                throw getFailure;
            }
            return super.get(tenant, namespace, key);
        }

        @Override
        public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
            lists.incrementAndGet();
            maybeFail();
            return super.list(tenant, namespace);
        }

        @Override
        public Subscription subscribe(ChangeListener listener) {
            return Subscription.NONE;
        }

        /** Reads go through {@link #get} and {@link #list}, where they are counted and can fail. */
        @Override
        public boolean supportsPrefetch() {
            return false;
        }
    }
}
