package dev.cascade.backend;

import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.internal.ChangeBroadcaster;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Secrets held in memory, per (tenant, namespace, key). For tests and single-process hosts; values are
 * not encrypted and nothing survives the process. Thread-safe; writes are atomic compare-and-set.
 */
public final class InMemorySecretStore implements SecretStore {
    private record Entry(SecretValue value, SecretMetadata metadata) { }

    private record Scope(TenantId tenant, NamespaceId namespace) { }

    private final ConcurrentHashMap<Scope, ConcurrentSkipListMap<SecretKey, Entry>> data = new ConcurrentHashMap<>();
    private final ChangeBroadcaster changes = new ChangeBroadcaster();
    private final Clock clock;

    public InMemorySecretStore() {
        this(Clock.systemUTC());
    }

    public InMemorySecretStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "memory";
    }

    private ConcurrentSkipListMap<SecretKey, Entry> scope(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        return data.computeIfAbsent(new Scope(tenant, namespace), s -> new ConcurrentSkipListMap<>());
    }

    @Override
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        Objects.requireNonNull(key, "key");
        Entry e = scope(tenant, namespace).get(key);
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    @Override
    public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        List<SecretMetadata> result = new ArrayList<>();
        for (Entry e : scope(tenant, namespace).values()) {
            result.add(e.metadata());
        }
        return List.copyOf(result);
    }

    @Override
    public Optional<SecretMetadata> metadata(TenantId tenant, NamespaceId namespace, SecretKey key) {
        Objects.requireNonNull(key, "key");
        Entry e = scope(tenant, namespace).get(key);
        return e == null ? Optional.empty() : Optional.of(e.metadata());
    }

    @Override
    public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                              SecretAttributes attributes, long expectedVersion) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        SecretAttributes attrs = attributes == null ? SecretAttributes.NONE : attributes;
        Entry[] written = new Entry[1];
        scope(tenant, namespace).compute(key, (k, current) -> {
            long currentVersion = current == null ? 0 : current.metadata().version();
            if (expectedVersion != ANY_VERSION && expectedVersion != currentVersion) {
                throw new ConflictException("Conflict writing secret '" + key + "' in namespace '" + namespace
                        + "' (tenant '" + tenant + "'): expected version " + expectedVersion
                        + " but the current version is " + currentVersion);
            }
            written[0] = new Entry(value, new SecretMetadata(key, attrs.description(), attrs.tags(), clock.instant(),
                    currentVersion + 1));
            return written[0];
        });
        changes.publish(ChangeEvent.secret(tenant, namespace, key));
        return written[0].metadata();
    }

    @Override
    public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
        Objects.requireNonNull(key, "key");
        boolean[] deleted = new boolean[1];
        scope(tenant, namespace).compute(key, (k, current) -> {
            if (current == null) {
                if (expectedVersion != ANY_VERSION) {
                    throw new NotFoundException("Secret '" + key + "' does not exist in namespace '" + namespace
                            + "' (tenant '" + tenant + "')");
                }
                return null;
            }
            if (expectedVersion != ANY_VERSION && expectedVersion != current.metadata().version()) {
                throw new ConflictException("Conflict deleting secret '" + key + "' in namespace '" + namespace
                        + "' (tenant '" + tenant + "'): expected version " + expectedVersion
                        + " but the current version is " + current.metadata().version());
            }
            deleted[0] = true;
            return null;
        });
        if (deleted[0]) {
            changes.publish(ChangeEvent.secret(tenant, namespace, key));
        }
        return deleted[0];
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
        return changes.subscribe(listener);
    }

    /** Number of secrets held, over all tenants and namespaces. */
    public int size() {
        return data.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public String toString() {
        return "InMemorySecretStore";
    }
}
