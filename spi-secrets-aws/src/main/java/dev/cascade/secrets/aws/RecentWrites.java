package dev.cascade.secrets.aws;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The keys this store wrote or deleted during the last {@code window}, per namespace, so that its own
 * listing can be corrected for them: {@code ListSecrets} "might not reflect changes from the last five
 * minutes" (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html), while
 * {@code DescribeSecret} does. Bounded: beyond {@code capacity} keys at once, further writes are not
 * remembered (their listing then lags like anyone else's). Thread-safe.
 */
final class RecentWrites {
    private final long windowNanos;
    private final int capacity;
    private final LongSupplier ticker;
    private final Map<String, Map<SecretKey, Long>> byNamespace = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    RecentWrites(Duration window, int capacity, LongSupplier ticker) {
        this.windowNanos = window.toNanos();
        this.capacity = capacity;
        this.ticker = ticker;
    }

    private static String scope(TenantId tenant, NamespaceId namespace) {
        return tenant.value() + "/" + namespace.value();
    }

    /** Remembers that {@code key} changed now (written or deleted). */
    void record(TenantId tenant, NamespaceId namespace, SecretKey key) {
        if (size.get() >= capacity) {
            pruneAll();
            if (size.get() >= capacity) {
                return;
            }
        }
        Long previous = byNamespace.computeIfAbsent(scope(tenant, namespace), s -> new ConcurrentHashMap<>())
                .put(key, ticker.getAsLong());
        if (previous == null) {
            size.incrementAndGet();
        }
    }

    /** The keys of a namespace changed within the window (expired ones are forgotten on the way). */
    List<SecretKey> keys(TenantId tenant, NamespaceId namespace) {
        Map<SecretKey, Long> m = byNamespace.get(scope(tenant, namespace));
        if (m == null) {
            return List.of();
        }
        prune(m);
        return List.copyOf(m.keySet());
    }

    private void prune(Map<SecretKey, Long> m) {
        long now = ticker.getAsLong();
        m.entrySet().removeIf(e -> {
            boolean expired = now - e.getValue() > windowNanos;
            if (expired) {
                size.decrementAndGet();
            }
            return expired;
        });
    }

    private void pruneAll() {
        byNamespace.values().forEach(this::prune);
        byNamespace.values().removeIf(Map::isEmpty);
    }
}
