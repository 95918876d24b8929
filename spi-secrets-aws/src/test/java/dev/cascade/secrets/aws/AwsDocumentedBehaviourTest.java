package dev.cascade.secrets.aws;

import dev.cascade.BackendException;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.Resolver;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a real Secrets Manager account does that a naive fake would not, as the fake models it from the API
 * reference: ListSecrets lagging behind writes (here by an hour, until a test settles it), forced deletion
 * finishing in the background, forcing the deletion of a missing secret succeeding, the version quota with
 * 24-hour retention, and per-secret errors of BatchGetSecretValue.
 */
class AwsDocumentedBehaviourTest {
    private static FakeSecretsManager fake;
    private final List<AwsSecretStore> stores = new ArrayList<>();
    private TenantId tenant;
    private final NamespaceId parent = NamespaceId.of("company");
    private final NamespaceId child = NamespaceId.of("company.team");

    @BeforeAll
    static void startFake() throws Exception {
        fake = new FakeSecretsManager();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void fresh() {
        tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
        fake.listingLag(Duration.ofHours(1));
        fake.resetCounts();
    }

    @AfterEach
    void reset() {
        stores.forEach(AwsSecretStore::close);
        fake.forcedDeletionDelay(Duration.ZERO);
        fake.versionQuota(Integer.MAX_VALUE);
        fake.clearDenials();
    }

    private AwsSecretStore store(AwsSecretStoreConfig.Builder config) {
        AwsSecretStore s = AwsSecretStore.create(config.build());
        stores.add(s);
        return s;
    }

    private AwsSecretStore store() {
        return store(fake.config());
    }

    private String name(NamespaceId ns, String key) {
        return "cascade/" + tenant.value() + "/" + ns.value() + "/" + key;
    }

    private static SecretKey key(String k) {
        return SecretKey.of(k);
    }

    private Resolver resolver(SecretStore store) {
        InMemoryStorage storage = new InMemoryStorage();
        storage.namespaces().create(tenant, parent, NamespaceProperties.EMPTY);
        storage.namespaces().create(tenant, child, NamespaceProperties.EMPTY);
        return Resolver.builder().storage(storage).secretStores(SecretStores.single(store)).executor(Runnable::run).build();
    }

    // ---- ListSecrets lag --------------------------------------------------------------------------------

    @Test
    void theStoreDeclaresItsListingEventuallyConsistent() {
        assertThat(store().listIsStronglyConsistent()).isFalse();
    }

    @Test
    void aChildsNewSecretIsServedAtOnceNotTheParentsWhileListSecretsLags() {
        fake.plant(name(parent, "DB_PASSWORD"), "parent-value", false, Map.of());
        fake.settleListing(); // the parent's secret is old
        AwsSecretStore store = store();
        try (Resolver resolver = resolver(store)) {
            // written a moment ago by another process: ListSecrets will not show it for a while
            fake.plant(name(child, "DB_PASSWORD"), "child-value", false, Map.of());
            assertThat(store.list(tenant, child)).as("ListSecrets lags").isEmpty();

            assertThat(resolver.render(tenant, child, "{{ secret('DB_PASSWORD') }}", Map.of()).output())
                    .isEqualTo("child-value");
            assertThat(resolver.render(tenant, parent, "{{ secret('DB_PASSWORD') }}", Map.of()).output())
                    .isEqualTo("parent-value");
        }
    }

    @Test
    void aNewSecretInANamespaceWithoutOthersIsFoundAtOnce() {
        AwsSecretStore store = store();
        try (Resolver resolver = resolver(store)) {
            fake.plant(name(child, "API_TOKEN"), "fresh-token", false, Map.of());
            assertThat(resolver.render(tenant, child, "{{ secret('API_TOKEN') }}", Map.of()).output())
                    .isEqualTo("fresh-token");
        }
    }

    @Test
    void theStoresOwnWritesAndDeletesShowInItsListingDespiteTheLag() {
        AwsSecretStore store = store();
        store.put(tenant, child, key("A"), SecretValue.of("a-1"), SecretAttributes.of("first"), SecretStore.MUST_NOT_EXIST);
        store.put(tenant, child, key("B"), SecretValue.of("b-1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        assertThat(store.list(tenant, child)).extracting(m -> m.key().value()).containsExactly("A", "B");
        assertThat(store.getAll(tenant, child)).containsOnlyKeys(key("A"), key("B"));

        fake.settleListing();
        store.put(tenant, child, key("A"), SecretValue.of("a-2"), SecretAttributes.of("second"), SecretStore.ANY_VERSION);
        store.delete(tenant, child, key("B"), SecretStore.ANY_VERSION);
        List<SecretMetadata> list = store.list(tenant, child);
        assertThat(list).extracting(m -> m.key().value()).containsExactly("A");
        assertThat(list.get(0).description()).isEqualTo("second");
        assertThat(list.get(0).version()).isEqualTo(2);
        assertThat(store.getAll(tenant, child)).containsOnly(Map.entry(key("A"), SecretValue.of("a-2")));
    }

    @Test
    void anotherWritersSecretIsListedOnceListSecretsCatchesUpButReadAtOnce() {
        AwsSecretStore store = store();
        fake.plant(name(child, "OTHER"), "other-value", false, Map.of());
        assertThat(store.get(tenant, child, key("OTHER"))).map(SecretValue::reveal).contains("other-value");
        assertThat(store.metadata(tenant, child, key("OTHER"))).isPresent();
        assertThat(store.list(tenant, child)).isEmpty();
        fake.settleListing();
        assertThat(store.list(tenant, child)).extracting(m -> m.key().value()).containsExactly("OTHER");
    }

    @Test
    void aPrefetchLeavesOutASecretDeletedElsewhereThatTheLaggingListingStillShows() {
        AwsSecretStore store = store();
        fake.plant(name(child, "KEPT"), "kept", false, Map.of());
        fake.plant(name(child, "GONE"), "gone", false, Map.of());
        fake.settleListing();
        fake.remove(name(child, "GONE")); // forced deletion by another tool; still listed for a while
        assertThat(store.getAll(tenant, child)).containsOnly(Map.entry(key("KEPT"), SecretValue.of("kept")));
    }

    // ---- BatchGetSecretValue per-secret errors ----------------------------------------------------------

    @Test
    void oneSecretThePolicyDeniesDoesNotFailThePrefetch() {
        AwsSecretStore store = store();
        for (String k : List.of("A", "B", "C")) {
            fake.plant(name(child, k), "value-" + k, false, Map.of());
        }
        fake.settleListing();
        fake.denyGetSecretValue(name(child, "B"));
        assertThat(store.getAll(tenant, child))
                .containsOnly(Map.entry(key("A"), SecretValue.of("value-A")), Map.entry(key("C"), SecretValue.of("value-C")));
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(1);
        assertThatThrownBy(() -> store.get(tenant, child, key("B")))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("'B'");
    }

    // ---- forced deletion ------------------------------------------------------------------------------

    @Test
    void forcedDeletionFinishingInTheBackgroundReadsAsDeletedAndRecreationWaitsForIt() {
        fake.forcedDeletionDelay(Duration.ofMillis(300));
        AwsSecretStore store = store(fake.config().forceDelete(true));
        store.put(tenant, child, key("K"), SecretValue.of("first"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        assertThat(store.delete(tenant, child, key("K"), SecretStore.ANY_VERSION)).isTrue();
        assertThat(fake.secret(name(child, "K"))).as("still being deleted").isNotNull();
        assertThat(store.get(tenant, child, key("K"))).isEmpty();
        assertThat(store.metadata(tenant, child, key("K"))).isEmpty();
        assertThat(store.list(tenant, child)).isEmpty();
        assertThat(store.delete(tenant, child, key("K"), SecretStore.ANY_VERSION)).isFalse();
        // create-only again right away: the store backs off until the name is free (as the API reference asks)
        SecretMetadata again = store.put(tenant, child, key("K"), SecretValue.of("second"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        assertThat(again.version()).isEqualTo(1);
        assertThat(store.get(tenant, child, key("K"))).map(SecretValue::reveal).contains("second");
    }

    @Test
    void forcingTheDeletionOfAMissingSecretIsNoErrorAndTheStoreReportsNothingDeleted() {
        try (SecretsManagerClient client = AwsSecretStore.buildClient(fake.config().build())) {
            // the fake follows the API reference: no ResourceNotFoundException
            client.deleteSecret(b -> b.secretId(name(child, "NEVER")).forceDeleteWithoutRecovery(true));
        }
        AwsSecretStore store = store(fake.config().forceDelete(true));
        assertThat(store.delete(tenant, child, key("NEVER"), SecretStore.ANY_VERSION)).isFalse();
    }

    // ---- version retention and quota --------------------------------------------------------------------

    @Test
    void theVersionQuotaIsReportedAsSuchAndOldDeprecatedVersionsMakeRoomAfter24Hours() {
        fake.versionQuota(100);
        AwsSecretStore store = store();
        SecretKey k = key("BUSY");
        for (int i = 1; i <= 100; i++) {
            store.put(tenant, child, k, SecretValue.of("v" + i), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        }
        assertThatThrownBy(() -> store.put(tenant, child, k, SecretValue.of("v101"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("LimitExceededException")
                .hasMessageContaining("quota of versions")
                .hasMessageContaining("nothing was written")
                .hasMessageNotContaining("v101");
        assertThat(store.get(tenant, child, k)).map(SecretValue::reveal).contains("v100");

        fake.advance(Duration.ofHours(25)); // deprecated versions older than 24 hours may now be removed
        SecretMetadata m = store.put(tenant, child, k, SecretValue.of("v101"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThat(m.version()).as("numbers keep increasing after old versions are removed").isEqualTo(101);
        assertThat(store.metadata(tenant, child, k).orElseThrow().version()).isEqualTo(101);
    }
}
