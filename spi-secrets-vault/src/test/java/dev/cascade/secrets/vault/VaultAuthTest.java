package dev.cascade.secrets.vault;

import dev.cascade.BackendException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token, AppRole, userpass and Kubernetes auth: login, renewal before expiry, one re-login on 403. */
class VaultAuthTest {
    static FakeVault vault;
    final TenantId tenant = TenantId.of("auth");
    final NamespaceId ns = NamespaceId.of("team");
    final SecretKey key = SecretKey.of("K");

    @BeforeAll
    static void startVault() throws Exception {
        vault = new FakeVault();
    }

    @AfterAll
    static void stopVault() {
        vault.close();
    }

    @BeforeEach
    void reset() {
        vault.clearFaults();
        vault.loginTokens(3600, true);
        vault.resetRequests();
    }

    private TestSupport.Harness appRole() {
        return new TestSupport.Harness(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.appRole(vault.roleId, vault.secretId)).build());
    }

    private void write(SecretStore store, String value) {
        store.put(tenant, ns, key, SecretValue.of(value), SecretAttributes.NONE, SecretStore.ANY_VERSION);
    }

    @Test
    void appRoleLogsInOnceAndReusesTheToken() {
        TestSupport.Harness h = appRole();
        write(h.store, "a");
        h.store.get(tenant, ns, key);
        h.store.list(tenant, ns);
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
    }

    @Test
    void renewableTokenIsRenewedBeforeItExpires() {
        vault.loginTokens(60, true);
        TestSupport.Harness h = appRole();
        write(h.store, "a");
        h.clock.advance(Duration.ofSeconds(30));
        h.store.get(tenant, ns, key);
        assertThat(vault.count("POST", "/v1/auth/token/renew-self")).isZero();
        h.clock.advance(Duration.ofSeconds(15)); // past two thirds of the 60 s lease
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("a");
        assertThat(vault.count("POST", "/v1/auth/token/renew-self")).isEqualTo(1);
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
        h.clock.advance(Duration.ofSeconds(45)); // renewed lease: renewed again, still no new login
        h.store.get(tenant, ns, key);
        assertThat(vault.count("POST", "/v1/auth/token/renew-self")).isEqualTo(2);
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
    }

    @Test
    void nonRenewableTokenIsReplacedByANewLoginBeforeItExpires() {
        vault.loginTokens(60, false);
        TestSupport.Harness h = appRole();
        write(h.store, "a");
        h.clock.advance(Duration.ofSeconds(41));
        h.store.get(tenant, ns, key);
        assertThat(vault.count("POST", "/v1/auth/token/renew-self")).isZero();
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
    }

    @Test
    void expiredTokenLeadsToOneReLoginAndTheRequestSucceeds() {
        TestSupport.Harness h = appRole();
        write(h.store, "before-expiry");
        vault.expireIssuedTokens();
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("before-expiry");
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
    }

    @Test
    void aRefusalThatOutlivesTheReLoginFailsCleanlyAfterOneReLogin() {
        TestSupport.Harness h = appRole();
        write(h.store, "x");
        vault.failNext(10, 403, "/v1/secret/data/", "permission denied");
        assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("403 permission denied")
                .hasMessageContaining("tenant 'auth'").hasMessageContaining("key 'K'");
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
        assertThat(vault.count("GET", "/v1/secret/data/")).isEqualTo(2);
    }

    @Test
    void wrongAppRoleSecretIsALoginRefusal() {
        VaultSecretStore store = new VaultSecretStore(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.appRole(vault.roleId, "wrong-secret-id-value")).build());
        assertThatThrownBy(() -> store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("approle login refused (400)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret-id-value"));
    }

    @Test
    void userpassLogsIn() {
        VaultSecretStore store = new VaultSecretStore(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.userPass(vault.userName, vault.userPassword)).build());
        write(store, "via-userpass");
        assertThat(store.get(tenant, ns, key)).map(SecretValue::reveal).contains("via-userpass");
        assertThat(vault.count("POST", "/v1/auth/userpass/login/" + vault.userName)).isEqualTo(1);
        VaultSecretStore wrong = new VaultSecretStore(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.userPass(vault.userName, "not-the-password")).build());
        assertThatThrownBy(() -> wrong.get(tenant, ns, key)).isInstanceOf(BackendException.class)
                .hasMessageContaining("userpass login refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password"));
    }

    @Test
    void kubernetesReadsTheJwtFileAtEveryLogin(@TempDir Path dir) throws Exception {
        Path jwt = dir.resolve("token");
        Files.writeString(jwt, vault.kubernetesJwt + "\n");
        VaultSecretStore store = new VaultSecretStore(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.kubernetes(vault.kubernetesRole).withJwtFile(jwt)).build());
        write(store, "via-kubernetes");
        assertThat(store.get(tenant, ns, key)).map(SecretValue::reveal).contains("via-kubernetes");
        assertThat(vault.count("POST", "/v1/auth/kubernetes/login")).isEqualTo(1);

        VaultSecretStore missing = new VaultSecretStore(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.kubernetes(vault.kubernetesRole).withJwtFile(dir.resolve("absent"))).build());
        assertThatThrownBy(() -> missing.get(tenant, ns, key)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot read the Kubernetes service-account token file")
                .hasMessageContaining("absent");
    }

    @Test
    void renewableFixedTokenIsRenewedWithRenewSelf() {
        String token = vault.createToken(60, true);
        TestSupport.Harness h = new TestSupport.Harness(TestSupport.v2(vault).auth(VaultAuth.token(token)).build());
        write(h.store, "t");
        assertThat(vault.count("GET", "/v1/auth/token/lookup-self")).isEqualTo(1);
        h.clock.advance(Duration.ofSeconds(50));
        h.store.get(tenant, ns, key);
        assertThat(vault.count("POST", "/v1/auth/token/renew-self")).isEqualTo(1);
    }

    @Test
    void invalidFixedTokenFailsWithoutReLoginAndWithoutShowingIt() {
        VaultSecretStore store = new VaultSecretStore(TestSupport.v2(vault).auth(VaultAuth.token("hvs.not-a-real-token")).build());
        assertThatThrownBy(() -> store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("refused the configured token (403)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hvs.not-a-real-token"));
    }
}
