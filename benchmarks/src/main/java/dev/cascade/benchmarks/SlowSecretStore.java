package dev.cascade.benchmarks;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.ForwardingSecretStore;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A secret store that delegates to another after a simulated network latency on every read
 * ({@code get} and {@code list}), counts its reads, and publishes no change events. Thread-safe if the
 * delegate is.
 */
public final class SlowSecretStore extends ForwardingSecretStore {
    private final long latencyNanos;
    private final AtomicLong reads = new AtomicLong();

    public SlowSecretStore(SecretStore delegate, long latencyNanos) {
        super(delegate);
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
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        pause();
        return super.get(tenant, namespace, key);
    }

    @Override
    public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        pause();
        return super.list(tenant, namespace);
    }

    /** Publishes no change events, like a remote secret service that cannot report changes. */
    @Override
    public Subscription subscribe(ChangeListener listener) {
        return Subscription.NONE;
    }
}
