package dev.cascade.benchmarks;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A secret store that delegates to another after a simulated network latency on every read
 * ({@code get} and {@code list}), and counts its reads. Thread-safe if the delegate is.
 */
public final class SlowSecretStore implements SecretStore {
    private final SecretStore delegate;
    private final long latencyNanos;
    private final AtomicLong reads = new AtomicLong();

    public SlowSecretStore(SecretStore delegate, long latencyNanos) {
        this.delegate = delegate;
        this.latencyNanos = latencyNanos;
    }

    private void pause() {
        reads.incrementAndGet();
        long end = System.nanoTime() + latencyNanos;
        for (long left = latencyNanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Backend reads so far. */
    public long reads() {
        return reads.get();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        pause();
        return delegate.get(tenant, namespace, key);
    }

    @Override
    public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        pause();
        return delegate.list(tenant, namespace);
    }

    @Override
    public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                              SecretAttributes attributes, long expectedVersion) {
        return delegate.put(tenant, namespace, key, value, attributes, expectedVersion);
    }

    @Override
    public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
        return delegate.delete(tenant, namespace, key, expectedVersion);
    }
}
