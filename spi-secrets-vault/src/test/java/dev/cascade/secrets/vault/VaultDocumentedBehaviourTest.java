package dev.cascade.secrets.vault;

import dev.cascade.BackendException;
import dev.cascade.ConflictException;
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

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behaviours of a real Vault that a deployment meets on day one, as the fake models them from Vault's API
 * documentation and the KV plugin: {@code delete_version_after} on the mount and on a key, the
 * custom_metadata rules, a proxy refusing the {@code LIST} verb, Enterprise's 412, a standby node.
 */
class VaultDocumentedBehaviourTest {
    static FakeVault vault;
    TenantId tenant;
    final NamespaceId ns = NamespaceId.of("company.marketing");
    final SecretKey key = SecretKey.of("GITHUB_TOKEN");
    TestSupport.Harness h;

    @BeforeAll
    static void startVault() throws Exception {
        vault = new FakeVault();
    }

    @AfterAll
    static void stopVault() {
        vault.close();
    }

    @BeforeEach
    void fresh() {
        tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
        vault.clearFaults();
        vault.resetRequests();
        h = new TestSupport.Harness(TestSupport.v2(vault).build());
        h.clock.advance(vault.skew()); // the store's clock agrees with the fake's, moved by earlier tests
    }

    @AfterEach
    void reset() {
        vault.deleteVersionAfter("secret", Duration.ZERO);
        vault.refuseListVerb(false);
        vault.active();
        vault.notYetReplicated(0);
    }

    /** Moves both clocks: Vault's and the store's. */
    private void advance(Duration d) {
        vault.advance(d);
        h.clock.advance(d);
    }

    private String path(SecretKey k) {
        return "cascade/" + tenant + "/" + ns + "/" + k;
    }

    // ---- delete_version_after ---------------------------------------------------------------------------

