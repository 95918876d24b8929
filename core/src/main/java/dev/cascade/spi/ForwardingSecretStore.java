package dev.cascade.spi;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret store that passes every call to another store: the base for a decorator that adds something
 * around a backend (latency, counting, logging, a fault for a test) without re-implementing the rest.
 * Override the methods to change; every other method answers exactly as the delegate does, capability
 * flags ({@link #supportsCompareAndSet()}, {@link #listIsStronglyConsistent()}, {@link #supportsPrefetch()}
 * and the others), {@link #subscribe} and {@link #close()} included. A decorator that changes what a method
 * returns must keep the flags true to the new behaviour (a decorator that hides writes from {@link #list}
 * overrides {@link #listIsStronglyConsistent()} too), and should be proved with the contract kit like any
 * store.
 *
 * <p>Every method goes to the delegate, not to this class's other methods: {@link #metadata}, {@link #getAll}
 * and {@link #prefetch} read the delegate directly, so an override of {@link #get} or {@link #list} does not
 * see them. The resolver fills a cold namespace through {@code prefetch} when the delegate supports it, and the
 * management facade reads {@code metadata} before a write. A decorator that must see every read (a fault or
 * latency injector, a read counter) overrides those methods too, or returns {@code false} from
 * {@link #supportsPrefetch()}.
 *
 * <p>Thread-safe when the delegate is and the overrides are. {@link #toString()} names the class and the
 * delegate's {@link #name()}, never a value.
 */
public abstract class ForwardingSecretStore implements SecretStore {
    private final SecretStore delegate;

    /** @param delegate the store every call not overridden goes to */
    protected ForwardingSecretStore(SecretStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls go to. */
    protected final SecretStore delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        return delegate.get(tenant, namespace, key);
    }

    @Override
    public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        return delegate.list(tenant, namespace);
    }

    @Override
    public Optional<SecretMetadata> metadata(TenantId tenant, NamespaceId namespace, SecretKey key) {
        return delegate.metadata(tenant, namespace, key);
    }

    @Override
    public Map<SecretKey, SecretValue> getAll(TenantId tenant, NamespaceId namespace) {
        return delegate.getAll(tenant, namespace);
    }

    @Override
    public boolean supportsPrefetch() {
        return delegate.supportsPrefetch();
    }

    @Override
    public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
        return delegate.prefetch(tenant, namespace, maxKeys);
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

    @Override
    public boolean isNamespaceScoped() {
        return delegate.isNamespaceScoped();
    }

    @Override
    public boolean isReadOnly() {
        return delegate.isReadOnly();
    }

    @Override
    public boolean supportsCompareAndSet() {
        return delegate.supportsCompareAndSet();
    }

    @Override
    public boolean listIsStronglyConsistent() {
        return delegate.listIsStronglyConsistent();
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
        return delegate.subscribe(listener);
    }

    /** Closes the delegate: a decorator owns the store it wraps. */
    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        String type = getClass().getSimpleName();
        return (type.isEmpty() ? getClass().getName() : type) + "[" + delegate.name() + "]";
    }
}
