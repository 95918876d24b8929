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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS with a private CA: trusted through a PEM file or a trust store, refused without either. */
class VaultTlsTest {
    @TempDir
    static Path dir;
    static FakeVault vault;
    static Path caPem;
    static Path trustStore;

    final TenantId tenant = TenantId.of("tls");
    final NamespaceId ns = NamespaceId.of("team");
    final SecretKey key = SecretKey.of("K");

    @BeforeAll
    static void startHttpsVault() throws Exception {
        Path serverStore = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "vault", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", serverStore.toString(),
                "-storetype", "PKCS12", "-storepass", "server-pw", "-keypass", "server-pw");
        keytool("-exportcert", "-rfc", "-alias", "vault", "-keystore", serverStore.toString(), "-storepass", "server-pw",
                "-file", caPem.toString());
        keytool("-importcert", "-noprompt", "-alias", "vault", "-file", caPem.toString(), "-keystore", trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", "trust-pw");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, "server-pw".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "server-pw".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        vault = new FakeVault(ctx);
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @AfterAll
    static void stopVault() {
        if (vault != null) {
            vault.close();
        }
    }

    @Test
    void caCertFileIsTrusted() {
        VaultSecretStore store = new VaultSecretStore(TestSupport.v2(vault).caCertFile(caPem).build());
        store.put(tenant, ns, key, SecretValue.of("over-tls"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThat(store.get(tenant, ns, key)).map(SecretValue::reveal).contains("over-tls");
    }

    @Test
    void trustStoreIsTrusted() {
        VaultSecretStore store = new VaultSecretStore(TestSupport.v2(vault).trustStore(trustStore, "trust-pw", "PKCS12").build());
        assertThat(store.list(tenant, ns)).isNotNull();
    }

    @Test
    void withoutTheCaTheConnectionIsRefused() {
        VaultSecretStore store = new VaultSecretStore(TestSupport.v2(vault).maxRetries(0).build());
        assertThatThrownBy(() -> store.get(tenant, ns, key))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("connection to Vault at " + vault.address() + " failed")
                .hasMessageContaining("SSLHandshakeException");
    }
}
