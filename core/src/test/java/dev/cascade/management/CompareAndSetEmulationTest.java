package dev.cascade.management;

import dev.cascade.Cascade;
import dev.cascade.ConflictException;
import dev.cascade.access.Actor;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ForwardingSecretStore;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * For a store without compare-and-set the facade compares versions itself before writing: a stale version and a
 * create over an existing secret are conflicts that change nothing (removing the facade's check fails this).
 */
class CompareAndSetEmulationTest {
    /** A store that writes whatever version it is given, as a backend without conditional writes would. */
    static final class NoCompareAndSetStore extends ForwardingSecretStore {
        NoCompareAndSetStore() {
            super(new InMemorySecretStore());
        }

        @Override
        public String name() {
            return "no-cas";
        }

        @Override
        public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                  SecretAttributes attributes, long expectedVersion) {
            return super.put(tenant, namespace, key, value, attributes, SecretStore.ANY_VERSION);
        }

        @Override
        public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
            return super.delete(tenant, namespace, key, SecretStore.ANY_VERSION);
        }

        @Override
        public boolean supportsCompareAndSet() {
            return false;
        }
    }

    @Test
    void staleAndMustNotExistWritesConflictAndChangeNothing() {
        NoCompareAndSetStore store = new NoCompareAndSetStore();
        try (Cascade cascade = Cascade.builder().secretStore(store).build()) {
            ManagementSession s = cascade.management().session(TenantId.DEFAULT, Actor.user("root"));
            NamespaceId ns = NamespaceId.of("company");
            SecretKey key = SecretKey.of("TOKEN");
            s.createNamespace(ns, NamespaceProperties.EMPTY);
            s.putSecret(ns, key, SecretValue.of("first-value-1234"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
            s.putSecret(ns, key, SecretValue.of("second-value-1234"), SecretAttributes.NONE, 1);

            assertThatThrownBy(() -> s.putSecret(ns, key, SecretValue.of("stale-write-1234"), SecretAttributes.NONE, 1))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("expected version 1")
                    .hasMessageNotContaining("stale-write");
            assertThatThrownBy(() -> s.putSecret(ns, key, SecretValue.of("create-again-1234"), SecretAttributes.NONE,
                    SecretStore.MUST_NOT_EXIST)).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> s.deleteSecret(ns, key, 1)).isInstanceOf(ConflictException.class);
            assertThat(store.get(TenantId.DEFAULT, ns, key)).contains(SecretValue.of("second-value-1234"));
            assertThat(store.metadata(TenantId.DEFAULT, ns, key).orElseThrow().version()).isEqualTo(2);
            // the current version and ANY still write
            s.putSecret(ns, key, SecretValue.of("third-value-1234"), SecretAttributes.NONE, 2);
            s.putSecret(ns, key, SecretValue.of("fourth-value-1234"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            assertThat(store.get(TenantId.DEFAULT, ns, key)).contains(SecretValue.of("fourth-value-1234"));
        }
    }
}
