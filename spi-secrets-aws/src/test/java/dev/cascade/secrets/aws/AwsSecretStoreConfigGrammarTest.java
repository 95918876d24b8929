package dev.cascade.secrets.aws;

import dev.cascade.config.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** AWS reads durations with core's grammar, and its properties from system properties or the environment. */
class AwsSecretStoreConfigGrammarTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "10S, PT10S", "PT10S, PT10S", "pt2s, PT2S", "1h, PT1H", "1H, PT1H"})
    void timeoutsAcceptEverySpellingOfTheGrammar(String text, String iso) {
        AwsSecretStoreConfig c = AwsSecretStoreConfig.fromProperties(Map.of("apiCallTimeout", text, "tagCacheTtl", text));
        assertThat(c.apiCallTimeout()).isEqualTo(Duration.parse(iso));
        assertThat(c.tagCacheTtl()).isEqualTo(Duration.parse(iso));
    }

    @Test
    void propertiesComeFromTheEnvironmentUnderCascadeAws() {
        AwsSecretStoreConfig c = AwsSecretStoreConfig.from(ConfigSource.environment(Map.of(
                "CASCADE_AWS_REGION", "eu-west-1", "CASCADE_AWS_MAX_ATTEMPTS", "5", "CASCADE_AWS_READ_TIMEOUT", "3S")));
        assertThat(c.region()).contains("eu-west-1");
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
