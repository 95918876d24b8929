package dev.cascade.spring.boot;

import dev.cascade.CascadeException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Storage;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one store: UP when a read of a probe namespace (or of a probe key's metadata) answers, DOWN with the
 * backend and the reason when it throws. The reason is a Cascade exception's message (which names backend, operation,
 * tenant and namespace, never a value) or only the class of anything else; nothing a store returns is shown.
 * Thread-safe.
 */
public final class CascadeStoreHealthIndicator implements HealthIndicator {
    static final TenantId TENANT = TenantId.DEFAULT;
    static final NamespaceId PROBE = NamespaceId.of("cascade-health-probe");
    static final SecretKey PROBE_KEY = SecretKey.of("CASCADE_HEALTH_PROBE");

    private final String kind;
    private final String backend;
    private final Runnable probe;

    private CascadeStoreHealthIndicator(String kind, String backend, Runnable probe) {
        this.kind = kind;
        this.backend = backend;
        this.probe = probe;
    }

    /** Reads a probe namespace from {@code storage}. */
    public static CascadeStoreHealthIndicator storage(Storage storage) {
        return new CascadeStoreHealthIndicator("storage", storage.name(), () -> storage.namespaces().get(TENANT, PROBE));
    }

    /** Reads a probe key's metadata from {@code store}, configured as {@code name}. */
    public static CascadeStoreHealthIndicator secretStore(String name, SecretStore store) {
        return new CascadeStoreHealthIndicator("secret store '" + name + "'", store.name(),
                () -> store.metadata(TENANT, PROBE, PROBE_KEY));
    }

    @Override
    public Health health() {
        try {
            probe.run();
            return Health.up().withDetail("kind", kind).withDetail("backend", backend).build();
        } catch (CascadeException e) {
            return Health.down().withDetail("kind", kind).withDetail("backend", backend)
                    .withDetail("reason", e.getMessage()).build();
        } catch (RuntimeException e) {
            // a third-party store's message may carry data: only its class is shown
            return Health.down().withDetail("kind", kind).withDetail("backend", backend)
                    .withDetail("reason", e.getClass().getName() + " (message withheld)").build();
        }
    }
}
