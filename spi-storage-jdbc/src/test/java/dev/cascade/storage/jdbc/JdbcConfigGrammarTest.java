package dev.cascade.storage.jdbc;

import dev.cascade.config.ConfigSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JDBC reads durations with core's grammar, and its properties from system properties or the environment. */
class JdbcConfigGrammarTest {

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "10S, PT10S", "PT10S, PT10S", "pt0.5s, PT0.5S", "1M, PT1M"})
    void pollIntervalAcceptsEverySpellingOfTheGrammar(String text, String iso) {
        JdbcConfig c = JdbcConfig.fromProperties(Map.of("url", "jdbc:h2:mem:g", "pollInterval", text,
                "changeLogRetention", "1H"));
        assertThat(c.pollInterval()).isEqualTo(Duration.parse(iso));
        assertThat(c.changeLogRetention()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void propertiesComeFromTheEnvironmentUnderCascadeJdbc() {
        String key = TestDatabases.newKey();
        JdbcConfig c = JdbcConfig.from(ConfigSource.environment(Map.of(
                "CASCADE_JDBC_URL", "jdbc:h2:mem:env", "CASCADE_JDBC_POOL_SIZE", "4",
                "CASCADE_JDBC_POLL_INTERVAL", "2S", "CASCADE_JDBC_ENCRYPTION_KEY_prod", key)));
        assertThat(c.url()).contains("jdbc:h2:mem:env");
        assertThat(c.poolSize()).isEqualTo(4);
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.activeKeyId()).contains("prod");

        assertThatThrownBy(() -> JdbcConfig.from(ConfigSource.environment(Map.of(
                "CASCADE_JDBC_URL", "jdbc:h2:mem:env", "CASCADE_JDBC_POOL_SIZ", "4"))))
                .hasMessageContaining("CASCADE_JDBC_POOL_SIZ was '4' but it is not a known property");
    }
}
