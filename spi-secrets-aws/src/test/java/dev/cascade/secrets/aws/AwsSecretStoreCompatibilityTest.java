package dev.cascade.secrets.aws;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.util.Map;
import java.util.UUID;

/**
 * The contract kit through the real SDK client (endpoint override, static fake credentials) against the
 * in-process fake: once writable, and once read-only adopting secrets by tags, seeded as another tool
 * would create them (any name, the three tags). The fake behaves as AWS documents: ListSecrets lags (by
 * 300 ms here, so that the kit's eventual listing assertions wait for it) and a secret holds at most 100
 * versions younger than 24 hours.
 */
class AwsSecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
    private static FakeSecretsManager fake;

    @BeforeAll
    static void startFake() throws Exception {
        fake = new FakeSecretsManager();
        fake.listingLag(java.time.Duration.ofMillis(300));
        fake.versionQuota(100);
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Override
    protected SecretStore createStore() {
        return AwsSecretStore.create(fake.config().build());
    }

    @Nested
    class ReadOnlyAdoptingByTags extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            // the kit seeds behind the store's back and reads at once: without the tag cache (its TTL is a
            // documented delay before out-of-band tagging shows; AwsSecretStoreTest covers the cache)
            return AwsSecretStore.create(fake.config().readOnly(true).adoptBy(AwsSecretStoreConfig.AdoptBy.TAGS)
                    .adoptNamePrefix("platform/").tagCacheTtl(java.time.Duration.ZERO).build());
        }

        @Override
        protected void seed(SecretStore store, TenantId tenant, NamespaceId namespace, SecretKey key, String value) {
            fake.plant("platform/" + UUID.randomUUID(), value, false,
                    Map.of("tenant", tenant.value(), "namespace", namespace.value(), "key", key.value()));
            // adopting by tags finds secrets through ListSecrets: a secret tagged by another tool is seen once
            // ListSecrets shows it (documented); the kit reads at once, so its seeds count as tagged long ago
            fake.settleListing();
        }
    }
}
