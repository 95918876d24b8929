package dev.cascade.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.ReadOnlyStoreException;
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

/** Behaviour specific to Vault: layout, custom_metadata, KV v1 bookkeeping, read-only, headers. */
class VaultSecretStoreTest {
    static FakeVault vault;
    TenantId tenant;
    final NamespaceId ns = NamespaceId.of("company.marketing");
    final SecretKey key = SecretKey.of("GITHUB_TOKEN");

    @BeforeAll
    static void startVault() throws Exception {
        vault = new FakeVault();
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

    private VaultSecretStore v2() {
        return new VaultSecretStore(TestSupport.v2(vault).build());
    }

    @Test
    void secretLivesAtPrefixTenantNamespaceKeyWithValueFieldAndCustomMetadata() {
        VaultSecretStore store = v2();
        String path = "cascade/" + tenant + "/company.marketing/GITHUB_TOKEN";
        assertThat(store.pathOf(tenant, ns, key)).isEqualTo(path);
        SecretMetadata m = store.put(tenant, ns, key, SecretValue.of("ghp_value"),
                new SecretAttributes("GitHub token", Map.of("team", "marketing")), SecretStore.MUST_NOT_EXIST);
        assertThat(m.version()).isEqualTo(1);
        assertThat(vault.v2VersionCount("secret", path)).isEqualTo(1);
        assertThat(vault.v2CustomMetadata("secret", path))
                .containsExactlyInAnyOrderEntriesOf(Map.of("description", "GitHub token", "team", "marketing"));
        assertThat(vault.count("POST", "/v1/secret/data/" + path)).isEqualTo(1);
        assertThat(vault.count("POST", "/v1/secret/metadata/" + path)).isEqualTo(1);
    }

    @Test
    void unchangedAttributesCostNoMetadataWrite() {
        VaultSecretStore store = v2();
        SecretAttributes attrs = new SecretAttributes("d", Map.of("k", "v"));
        SecretMetadata v1 = store.put(tenant, ns, key, SecretValue.of("one"), attrs, SecretStore.ANY_VERSION);
        vault.resetRequests();
        SecretMetadata v2 = store.put(tenant, ns, key, SecretValue.of("two"), attrs, v1.version());
        assertThat(v2.version()).isEqualTo(2);
        assertThat(vault.count("POST", "/metadata/")).isZero();
        store.put(tenant, ns, key, SecretValue.of("three"), SecretAttributes.NONE, v2.version());
        assertThat(vault.count("POST", "/metadata/")).isEqualTo(1);
        assertThat(store.metadata(tenant, ns, key).orElseThrow().tags()).isEmpty();
    }

    @Test
    void casMismatchIsAConflictAndSendsOptionsCas() {
        VaultSecretStore store = v2();
        store.put(tenant, ns, key, SecretValue.of("first"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        assertThatThrownBy(() -> store.put(tenant, ns, key, SecretValue.of("second"), SecretAttributes.NONE, 7))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("GITHUB_TOKEN").hasMessageContaining("company.marketing")
                .hasMessageContaining(tenant.value()).hasMessageContaining("expected version 7");
        assertThat(store.get(tenant, ns, key)).map(SecretValue::reveal).contains("first");
    }

    @Test
    void deleteRemovesMetadataAndAllVersions() {
        VaultSecretStore store = v2();
        String path = store.pathOf(tenant, ns, key);
        for (int i = 0; i < 3; i++) {
            store.put(tenant, ns, key, SecretValue.of("v" + i), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        }
        assertThat(vault.v2VersionCount("secret", path)).isEqualTo(3);
        assertThatThrownBy(() -> store.delete(tenant, ns, key, 2)).isInstanceOf(ConflictException.class);
        assertThat(store.delete(tenant, ns, key, 3)).isTrue();
        assertThat(vault.v2VersionCount("secret", path)).isEqualTo(-1);
        assertThat(vault.count("DELETE", "/v1/secret/metadata/" + path)).isEqualTo(1);
        assertThatThrownBy(() -> store.delete(tenant, ns, key, 3)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void existingLayoutWithoutValueFieldIsReturnedAsJsonObject() {
        vault.putV2("secret", "cascade/" + tenant + "/company.marketing/DB",
                Map.of("user", "admin", "password", "p@ss"), Map.of("owner", "dba", "description", "database"));
        VaultSecretStore store = v2();
        String value = store.get(tenant, ns, SecretKey.of("DB")).orElseThrow().reveal();
        JsonNode parsed = readJson(value);
        assertThat(parsed.path("user").asText()).isEqualTo("admin");
        assertThat(parsed.path("password").asText()).isEqualTo("p@ss");
        SecretMetadata m = store.metadata(tenant, ns, SecretKey.of("DB")).orElseThrow();
        assertThat(m.description()).isEqualTo("database");
        assertThat(m.tags()).containsExactly(Map.entry("owner", "dba"));
        assertThat(m.version()).isEqualTo(1);
    }

    @Test
    void listSkipsFoldersAndNamesThatAreNotKeys() {
        String folder = "cascade/" + tenant + "/company.marketing/";
        vault.putV2("secret", folder + "A_KEY", Map.of("value", "a"), Map.of());
        vault.putV2("secret", folder + "sub/NESTED", Map.of("value", "n"), Map.of());
        vault.putV2("secret", folder + "9-not-a-key", Map.of("value", "x"), Map.of());
        VaultSecretStore store = v2();
        assertThat(store.list(tenant, ns)).extracting(m -> m.key().value()).containsExactly("A_KEY");
        assertThat(store.getAll(tenant, ns)).containsOnlyKeys(SecretKey.of("A_KEY"));
        assertThat(vault.count("LIST", "/v1/secret/metadata/" + folder.substring(0, folder.length() - 1))).isEqualTo(2);
    }

    @Test
    void softDeletedLatestVersionReadsAsAbsent() {
        VaultSecretStore store = v2();
        store.put(tenant, ns, key, SecretValue.of("x"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        // another tool soft-deletes the latest version through the data endpoint
        rawDelete("/v1/secret/data/" + store.pathOf(tenant, ns, key));
        assertThat(store.get(tenant, ns, key)).isEmpty();
        assertThat(store.metadata(tenant, ns, key)).isEmpty();
        assertThat(store.list(tenant, ns)).isEmpty();
    }

    @Test
    void attributesVaultCannotHoldAreRefusedBeforeAnythingIsWritten() {
        VaultSecretStore store = v2();
        assertThatThrownBy(() -> store.put(tenant, ns, key, SecretValue.of("v"),
                SecretAttributes.of("x".repeat(600)), SecretStore.ANY_VERSION))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("the description is 600 bytes; Vault takes at most 512")
                .hasMessageContaining("nothing was written");
        assertThatThrownBy(() -> store.put(tenant, ns, key, SecretValue.of("v"),
                new SecretAttributes("", Map.of("description", "clash")), SecretStore.ANY_VERSION))
                .hasMessageContaining("the tag name 'description' is reserved");
        assertThat(vault.count("POST", "/v1/secret/")).isZero();
        assertThat(store.get(tenant, ns, key)).isEmpty();
    }

    @Test
    void kv1KeepsVersionDescriptionAndTagsNextToTheValue() {
        VaultSecretStore store = new VaultSecretStore(TestSupport.v1(vault).build());
        assertThat(store.supportsCompareAndSet()).isFalse();
        store.put(tenant, ns, key, SecretValue.of("one"), new SecretAttributes("desc", Map.of("a", "b")), SecretStore.MUST_NOT_EXIST);
        SecretMetadata m2 = store.put(tenant, ns, key, SecretValue.of("two"), new SecretAttributes("desc2", Map.of()), 1);
        assertThat(m2.version()).isEqualTo(2);
        JsonNode data = vault.v1Data("kv1", store.pathOf(tenant, ns, key));
        assertThat(data.path("value").asText()).isEqualTo("two");
        assertThat(data.path("__cascade").path("version").asLong()).isEqualTo(2);
        assertThat(data.path("__cascade").path("description").asText()).isEqualTo("desc2");
        assertThat(store.get(tenant, ns, key)).map(SecretValue::reveal).contains("two");
        // a stale version is still caught when nobody races the check
        assertThatThrownBy(() -> store.put(tenant, ns, key, SecretValue.of("three"), SecretAttributes.NONE, 1))
                .isInstanceOf(ConflictException.class).hasMessageContaining("current version is 2");
        // an existing KV v1 secret without bookkeeping reads as version 1, bookkeeping never leaks into the value
        vault.putV1("kv1", "cascade/" + tenant + "/company.marketing/LEGACY", Map.of("user", "u", "pass", "p"));
        assertThat(store.metadata(tenant, ns, SecretKey.of("LEGACY")).orElseThrow().version()).isEqualTo(1);
        assertThat(readJson(store.get(tenant, ns, SecretKey.of("LEGACY")).orElseThrow().reveal()).has("__cascade")).isFalse();
    }

    @Test
    void readOnlyStoreNeverWritesAndSaysSo() {
        VaultSecretStore store = new VaultSecretStore(TestSupport.v2(vault).readOnly(true).build());
        assertThat(store.isReadOnly()).isTrue();
        assertThatThrownBy(() -> store.put(tenant, ns, key, SecretValue.of("nope"), SecretAttributes.NONE, SecretStore.ANY_VERSION))
                .isInstanceOf(ReadOnlyStoreException.class)
                .hasMessageContaining("read-only").hasMessageContaining("GITHUB_TOKEN").hasMessageContaining("cascade");
        assertThatThrownBy(() -> store.delete(tenant, ns, key, SecretStore.ANY_VERSION)).isInstanceOf(ReadOnlyStoreException.class);
        assertThat(vault.requests()).isEmpty();
    }

    @Test
    void enterpriseNamespaceHeaderIsSentOnEveryRequest() {
        VaultSecretStore store = new VaultSecretStore(TestSupport.v2(vault).vaultNamespace("team-a/child").build());
        store.put(tenant, ns, key, SecretValue.of("v"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        store.list(tenant, ns);
        assertThat(vault.namespaceHeaders()).hasSize(vault.requests().size()).containsOnly("team-a/child");
    }

    @Test
    void customMountAndEmptyPrefix() {
        vault.mount("kv/team", 2);
        VaultSecretStore store = new VaultSecretStore(TestSupport.v2(vault).mount("kv/team").pathPrefix("").build());
        store.put(tenant, ns, key, SecretValue.of("v"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThat(vault.v2VersionCount("kv/team", tenant + "/company.marketing/GITHUB_TOKEN")).isEqualTo(1);
        assertThat(store.get(tenant, ns, key)).map(SecretValue::reveal).contains("v");
    }

    private static void rawDelete(String path) {
        try {
            java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(vault.address() + path))
                            .header("X-Vault-Token", vault.rootToken).DELETE().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).isEqualTo(204);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode readJson(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON");
        }
    }
}
