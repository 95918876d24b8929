package dev.cascade.secrets.vault;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the store through success and every failure path while capturing all log output, then checks
 * that no secret value, token, secret id, password or JWT appears in a log line, a logged throwable, an
 * exception message, or anywhere in an exception's stack trace and causes.
 */
class VaultSecretLeakTest {
    private final String value = "SUPER-SECRET-VALUE-" + UUID.randomUUID();
    private final TenantId tenant = TenantId.of("leak");
    private final NamespaceId ns = NamespaceId.of("team.payments");
    private final SecretKey key = SecretKey.of("DB_PASSWORD");
    private final List<Throwable> thrown = new ArrayList<>();
    private FakeVault vault;
    private ListAppender<ILoggingEvent> appender;
    private Logger root;

    @BeforeEach
    void capture() throws Exception {
        vault = new FakeVault();
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        vault.close();
    }

    private void expectFailure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            thrown.add(e);
            return;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void noSecretReachesALogLineOrAnException(@TempDir Path dir) throws Exception {
        vault.loginTokens(60, true);
        TestSupport.Harness h = new TestSupport.Harness(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.appRole(vault.roleId, vault.secretId)).build());
        SecretStore store = h.store;

        // success paths
        store.put(tenant, ns, key, SecretValue.of(value), SecretAttributes.of("db"), SecretStore.MUST_NOT_EXIST);
        assertThat(store.get(tenant, ns, key)).map(SecretValue::reveal).contains(value);
        store.list(tenant, ns);
        store.getAll(tenant, ns);
        // conflict
        expectFailure(() -> store.put(tenant, ns, key, SecretValue.of(value + "-2"), SecretAttributes.NONE, 9));
        // retries, renewal, re-login
        vault.failNext(2, 503, "/v1/secret/data/");
        store.get(tenant, ns, key);
        h.clock.advance(Duration.ofSeconds(50));
        store.get(tenant, ns, key);
        vault.expireIssuedTokens();
        store.get(tenant, ns, key);
        // Vault echoing the value being written in an error
        vault.failNext(1, 400, "/v1/secret/data/", "cannot store '" + value + "-echo'");
        expectFailure(() -> store.put(tenant, ns, key, SecretValue.of(value + "-echo"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION));
        assertThat(thrown.get(thrown.size() - 1).getMessage()).contains("<redacted>");
        // persistent refusal, dropped connections, sealed, timeout
        vault.failNext(5, 403, "/v1/secret/data/", "permission denied");
        expectFailure(() -> store.get(tenant, ns, key));
        vault.clearFaults();
        vault.dropNext(20, "/v1/secret/data/");
        expectFailure(() -> store.get(tenant, ns, key));
        vault.clearFaults();
        vault.seal(true);
        expectFailure(() -> store.list(tenant, ns));
        vault.seal(false);
        TestSupport.Harness slow = new TestSupport.Harness(TestSupport.v2(vault).requestTimeout(Duration.ofMillis(200)).build());
        vault.delayNext(1, Duration.ofSeconds(2), "/v1/auth/token/lookup-self");
        expectFailure(() -> slow.store.get(tenant, ns, key));
        // Vault echoing the token in an error
        TestSupport.Harness rootStore = new TestSupport.Harness(TestSupport.v2(vault).build());
        rootStore.store.get(tenant, ns, key);
        vault.failNext(1, 400, "/v1/secret/metadata/", "token " + vault.rootToken + " is odd");
        expectFailure(() -> rootStore.store.metadata(tenant, ns, key));
        // refused logins of every kind
        Path jwt = Files.writeString(dir.resolve("jwt"), vault.kubernetesJwt);
        expectFailure(() -> new VaultSecretStore(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.userPass(vault.userName, vault.userPassword + "-wrong")).build()).get(tenant, ns, key));
        expectFailure(() -> new VaultSecretStore(VaultConfig.builder().address(vault.address())
                .auth(VaultAuth.appRole(vault.roleId, vault.secretId + "-wrong")).build()).get(tenant, ns, key));
        expectFailure(() -> new VaultSecretStore(VaultConfig.builder().address(vault.address())
                .auth(new VaultAuth.Kubernetes("other-role", jwt, "kubernetes")).build()).get(tenant, ns, key));
        expectFailure(() -> new VaultSecretStore(TestSupport.v2(vault).auth(VaultAuth.token(vault.rootToken + "x")).build())
                .get(tenant, ns, key));
        // a policy denial (no login), a write whose answer is lost and read back, close revoking the token
        vault.denyForLoginTokens("secret/data/");
        expectFailure(() -> store.get(tenant, ns, key));
        vault.clearPolicies();
        long current = store.metadata(tenant, ns, key).orElseThrow().version();
        vault.applyThenDropNext(1, "/v1/secret/data/");
        store.put(tenant, ns, key, SecretValue.of(value + "-lost"), SecretAttributes.NONE, current);
        store.close();
        expectFailure(() -> store.get(tenant, ns, key));
        // a configuration mistake that names credentials
        expectFailure(() -> VaultConfig.builder().address("http://u:" + vault.userPassword + "@h").auth(VaultAuth.token(" ")).build());

        List<String> forbidden = new ArrayList<>(vault.knownTokens());
        forbidden.add(value);
        forbidden.add(value + "-lost");
        forbidden.add(vault.secretId);
        forbidden.add(vault.userPassword);
        forbidden.add(vault.kubernetesJwt);

        assertThat(thrown).hasSizeGreaterThanOrEqualTo(12);
        assertThat(vault.knownTokens()).hasSizeGreaterThanOrEqualTo(3); // root and at least two logins
        for (Throwable t : thrown) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            for (String f : forbidden) {
                assertThat(sw.toString()).as("exception %s", t.getMessage()).doesNotContain(f);
            }
        }
        List<ILoggingEvent> events = List.copyOf(appender.list);
        assertThat(events).as("the scenario logs retries, renewals and re-logins").hasSizeGreaterThanOrEqualTo(5);
        assertThat(events).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("retry"));
        assertThat(events).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("logging in again"));
        for (ILoggingEvent e : events) {
            String line = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))
                    + e.getMDCPropertyMap();
            for (String f : forbidden) {
                assertThat(line).doesNotContain(f);
            }
        }
        assertThat(store.toString()).doesNotContain(vault.secretId);
    }
}