    @Test
    void aMountWithDeleteVersionAfterKeepsSecretsLiveUntilTheirDeletionTime() {
        vault.deleteVersionAfter("secret", Duration.ofHours(1));
        h.store.put(tenant, ns, key, SecretValue.of("live-value"), SecretAttributes.of("d"), SecretStore.MUST_NOT_EXIST);

        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("live-value");
        assertThat(h.store.metadata(tenant, ns, key)).as("a future deletion_time is not a deletion").isPresent();
        assertThat(h.store.list(tenant, ns)).extracting(SecretMetadata::key).containsExactly(key);
        assertThatThrownBy(() -> h.store.put(tenant, ns, key, SecretValue.of("intruder"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST)).as("create-only over a live secret").isInstanceOf(ConflictException.class);
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("live-value");

        advance(Duration.ofMinutes(61));
        assertThat(h.store.get(tenant, ns, key)).as("Vault deleted it once the time passed").isEmpty();
        assertThat(h.store.metadata(tenant, ns, key)).isEmpty();
        assertThat(h.store.list(tenant, ns)).isEmpty();
        assertThat(h.store.getAll(tenant, ns)).isEmpty();
        SecretMetadata again = h.store.put(tenant, ns, key, SecretValue.of("recreated"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        assertThat(again.version()).isEqualTo(2);
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("recreated");
    }

    @Test
    void aKeyWithItsOwnDeleteVersionAfterUsesTheShorterOfKeyAndMount() {
        vault.deleteVersionAfter("secret", Duration.ofHours(2));
        vault.keyDeleteVersionAfter("secret", path(key), Duration.ofMinutes(30));
        h.store.put(tenant, ns, key, SecretValue.of("short-lived"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        advance(Duration.ofMinutes(29));
        assertThat(h.store.metadata(tenant, ns, key)).isPresent();
        assertThat(h.store.get(tenant, ns, key)).isPresent();
        advance(Duration.ofMinutes(2));
        assertThat(h.store.metadata(tenant, ns, key)).isEmpty();
        assertThat(h.store.get(tenant, ns, key)).isEmpty();
    }

    @Test
    void theResolverServesASecretOfADeleteVersionAfterMount() {
        vault.deleteVersionAfter("secret", Duration.ofDays(30));
        h.store.put(tenant, ns, key, SecretValue.of("resolved-value"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        InMemoryStorage storage = new InMemoryStorage();
        storage.namespaces().create(tenant, ns, NamespaceProperties.EMPTY);
        try (Resolver resolver = Resolver.builder().storage(storage).secretStores(SecretStores.single(h.store))
                .executor(Runnable::run).build()) {
            assertThat(resolver.render(tenant, ns, "{{ secret('GITHUB_TOKEN') }}", Map.of()).output())
                    .isEqualTo("resolved-value");
        }
    }

    // ---- custom_metadata rules --------------------------------------------------------------------------

    private void assertRefusedBeforeAnyWrite(SecretAttributes attrs, String... fragments) {
        vault.resetRequests();
        assertThatThrownBy(() -> h.store.put(tenant, ns, key, SecretValue.of("never-written"), attrs,
                SecretStore.ANY_VERSION))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("nothing was written")
                .hasMessageNotContaining("repeat the write")
                .hasMessageNotContaining("never-written")
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
        assertThat(vault.count("POST", "/v1/secret/")).as("no request wrote anything").isZero();
        assertThat(h.store.get(tenant, ns, key)).isEmpty();
    }

    @Test
    void anEmptyTagValueIsRefusedBeforeTheValueIsWritten() {
        assertRefusedBeforeAnyWrite(new SecretAttributes("", Map.of("pii", "")), "tag 'pii' is empty");
    }

    @Test
    void aDescriptionWithALineBreakOrATabIsRefusedBeforeTheValueIsWritten() {
        assertRefusedBeforeAnyWrite(SecretAttributes.of("first line\nsecond line"), "the description holds characters");
        assertRefusedBeforeAnyWrite(new SecretAttributes("", Map.of("owner", "a\tb")), "tag 'owner' holds characters");
        assertRefusedBeforeAnyWrite(new SecretAttributes("", Map.of("bad\u0007name", "x")), "bad\\u0007name");
    }

    @Test
    void lengthsAreCountedInBytes() {
        // 300 characters but 600 bytes of UTF-8: Vault refuses it; 200 such characters (400 bytes) pass
        assertRefusedBeforeAnyWrite(new SecretAttributes("", Map.of("city", "\u00e9".repeat(300))), "600 bytes");
        assertRefusedBeforeAnyWrite(new SecretAttributes("", Map.of("\u00e9".repeat(65), "x")), "130 bytes");
        SecretAttributes fits = new SecretAttributes("\u4e2d".repeat(170), Map.of("city", "\u00e9".repeat(200)));
        h.store.put(tenant, ns, key, SecretValue.of("fits"), fits, SecretStore.ANY_VERSION);
        assertThat(h.store.metadata(tenant, ns, key).orElseThrow().tags()).containsEntry("city", "\u00e9".repeat(200));
    }

    @Test
    void printableUnicodeAndSpacesAreAccepted() {
        SecretAttributes attrs = new SecretAttributes("Jeton GitHub \u2014 \u00e9quipe \u4e2d\u6587 \ud83d\udd11",
                Map.of("owner", "team a/b (c)"));
        h.store.put(tenant, ns, key, SecretValue.of("v"), attrs, SecretStore.ANY_VERSION);
        SecretMetadata m = h.store.metadata(tenant, ns, key).orElseThrow();
        assertThat(m.description()).isEqualTo(attrs.description());
        assertThat(m.tags()).containsEntry("owner", "team a/b (c)");
    }

    // ---- proxies, Enterprise, HA ------------------------------------------------------------------------

    @Test
    void listingWorksBehindAProxyThatRefusesTheListVerb() {
        h.store.put(tenant, ns, key, SecretValue.of("behind-proxy"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        vault.refuseListVerb(true);
        vault.resetRequests();
        assertThat(h.store.list(tenant, ns)).extracting(SecretMetadata::key).containsExactly(key);
        assertThat(h.store.getAll(tenant, ns)).containsEntry(key, SecretValue.of("behind-proxy"));
        assertThat(vault.requests()).noneMatch(r -> r.contains("refused by the proxy"))
                .anyMatch(r -> r.startsWith("LIST ") && r.endsWith("?list=true"));
    }

    @Test
    void enterprisePreconditionFailedIsRetriedWithBackoff() {
        h.store.put(tenant, ns, key, SecretValue.of("replicated"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        vault.notYetReplicated(2);
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("replicated");
        assertThat(h.sleeps).hasSize(2);
    }

    @Test
    void enterprisePreconditionFailedThatPersistsSaysWhatItMeans() {
        vault.notYetReplicated(10);
        assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("412")
                .hasMessageContaining("not yet received data");
    }

    @Test
    void aStandbyRedirectIsNotFollowedSoTheTokenStaysHome() throws Exception {
        try (FakeVault active = new FakeVault()) {
            vault.standby(active.address());
            assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("307")
                    .hasMessageContaining("point address at the active node");
            assertThat(active.requests()).isEmpty();
        }
    }

    @Test
    void aStandbyThatKnowsNoActiveNodeIsRetriedThenReported() {
        vault.standby(null);
        assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("503")
                .hasMessageContaining("active cluster node not found");
        vault.active();
        assertThat(h.store.get(tenant, ns, key)).isEmpty();
    }
}
