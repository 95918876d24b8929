package dev.cascade.config;

import dev.cascade.ConfigurationException;
import dev.cascade.resolve.ResolverCacheConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigSourceTest {
    private static final Set<String> NAMES = Set.of("url", "pollInterval", "retry.maxRetries");
    private static final Set<String> FAMILIES = Set.of("encryptionKey.");

    @Test
    void environmentNamesAreUpperSnakeCaseUnderTheModule() {
        assertThat(ConfigSource.environmentName("jdbc", "url")).isEqualTo("CASCADE_JDBC_URL");
        assertThat(ConfigSource.environmentName("jdbc", "pollInterval")).isEqualTo("CASCADE_JDBC_POLL_INTERVAL");
        assertThat(ConfigSource.environmentName("vault", "retry.maxRetries")).isEqualTo("CASCADE_VAULT_RETRY_MAX_RETRIES");
    }

    @Test
    void environmentVariablesMapBackToPropertyNames() {
        ConfigSource env = ConfigSource.environment(Map.of(
                "CASCADE_JDBC_URL", "jdbc:h2:mem:x",
                "CASCADE_JDBC_POLL_INTERVAL", "2s",
                "CASCADE_JDBC_RETRY_MAX_RETRIES", "3",
                "CASCADE_JDBC_ENCRYPTION_KEY_2026_01", "k",
                "CASCADE_JDBC_POOL_SIZ", "typo",
                "CASCADE_VAULT_URL", "other module",
                "PATH", "/bin"));
        assertThat(env.properties("jdbc", NAMES, FAMILIES)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "url", "jdbc:h2:mem:x",
                "pollInterval", "2s",
                "retry.maxRetries", "3",
                "encryptionKey.2026_01", "k",
                "CASCADE_JDBC_POOL_SIZ", "typo"));
    }

    @Test
    void systemPropertiesAreReadUnderCascadeModulePrefix() {
        Properties props = new Properties();
        props.setProperty("cascade.jdbc.url", "jdbc:postgresql://db/x");
        props.setProperty("cascade.jdbc.encryptionKey.k1", "key");
        props.setProperty("cascade.vault.address", "http://vault");
        props.setProperty("java.version", "17");
        assertThat(ConfigSource.systemProperties(props).properties("jdbc", NAMES, FAMILIES))
                .containsExactlyInAnyOrderEntriesOf(Map.of("url", "jdbc:postgresql://db/x", "encryptionKey.k1", "key"));
    }

    @Test
    void theMapWinsOverSystemPropertiesWhichWinOverTheEnvironment() {
        Properties props = new Properties();
        props.setProperty("cascade.jdbc.url", "from-system");
        props.setProperty("cascade.jdbc.pollInterval", "3s");
        ConfigSource source = ConfigSource.firstOf(ConfigSource.of(Map.of("url", "from-map")),
                ConfigSource.systemProperties(props),
                ConfigSource.environment(Map.of("CASCADE_JDBC_URL", "from-env", "CASCADE_JDBC_POLL_INTERVAL", "9s",
                        "CASCADE_JDBC_RETRY_MAX_RETRIES", "4")));
        assertThat(source.properties("jdbc", NAMES, FAMILIES)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "url", "from-map", "pollInterval", "3s", "retry.maxRetries", "4"));
    }

    @Test
    void resolverCacheSettingsReadTheSameGrammarAndReportEveryProblemAtOnce() {
        ResolverCacheConfig c = ResolverCacheConfig.from(ConfigSource.environment(Map.of(
                "CASCADE_RESOLVER_SECRET_EXPIRE_AFTER_WRITE", "2M",
                "CASCADE_RESOLVER_SECRET_REFRESH_AHEAD", "PT90S",
                "CASCADE_RESOLVER_NAMESPACE_CACHE_SIZE", "20_000")));
        assertThat(c.secretExpireAfterWrite()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.secretRefreshAhead()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.namespaceCacheSize()).isEqualTo(20_000);
        assertThat(c.backendTimeout()).isEqualTo(ResolverCacheConfig.DEFAULTS.backendTimeout());

        assertThatThrownBy(() -> ResolverCacheConfig.fromProperties(Map.of(
                "secretExpireAfterWrite", "soon", "maskMinLength", "0", "backendTimeout", "10", "secretTtl", "hush")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid resolver cache configuration: ")
                .hasMessageContaining("secretExpireAfterWrite was 'soon' but it is not a duration such as 500ms")
                .hasMessageContaining("maskMinLength was '0' but it must be between 1 and 2147483647")
                .hasMessageContaining("backendTimeout was '10' but it has no unit")
                .hasMessageContaining("secretTtl was '<redacted>' but it is not a known property (known: backendTimeout,")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hush"));
    }

    @Test
    void problemsCutLongValuesAndRedactSecrets() {
        ConfigProblems problems = new ConfigProblems("test configuration");
        problems.add("a", "x".repeat(500), "is too long");
        problems.addRedacted("password", "is too short");
        assertThatThrownBy(problems::throwIfAny)
                .hasMessage("Invalid test configuration: a was '" + "x".repeat(200) + "…' but it is too long; "
                        + "password was '<redacted>' but it is too short");
        new ConfigProblems("empty").throwIfAny();
    }
}
