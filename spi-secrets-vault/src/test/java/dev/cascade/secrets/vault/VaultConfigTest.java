package dev.cascade.secrets.vault;

import dev.cascade.ConfigurationException;
import dev.cascade.spi.SecretStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultConfigTest {

    @Test
    void defaults() {
        VaultConfig c = VaultConfig.builder().address("https://vault.example.com:8200").auth(VaultAuth.token("t0k3n-value")).build();
        assertThat(c.mount()).isEqualTo("secret");
        assertThat(c.kvVersion()).isEqualTo(2);
        assertThat(c.pathPrefix()).isEqualTo("cascade");
        assertThat(c.vaultNamespace()).isEmpty();
        assertThat(c.readOnly()).isFalse();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxRetries()).isEqualTo(3);
        assertThat(c.toString()).doesNotContain("t0k3n-value").contains("<redacted>");
    }

    @Test
    void everyBadPropertyIsReportedAtOnce() {
        assertThatThrownBy(() -> VaultConfig.builder()
                .address("ftp://vault")
                .mount("/secret/")
                .kvVersion(3)
                .pathPrefix("a//b")
                .auth(new VaultAuth.AppRole("", "super-secret-id-value", "approle"))
                .connectTimeout(Duration.ZERO)
                .maxRetries(-1)
                .initialBackoff(Duration.ofSeconds(10))
                .maxBackoff(Duration.ofSeconds(1))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("address was 'ftp://vault' but it must start with http:// or https://")
                        .contains("mount was '/secret/' but it")
                        .contains("kvVersion was '3' but it must be 1 or 2")
                        .contains("pathPrefix was 'a//b' but it")
                        .contains("auth.approle.roleId was '' but it is required")
                        .contains("connectTimeout was 'PT0S' but it must be positive")
                        .contains("retry.maxRetries was '-1' but it must be between 0 and 10")
                        .contains("retry.maxBackoff was 'PT1S' but it must not be shorter than retry.initialBackoff")
                        .doesNotContain("super-secret-id-value"));
    }

    @Test
    void blankCredentialsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> VaultConfig.builder().address("http://127.0.0.1:8200")
                .auth(VaultAuth.userPass("bob", "")).build())
                .hasMessageContaining("auth.userpass.password was '<redacted>' but it is required");
        assertThatThrownBy(() -> VaultConfig.builder().address("http://127.0.0.1:8200").build())
                .hasMessageContaining("auth was 'null' but it is required");
        assertThatThrownBy(() -> VaultConfig.builder().address("http://user:pa55word@127.0.0.1:8200")
                .auth(VaultAuth.token("x")).build())
                .hasMessageContaining("address was '<redacted>' but it must not carry user information")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55word"));
    }

    @Test
    void propertiesAreParsedAndBadOnesAllReported() {
        VaultConfig c = VaultConfig.fromProperties(Map.of(
                "address", "http://127.0.0.1:8200", "mount", "kv/team", "kvVersion", "1", "pathPrefix", "apps/cascade",
                "vaultNamespace", "team-a", "readOnly", "true", "auth.method", "approle",
                "auth.approle.roleId", "r", "auth.approle.secretId", "s", "requestTimeout", "1500ms"));
        assertThat(c.mount()).isEqualTo("kv/team");
        assertThat(c.kvVersion()).isEqualTo(1);
        assertThat(c.pathPrefix()).isEqualTo("apps/cascade");
        assertThat(c.vaultNamespace()).contains("team-a");
        assertThat(c.readOnly()).isTrue();
        assertThat(c.auth()).isInstanceOf(VaultAuth.AppRole.class);
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(1500));

        Map<String, String> bad = new HashMap<>();
        bad.put("address", "http://127.0.0.1:8200");
        bad.put("kvVersion", "two");
        bad.put("readOnly", "yes");
        bad.put("connectTimeout", "soon");
        bad.put("auth.method", "ldap");
        bad.put("auth.tokne", "leaked-token-value");
        bad.put("retry.maxRetries", "many");
        assertThatThrownBy(() -> VaultConfig.fromProperties(bad))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("kvVersion was 'two' but it must be 1 or 2")
                        .contains("readOnly was 'yes' but it must be true or false")
                        .contains("connectTimeout was 'soon' but it is not a duration")
                        .contains("auth.method was 'ldap' but it must be one of token, approle, userpass, kubernetes")
                        .contains("auth.tokne was '<redacted>' but it is not a property of the vault secret store")
                        .contains("retry.maxRetries was 'many' but it is not a whole number")
                        .doesNotContain("leaked-token-value"));
    }

    @Test
    void tlsFilesMustBeReadableAndNotBoth(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> VaultConfig.builder().address("https://vault:8200").auth(VaultAuth.token("t"))
                .caCertFile(dir.resolve("missing.pem")).build())
                .hasMessageContaining("tls.caCertFile was '" + dir.resolve("missing.pem") + "' but it is not a readable file");
        assertThatThrownBy(() -> VaultConfig.builder().address("https://vault:8200").auth(VaultAuth.token("t"))
                .caCertFile(ca).trustStore(ca, "pw", "JKS").build())
                .hasMessageContaining("cannot be combined with tls.trustStoreFile");
        // a readable file without a certificate fails when the store is created, naming the file
        VaultConfig c = VaultConfig.builder().address("https://vault:8200").auth(VaultAuth.token("t")).caCertFile(ca).build();
        assertThatThrownBy(() -> new VaultSecretStore(c))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(ca.toString());
    }

    @Test
    void providerIsFoundByNameAndValidates() {
        SecretStoreProvider provider = ServiceLoader.load(SecretStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("vault")).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(VaultSecretStoreProvider.class);
        assertThat(provider.create(Map.of("address", "http://127.0.0.1:1", "auth.token", "tok")).name()).isEqualTo("vault");
        assertThatThrownBy(() -> provider.create(Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("address was '' but it is required")
                .hasMessageContaining("auth.token was '<redacted>' but it is required");
    }

    @Test
    void authRecordsRedactCredentials() {
        assertThat(VaultAuth.token("tok-value").toString()).doesNotContain("tok-value");
        assertThat(VaultAuth.appRole("role-value", "secret-value").toString()).doesNotContain("secret-value").doesNotContain("role-value");
        assertThat(VaultAuth.userPass("bob", "pw-value").toString()).doesNotContain("pw-value").contains("bob");
    }
}
