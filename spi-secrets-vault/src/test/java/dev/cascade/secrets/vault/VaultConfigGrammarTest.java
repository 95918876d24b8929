package dev.cascade.secrets.vault;

import dev.cascade.config.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Vault reads durations with core's grammar, and its properties from system properties or the environment. */
class VaultConfigGrammarTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "10S, PT10S", "PT10S, PT10S", "pt2s, PT2S", "1.5s, PT1.5S", "1H, PT1H"})
    void timeoutsAcceptEverySpellingOfTheGrammar(String text, String iso) {
        VaultConfig c = VaultConfig.fromProperties(Map.of("address", "http://127.0.0.1:8200", "auth.token", "t",
                "requestTimeout", text, "retry.maxBackoff", text));
        assertThat(c.requestTimeout()).isEqualTo(Duration.parse(iso));
        assertThat(c.maxBackoff()).isEqualTo(Duration.parse(iso));
    }

    @Test
    void propertiesComeFromTheEnvironmentUnderCascadeVault() {
        VaultConfig c = VaultConfig.from(ConfigSource.environment(Map.of(
                "CASCADE_VAULT_ADDRESS", "http://127.0.0.1:8200", "CASCADE_VAULT_AUTH_TOKEN", "t",
                "CASCADE_VAULT_KV_VERSION", "1", "CASCADE_VAULT_RETRY_MAX_RETRIES", "5")));
        assertThat(c.kvVersion()).isEqualTo(1);
        assertThat(c.maxRetries()).isEqualTo(5);
    }
}
