package dev.cascade.internal.resolve;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A direct-mapped front of the effective-namespace cache: spares the Caffeine lookup (hash of a new key,
 * expiry bookkeeping, read buffer) for the namespaces a host resolves again and again. An entry is trusted
 * only while the {@link Generations generation} it was filled at is current, and until its expiry:
 * <ul>
 *   <li>with a test ticker, by reading the ticker ({@code expiresAt});</li>
 *   <li>with the system clock, without reading any clock: the namespace cache runs on Caffeine's scheduler
 *       and calls {@link #evicted} when it evicts an entry (expiry or size), which clears the slot holding it;
 *       the resolver checks after each fill that the entry was not evicted meanwhile.</li>
 * </ul>
 * Thread-safe. Not API.
 */
public final class NamespaceFront {
    private static final int SLOTS = 1024;

    private record Entry(TenantId tenant, NamespaceId namespace, NamespaceContext ctx, long generation, long expiresAt) { }

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    private final LongAdder hits = new LongAdder();
    /** The ticker to check expiry against, or null when evictions are pushed. */
    private final ClockReader clock;

    /** Reads a nanosecond clock. */
    @FunctionalInterface
    public interface ClockReader {
        long read();
    }

    /** @param clock the ticker expiry is checked against, or null when the cache pushes its evictions */
    public NamespaceFront(ClockReader clock) {
        this.clock = clock;
    }

    private static int slot(TenantId tenant, NamespaceId namespace) {
        return (tenant.hashCode() * 31 + namespace.hashCode()) & (SLOTS - 1);
    }

    /** The context remembered for (tenant, namespace) at {@code generation}, or null. */
    public NamespaceContext get(TenantId tenant, NamespaceId namespace, long generation) {
        Entry e = slots.getAcquire(slot(tenant, namespace));
        if (e != null && e.generation == generation && (e.namespace == namespace || e.namespace.equals(namespace))
                && (e.tenant == tenant || e.tenant.equals(tenant)) && (clock == null || clock.read() - e.expiresAt < 0)) {
            hits.increment();
            return e.ctx;
        }
        return null;
    }

    /** Remembers {@code ctx}, filled at {@code generation}, until {@code expiresAt} (by the ticker, if checked). */
    public void put(TenantId tenant, NamespaceId namespace, NamespaceContext ctx, long generation, long expiresAt) {
        slots.setRelease(slot(tenant, namespace), new Entry(tenant, namespace, ctx, generation, expiresAt));
    }

    /** The cache evicted {@code ctx}: forget it if a slot still holds it. */
    public void evicted(TenantId tenant, NamespaceId namespace, NamespaceContext ctx) {
        int slot = slot(tenant, namespace);
        Entry e = slots.getAcquire(slot);
        if (e != null && e.ctx == ctx) {
            slots.compareAndExchangeRelease(slot, e, null);
        }
    }

    /** Lookups served by the front. */
    public long hits() {
        return hits.sum();
    }
}
