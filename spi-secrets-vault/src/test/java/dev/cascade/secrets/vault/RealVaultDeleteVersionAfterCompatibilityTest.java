package dev.cascade.secrets.vault;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract kit against a real Vault on a KV v2 mount with {@code delete_version_after}, where every
 * version carries a future {@code deletion_time}: set {@code VAULT_ADDR} and {@code VAULT_TOKEN}. The test
 * enables a fresh mount {@code cascade-dva-…} with {@code delete_version_after=1h} (needs a token allowed
 * to mount, such as a dev server's root token) and disables it afterwards; or set {@code VAULT_DVA_MOUNT} to
 * an existing KV v2 mount configured that way. Without a server every test is skipped and a line says why.
 */
class RealVaultDeleteVersionAfterCompatibilityTest extends SecretStoreCompatibilityKit {
    private static final String ADDR = System.getenv("VAULT_ADDR");
    private static final String TOKEN = System.getenv("VAULT_TOKEN");
    private static final boolean CONFIGURED = ADDR != null && !ADDR.isBlank() && TOKEN != null && !TOKEN.isBlank();
    private static String mount;
    private static boolean mountedHere;
    private static String skipReason;

    @BeforeAll
    static void mountWithDeleteVersionAfter() throws Exception {
        if (!CONFIGURED) {
            skipReason = "set VAULT_ADDR and VAULT_TOKEN to run the contract kit against a real Vault mount with"
                    + " delete_version_after";
        } else if (System.getenv("VAULT_DVA_MOUNT") != null && !System.getenv("VAULT_DVA_MOUNT").isBlank()) {
            mount = System.getenv("VAULT_DVA_MOUNT");
        } else {
            String candidate = "cascade-dva-" + UUID.randomUUID().toString().substring(0, 8);
            int enabled = call("POST", "sys/mounts/" + candidate, Map.of("type", "kv", "options", Map.of("version", "2")));
            int configured = enabled / 100 == 2
                    ? call("POST", candidate + "/config", Map.of("delete_version_after", "1h")) : 0;
            if (enabled / 100 == 2 && configured / 100 == 2) {
                mount = candidate;
                mountedHere = true;
            } else {
                skipReason = "could not enable and configure a KV v2 mount with delete_version_after (answers "
                        + enabled + ", " + configured + "); set VAULT_DVA_MOUNT to such a mount";
            }
        }
        if (mount == null) {
            System.out.println("[cascade-secrets-vault] RealVaultDeleteVersionAfterCompatibilityTest skipped: " + skipReason);
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mountedHere) {
            call("DELETE", "sys/mounts/" + mount, null);
        }
    }

    private static int call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ADDR.replaceAll("/+$", "") + "/v1/" + path))
                .header("X-Vault-Token", TOKEN);
        if (System.getenv("VAULT_NAMESPACE") != null) {
            b.header("X-Vault-Namespace", System.getenv("VAULT_NAMESPACE"));
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(new ObjectMapper().writeValueAsBytes(body)));
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    protected SecretStore createStore() {
        assumeTrue(mount != null, "real Vault with delete_version_after not available: " + skipReason);
        return new VaultSecretStore(VaultConfig.builder().address(ADDR).auth(VaultAuth.token(TOKEN)).mount(mount)
                .vaultNamespace(System.getenv("VAULT_NAMESPACE")).pathPrefix("cascade-kit").build());
    }

    @Override
    protected int concurrentWriters() {
        return 2;
    }

    @Override
    protected int concurrencyRounds() {
        return 5;
    }

    /** A live version of such a mount carries a future deletion time and is still a live secret. */
    @Test
    void aSecretWithAFutureDeletionTimeIsLiveEverywhere() {
        SecretKey key = SecretKey.of("DVA_LIVE");
        store.put(tenant, ns, key, SecretValue.of("dva-value"), SecretAttributes.of("on a dva mount"),
                SecretStore.MUST_NOT_EXIST);
        assertThat(store.get(tenant, ns, key)).map(SecretValue::reveal).contains("dva-value");
        assertThat(store.metadata(tenant, ns, key)).isPresent();
        assertThat(store.list(tenant, ns)).extracting(SecretMetadata::key).contains(key);
        assertThat(store.getAll(tenant, ns)).containsKey(key);
    }

    @AfterEach
    void removeWhatTheTestWrote() {
        if (store == null || mount == null) {
            return;
        }
        for (TenantId t : List.of(tenant, otherTenant)) {
            for (NamespaceId n : List.of(ns, child)) {
                for (SecretMetadata m : store.list(t, n)) {
                    store.delete(t, n, m.key(), SecretStore.ANY_VERSION);
                }
            }
        }
    }
}
