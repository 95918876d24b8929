package dev.cascade.secrets.vault;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries with backoff on connection errors, 412, 429, 500, 502, 503 only; timeouts and sealing fail cleanly. */
class VaultFaultTest {
    static FakeVault vault;
    final TenantId tenant = TenantId.of("faults");
    final NamespaceId ns = NamespaceId.of("team");
    final SecretKey key = SecretKey.of("K");
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
    void setUp() {
        vault.clearFaults();
        vault.seal(false);
        h = new TestSupport.Harness(TestSupport.v2(vault).build());
        h.store.put(tenant, ns, key, SecretValue.of("stored"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        vault.resetRequests();
        h.sleeps.clear();
    }

    @ParameterizedTest
    @ValueSource(ints = {412, 429, 500, 502, 503})
    void retryableStatusesAreRetriedWithGrowingBackoff(int status) {
        vault.failNext(3, status, "/v1/secret/data/");
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("stored");
        assertThat(vault.count("GET", "/v1/secret/data/")).isEqualTo(4);
        // initial backoff 200 ms doubling; the jitter source returns 0.5: three quarters of each ceiling
        assertThat(h.sleeps).containsExactly(Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofMillis(600));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 405, 501, 504})
    void otherStatusesAreNotRetried(int status) {
        vault.failNext(1, status, "/v1/secret/metadata/");
        if (status == 404) {
            assertThat(h.store.metadata(tenant, ns, key)).isEmpty();
        } else {
            assertThatThrownBy(() -> h.store.metadata(tenant, ns, key))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("Vault answered " + status);
        }
        assertThat(vault.count("GET", "/v1/secret/metadata/")).isEqualTo(1);
        assertThat(h.sleeps).isEmpty();
    }

    @Test
    void droppedConnectionsAreRetried() {
        vault.dropNext(2, "/v1/secret/data/");
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("stored");
        assertThat(vault.count("GET", "/v1/secret/data/")).isEqualTo(3);
        // the JDK client itself retries a GET once when a pooled connection closes; the rest are ours
        assertThat(h.sleeps).hasSizeBetween(1, 2);
    }

    @Test
    void connectionsThatKeepDroppingEndInACleanBackendException() {
        vault.dropNext(10, "/v1/secret/data/");
        assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("Backend 'vault' failed on get (tenant 'faults', namespace 'team', key 'K')")
                .hasMessageContaining("failed for GET secret/data/cascade/faults/team/K (4 attempts)");
        assertThat(h.sleeps).hasSize(3);
        assertThat(vault.count("GET", "/v1/secret/data/")).isBetween(4L, 8L);
    }

    @Test
    void sealedVaultIsRetriedThenReportedAsSealed() {
        vault.seal(true);
        assertThatThrownBy(() -> h.store.list(tenant, ns))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("Vault is sealed or unavailable (503)")
                .hasMessageContaining("after 4 attempts")
                .hasMessageContaining("Vault said: Vault is sealed");
        assertThat(vault.count("LIST", "/v1/secret/metadata/")).isEqualTo(4);
        vault.seal(false);
        assertThat(h.store.list(tenant, ns)).hasSize(1);
    }

    @Test
    void aSlowAnswerTimesOutIntoABackendExceptionWithoutRetrying() {
        // a timeout a loaded machine still meets for the answers that are not delayed
        TestSupport.Harness fast = new TestSupport.Harness(TestSupport.v2(vault).requestTimeout(Duration.ofMillis(1500)).build());
        fast.store.get(tenant, ns, key); // logs in first, so only the data read is delayed
        vault.resetRequests();
        vault.delayNext(1, Duration.ofSeconds(8), "/v1/secret/data/");
        assertThatThrownBy(() -> fast.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("did not answer GET secret/data/cascade/faults/team/K within 1500 ms");
        assertThat(vault.count("GET", "/v1/secret/data/")).isEqualTo(1);
    }

    @Test
    void unreachableVaultIsRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        TestSupport.Harness dead = new TestSupport.Harness(VaultConfig.builder().address("http://127.0.0.1:" + port)
                .auth(VaultAuth.token("t")).maxRetries(2).build());
        assertThatThrownBy(() -> dead.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("connection to Vault at http://127.0.0.1:" + port + " failed")
                .hasMessageContaining("(3 attempts)");
        assertThat(dead.sleeps).hasSize(2);
    }

    @Test
    void aRedirectIsNotFollowedAndSaysWhatToDo() {
        vault.failNext(1, 307, "/v1/secret/data/");
        assertThatThrownBy(() -> h.store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("Vault answered 307 (a redirect")
                .hasMessageContaining("point address at the active node or a load balancer");
        assertThat(vault.count("GET", "/v1/secret/data/")).isEqualTo(1);
    }

    @Test
    void writesAreRetriedToo() {
        vault.failNext(1, 502, "/v1/secret/data/");
        h.store.put(tenant, ns, key, SecretValue.of("after-retry"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThat(h.store.get(tenant, ns, key)).map(SecretValue::reveal).contains("after-retry");
        assertThat(vault.count("POST", "/v1/secret/data/")).isEqualTo(2);
    }

    @Test
    void backoffDoublesIsCappedJitteredAndHonoursRetryAfter() {
        VaultConfig c = TestSupport.v2(vault).initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(700)).build();
        VaultHttp low = new VaultHttp(c, new ObjectMapper(), Clock.systemUTC(), d -> { }, () -> 0.0);
        VaultHttp high = new VaultHttp(c, new ObjectMapper(), Clock.systemUTC(), d -> { }, () -> 0.999999);
        assertThat(low.backoff(1, Optional.empty())).isEqualTo(Duration.ofMillis(50));
        assertThat(high.backoff(1, Optional.empty())).isEqualTo(Duration.ofMillis(99));
        assertThat(low.backoff(3, Optional.empty())).isEqualTo(Duration.ofMillis(200));
        assertThat(high.backoff(3, Optional.empty())).isEqualTo(Duration.ofMillis(399));
        assertThat(high.backoff(9, Optional.empty())).isEqualTo(Duration.ofMillis(699)); // capped
        assertThat(low.backoff(1, Optional.of("0"))).isEqualTo(Duration.ZERO);
        assertThat(low.backoff(1, Optional.of("60"))).isEqualTo(Duration.ofMillis(700)); // Retry-After, capped
    }
}
