package dev.cascade.secrets.vault;

import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * KV v2 check-and-set edge cases: mounts with {@code cas_required}, Vault's other check-and-set errors,
 * retried writes whose first attempt was applied, and create-only over a soft-deleted latest version.
 */
class VaultCheckAndSetTest {
    static FakeVault vault;
    TenantId tenant;
    final NamespaceId ns = NamespaceId.of("team");
    final SecretKey key = SecretKey.of("K");

    @BeforeAll
    static void startVault() throws Exception {
        vault = new FakeVault();
        vault.mount("strict", 2);
        vault.casRequired("strict", true);
    }

    @AfterAll
    static void stopVault() {
        vault.close();
    }

    @BeforeEach
    void freshTenant() {
        tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
        vault.clearFaults();
        vault.resetRequests();
    }

    private TestSupport.Harness strict() {
        return new TestSupport.Harness(TestSupport.v2(vault).mount("strict").build());
    }

    private String path() {
        return "cascade/" + tenant + "/team/K";
    }

    private SecretMetadata put(SecretStore store, String value, long expected) {
        return store.put(tenant, ns, key, SecretValue.of(value), SecretAttributes.NONE, expected);
    }

    @Test
    void anyVersionWritesWorkOnACasRequiredMount() {
        TestSupport.Harness h = strict();
        assertThat(put(h.store, "one", SecretStore.ANY_VERSION).version()).isEqualTo(1);
        assertThat(put(h.store, "two", SecretStore.ANY_VERSION).version()).isEqualTo(2);
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("two");
        // the store learnt the mount needs cas: the second write read the version and sent it, no refused POST
        assertThat(vault.count("POST", "/v1/strict/data/")).isEqualTo(3);
        // versioned writes keep their meaning on such a mount
        assertThat(put(h.store, "three", 2).version()).isEqualTo(3);
        assertThatThrownBy(() -> put(h.store, "stale", 2)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> put(h.store, "create-only", SecretStore.MUST_NOT_EXIST))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void anyVersionOnACasRequiredMountRetriesOnceWhenAnotherWriterGetsBetween() {
        TestSupport.Harness h = strict();
        put(h.store, "one", SecretStore.ANY_VERSION); // learns cas_required
        vault.failNext(1, 400, "/v1/strict/data/", "check-and-set parameter did not match the current version");
        assertThat(put(h.store, "two", SecretStore.ANY_VERSION).version()).isEqualTo(2);
        vault.failNext(2, 400, "/v1/strict/data/", "check-and-set parameter did not match the current version");
        assertThatThrownBy(() -> put(h.store, "three", SecretStore.ANY_VERSION))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("expected version any");
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("two");
    }

    @Test
    void otherCheckAndSetErrorsAreNotConflicts() {
        TestSupport.Harness h = new TestSupport.Harness(TestSupport.v2(vault).build());
        put(h.store, "one", SecretStore.MUST_NOT_EXIST);
        vault.failNext(1, 400, "/v1/secret/data/", "check-and-set parameter required for this call");
        assertThatThrownBy(() -> put(h.store, "two", 1))
                .isInstanceOf(BackendException.class)
                .isNotInstanceOf(ConflictException.class)
                .hasMessageContaining("Vault answered 400")
                .hasMessageContaining("check-and-set parameter required");
    }

    @Test
    void aRetriedWriteWhoseFirstAttemptWasAppliedSucceeds() {
        TestSupport.Harness h = new TestSupport.Harness(TestSupport.v2(vault).build());
        put(h.store, "one", SecretStore.MUST_NOT_EXIST);
        vault.resetRequests();
        vault.applyThenDropNext(1, "/v1/secret/data/");
        SecretMetadata m = put(h.store, "two", 1);
        assertThat(m.version()).isEqualTo(2);
        assertThat(vault.count("POST", "/v1/secret/data/")).isEqualTo(2); // applied, lost, retried into a mismatch
        assertThat(vault.v2VersionCount("secret", path())).isEqualTo(2);
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("two");
    }

    @Test
    void aRetriedCreateWhoseFirstAttemptWasAppliedSucceeds() {
        TestSupport.Harness h = new TestSupport.Harness(TestSupport.v2(vault).build());
        vault.applyThenDropNext(1, "/v1/secret/data/");
        assertThat(put(h.store, "first", SecretStore.MUST_NOT_EXIST).version()).isEqualTo(1);
        assertThat(vault.v2VersionCount("secret", path())).isEqualTo(1);
    }

    @Test
    void aConflictWithoutARetryIsNotReadBack() {
        TestSupport.Harness h = new TestSupport.Harness(TestSupport.v2(vault).build());
        put(h.store, "one", SecretStore.MUST_NOT_EXIST);
        put(h.store, "two", 1);
        vault.resetRequests();
        // the current version holds "two" at version 2 = 1 + 1, yet this write was not retried: a real conflict
        assertThatThrownBy(() -> put(h.store, "two", 1)).isInstanceOf(ConflictException.class);
        assertThat(vault.count("GET", "/v1/secret/data/")).isZero();
    }

    @Test
    void createOnlyOverASoftDeletedLatestVersionTreatsTheSecretAsAbsent() {
        TestSupport.Harness h = new TestSupport.Harness(TestSupport.v2(vault).build());
        put(h.store, "one", SecretStore.MUST_NOT_EXIST);
        put(h.store, "two", 1);
        vault.softDeleteLatest("secret", path()); // as `vault kv delete` does
        assertThat(h.store.metadata(tenant, ns, key)).isEmpty();
        assertThat(h.store.get(tenant, ns, key)).isEmpty();
        SecretMetadata m = put(h.store, "again", SecretStore.MUST_NOT_EXIST);
        assertThat(m.version()).isEqualTo(3);
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("again");
        // now the latest version is live again: create-only conflicts
        assertThatThrownBy(() -> put(h.store, "once-more", SecretStore.MUST_NOT_EXIST))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void createOnlyOverASoftDeletedSecretWorksOnACasRequiredMountToo() {
        TestSupport.Harness h = strict();
        put(h.store, "one", SecretStore.MUST_NOT_EXIST);
        vault.softDeleteLatest("strict", path());
        assertThat(put(h.store, "again", SecretStore.MUST_NOT_EXIST).version()).isEqualTo(2);
        assertThat(h.store.metadata(tenant, ns, key)).map(SecretMetadata::version).contains(2L);
        assertThat(vault.v2CustomMetadata("strict", path())).isEqualTo(Map.of());
    }
}
