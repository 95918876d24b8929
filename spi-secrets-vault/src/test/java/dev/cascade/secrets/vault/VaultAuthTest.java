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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Token, AppRole, userpass and Kubernetes auth: login, renewal before expiry, one re-login when a 403 shows the
 * token is dead (never for a policy denial), revocation of replaced tokens.
 */
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
        vault.expireIssuedTokens(); // tokens of earlier tests must not count as current
        vault.clearFaults();
        vault.clearPolicies();
        vault.legacyTokenErrors(false);
        vault.capRenewals(Long.MAX_VALUE);
        vault.loginTokens(3600, true);
        vault.resetRequests();
    }

    /** The one valid token issued by a login; fails when there is none or more than one. */
    private String currentLoginToken() {
        List<String> valid = vault.knownTokens().stream()
                .filter(t -> t.startsWith("hvs.login-") && vault.tokenValid(t)).toList();
        assertThat(valid).hasSize(1);
        return valid.get(0);
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
        String first = currentLoginToken();
        h.clock.advance(Duration.ofSeconds(41));
        h.store.get(tenant, ns, key);
        assertThat(vault.count("POST", "/v1/auth/token/renew-self")).isZero();
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
        // the replaced token, still alive, was revoked
        assertThat(vault.count("POST", "/v1/auth/token/revoke-self")).isEqualTo(1);
        assertThat(vault.tokenValid(first)).isFalse();
    }

    @Test
    void expiredTokenLeadsToOneReLoginAndTheRequestSucceeds() {
        TestSupport.Harness h = appRole();
        write(h.store, "before-expiry");
        vault.expireIssuedTokens();
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("before-expiry");
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
    }

    @ParameterizedTest(name = "legacy wording {0}")
    @ValueSource(booleans = {false, true})
    void aPolicyDenialFailsAtOnceWithoutALogin(boolean legacy) {
        vault.legacyTokenErrors(legacy);
        TestSupport.Harness h = appRole();
        write(h.store, "x");
        vault.denyForLoginTokens("secret/data/cascade/auth/");
        for (int i = 0; i < 5; i++) { // the resolver probing ancestors: every denial, no login
            assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("403 permission denied")
                    .hasMessageContaining("the token is valid but its policy does not allow this path")
                    .hasMessageContaining("tenant 'auth'").hasMessageContaining("key 'K'");
        }
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
        assertThat(vault.count("GET", "/v1/secret/data/")).isEqualTo(5);
        // each denial's bare "permission denied" is checked with lookup-self; the token is alive: no login
        assertThat(vault.count("GET", "/v1/auth/token/lookup-self")).isEqualTo(5);
        assertThat(vault.count("POST", "/v1/auth/token/revoke-self")).isZero();
        assertThat(h.store.metadata(tenant, ns, key)).isPresent(); // the token still works where allowed
    }

    @Test
    void legacyWordingForADeadTokenIsConfirmedWithLookupSelfThenOneReLogin() {
        vault.legacyTokenErrors(true);
        TestSupport.Harness h = appRole();
        write(h.store, "before-expiry");
        vault.expireIssuedTokens();
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("before-expiry");
        assertThat(vault.count("GET", "/v1/auth/token/lookup-self")).isEqualTo(1);
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
    }

    @Test
    void documentedInvalidTokenWordingNeedsNoLookup() {
        TestSupport.Harness h = appRole();
        write(h.store, "before-expiry");
        vault.expireIssuedTokens();
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("before-expiry");
        assertThat(vault.count("GET", "/v1/auth/token/lookup-self")).isZero();
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
    }

    @Test
    void aRefusalOfTheFreshTokenFailsCleanlyAfterOneReLogin() {
        TestSupport.Harness h = appRole();
        write(h.store, "x");
        vault.expireIssuedTokens();
        vault.denyForLoginTokens("secret/data/");
        assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("even with a freshly logged-in token")
                .hasMessageContaining("tenant 'auth'").hasMessageContaining("key 'K'");
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
        assertThat(vault.count("GET", "/v1/secret/data/")).isEqualTo(2);
    }

    @ParameterizedTest(name = "legacy wording {0}")
    @ValueSource(booleans = {false, true})
    void manyThreadsMeetingAnExpiredTokenCauseExactlyOneLogin(boolean legacy) throws Exception {
        vault.legacyTokenErrors(legacy);
        TestSupport.Harness h = appRole();
        write(h.store, "shared");
        vault.expireIssuedTokens();
        vault.resetRequests();
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<SecretValue>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return h.store.get(tenant, ns, key);
                }));
            }
            start.countDown();
            for (Future<Optional<SecretValue>> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).map(SecretValue::reveal).contains("shared");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
        assertThat(vault.count("GET", "/v1/secret/data/")).isBetween((long) threads + 1, 2L * threads);
    }

    @Test
    void aTokenFoundDeadAgainRightAfterAReLoginDoesNotTriggerAnotherLogin() {
        TestSupport.Harness h = appRole();
        write(h.store, "x");
        vault.expireIssuedTokens();
        h.store.get(tenant, ns, key);
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
        vault.expireIssuedTokens(); // dead again at once: no login storm
        assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("not logging in again so soon");
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
        h.clock.advance(VaultHttp.MIN_RELOGIN_INTERVAL.plusSeconds(1));
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("x");
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(3);
    }

    @Test
    void aRenewalCappedByTheMaxTtlLeadsToALoginNotEverShorterRenewals() {
        vault.loginTokens(60, true);
        TestSupport.Harness h = appRole();
        write(h.store, "a");
        String first = currentLoginToken();
        vault.capRenewals(9); // near its max TTL: renew-self grants 9 s of the 60 asked
        h.clock.advance(Duration.ofSeconds(45));
        h.store.get(tenant, ns, key);
        assertThat(vault.count("POST", "/v1/auth/token/renew-self")).isEqualTo(1);
        h.clock.advance(Duration.ofSeconds(8));
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("a");
        assertThat(vault.count("POST", "/v1/auth/token/renew-self")).isEqualTo(1);
        assertThat(vault.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
        // the replaced token, still alive, was revoked
        assertThat(vault.count("POST", "/v1/auth/token/revoke-self")).isEqualTo(1);
        assertThat(vault.tokenValid(first)).isFalse();
    }

    @Test
    void closeRevokesTheLoginTokenAndLaterCallsFailCleanly() {
        TestSupport.Harness h = appRole();
        write(h.store, "a");
        String token = currentLoginToken();
        h.store.close();
        assertThat(vault.count("POST", "/v1/auth/token/revoke-self")).isEqualTo(1);
        assertThat(vault.tokenValid(token)).isFalse();
        assertThatThrownBy(() -> h.store.get(tenant, ns, key)).isInstanceOf(BackendException.class)
                .hasMessageContaining("closed");
        h.store.close(); // idempotent
        assertThat(vault.count("POST", "/v1/auth/token/revoke-self")).isEqualTo(1);
    }

    @Test
    void closeNeverRevokesAConfiguredToken() {
        String token = vault.createToken(3600, true);
        VaultSecretStore store = new VaultSecretStore(TestSupport.v2(vault).auth(VaultAuth.token(token)).build());
        write(store, "a");
        store.close();
        assertThat(vault.count("POST", "/v1/auth/token/revoke-self")).isZero();
        assertThat(vault.tokenValid(token)).isTrue();
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
