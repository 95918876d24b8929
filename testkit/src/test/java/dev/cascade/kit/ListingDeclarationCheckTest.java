package dev.cascade.kit;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kit's check of {@link SecretStore#listIsStronglyConsistent()}: it catches a store whose listing lags
 * while it claims otherwise, accepts an honest store whose listing catches up, and rejects one whose
 * listing never does.
 */
class ListingDeclarationCheckTest {

    /**
     * After a write, lists the namespace as it was before it for {@code lagCalls} listings (forever with a
     * negative lag), then as it is. One namespace at a time is enough for the kit's test.
     */
    static final class LaggingListingStore implements SecretStore {
        private final InMemorySecretStore data = new InMemorySecretStore();
        private final boolean declaresConsistent;
        private final int lagCalls;
        private final AtomicInteger listCalls = new AtomicInteger();
        private volatile List<SecretMetadata> stale;

        LaggingListingStore(boolean declaresConsistent, int lagCalls) {
            this.declaresConsistent = declaresConsistent;
            this.lagCalls = lagCalls;
        }

        @Override
        public String name() {
            return "lagging";
        }

        @Override
        public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
            return data.get(tenant, namespace, key);
        }

        @Override
        public Optional<SecretMetadata> metadata(TenantId tenant, NamespaceId namespace, SecretKey key) {
            return data.metadata(tenant, namespace, key);
        }

        @Override
        public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
            if (stale == null || lagCalls >= 0 && listCalls.incrementAndGet() > lagCalls) {
                stale = null; // caught up until the next write
                return data.list(tenant, namespace);
            }
            return stale;
        }

        @Override
        public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                  SecretAttributes attributes, long expectedVersion) {
            stale = data.list(tenant, namespace);
            listCalls.set(0);
            return data.put(tenant, namespace, key, value, attributes, expectedVersion);
        }

        @Override
        public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
            stale = data.list(tenant, namespace);
            listCalls.set(0);
            return data.delete(tenant, namespace, key, expectedVersion);
        }

        @Override
        public boolean listIsStronglyConsistent() {
            return declaresConsistent;
        }
    }

    private static SecretStoreCompatibilityKit kitFor(SecretStore under) {
        SecretStoreCompatibilityKit kit = new SecretStoreCompatibilityKit() {
            @Override
            protected SecretStore createStore() {
                return under; // (the kit's own field is called store)
            }

            @Override
            protected Duration listingDeadline() {
                return Duration.ofMillis(300);
            }
        };
        kit.openStore();
        return kit;
    }

    @Test
    void aStoreClaimingAConsistentListingThatLagsFailsTheKit() {
        SecretStoreCompatibilityKit kit = kitFor(new LaggingListingStore(true, 2));
        assertThatThrownBy(kit::listingHonoursItsConsistencyDeclaration)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("lists a write at once");
    }

    @Test
    void anHonestStoreWhoseListingCatchesUpPasses() {
        SecretStoreCompatibilityKit kit = kitFor(new LaggingListingStore(false, 2));
        assertThatCode(kit::listingHonoursItsConsistencyDeclaration).doesNotThrowAnyException();
        assertThatCode(kit::listIsSortedAndHoldsOnlyMetadata).doesNotThrowAnyException();
    }

    @Test
    void anHonestStoreWhoseListingNeverCatchesUpFailsAfterTheDeadline() {
        SecretStoreCompatibilityKit kit = kitFor(new LaggingListingStore(false, -1));
        assertThatThrownBy(kit::listingHonoursItsConsistencyDeclaration).isInstanceOf(AssertionError.class);
    }
}
