package dev.cascade.kit;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;

import java.util.List;
import java.util.Optional;

/**
 * The reference in-memory store behind a forwarding wrapper: as is it passes the kit; each broken store of
 * the kit's own tests overrides one method to break one rule.
 */
class ForwardingSecretStore implements SecretStore {
    final InMemorySecretStore delegate = new InMemorySecretStore();

    @Override
    public String name() {
        return "forwarding";
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
    public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                              SecretAttributes attributes, long expectedVersion) {
        return delegate.put(tenant, namespace, key, value, attributes, expectedVersion);
    }

    @Override
    public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
        return delegate.delete(tenant, namespace, key, expectedVersion);
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
        return delegate.subscribe(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
