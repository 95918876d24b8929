package dev.cascade.internal.resolve;

import dev.cascade.ConfigurationException;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SecretLocator}: key sets are consulted only for stores whose listing is strongly consistent. */
class SecretLocatorTest {
    private static final TenantId T = TenantId.DEFAULT;
    private static final NamespaceId A = NamespaceId.of("a");
    private static final SecretKey K = SecretKey.of("K");
    private static final SecretKey L = SecretKey.of("L");

    @Test
    void aStronglyConsistentListingIsTrustedAnotherIsBypassed() {
        AtomicInteger lagLists = new AtomicInteger();
        InMemorySecretStore strong = new InMemorySecretStore();
        InMemorySecretStore backing = new InMemorySecretStore();
        SecretStore lagging = new SecretStore() {
            @Override
            public String name() {
                return "lagging";
            }

            @Override
            public java.util.Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
                return backing.get(tenant, namespace, key);
            }

            @Override
            public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
                lagLists.incrementAndGet();
                return List.of();
            }

            @Override
            public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                      SecretAttributes attributes, long expectedVersion) {
                return backing.put(tenant, namespace, key, value, attributes, expectedVersion);
            }

            @Override
            public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
                return backing.delete(tenant, namespace, key, expectedVersion);
            }

            @Override
            public boolean listIsStronglyConsistent() {
                return false;
            }
        };
        strong.put(T, A, K, SecretValue.of("v"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        SecretStores stores = new SecretStores("strong", Map.of("strong", strong, "lagging", lagging));
        long[] now = {1_000};
        SecretCache cache = new SecretCache(stores, ResolverCacheConfig.DEFAULTS, () -> now[0], Runnable::run, null);
        SecretLocator locator = new SecretLocator(stores, cache);
        assertThat(locator.trustsListing("strong")).isTrue();
        assertThat(locator.trustsListing("lagging")).isFalse();
        assertThat(locator.trustsListing("unknown")).isTrue();

        long[] due = {Long.MAX_VALUE};
        assertThat(locator.worthReading(T, A, "strong", K, due)).isTrue();
        assertThat(locator.worthReading(T, A, "strong", L, due)).isFalse();
        assertThat(due[0]).isEqualTo(1_000 + ResolverCacheConfig.DEFAULTS.secretNegativeTtl().toNanos());

        long[] untouched = {Long.MAX_VALUE};
        assertThat(locator.worthReading(T, A, "lagging", L, untouched)).isTrue();
        assertThat(untouched[0]).isEqualTo(Long.MAX_VALUE);
        assertThat(lagLists).hasValue(0);
        assertThatThrownBy(() -> locator.worthReading(T, A, "unknown", K, due))
                .isInstanceOf(ConfigurationException.class);
    }
}
