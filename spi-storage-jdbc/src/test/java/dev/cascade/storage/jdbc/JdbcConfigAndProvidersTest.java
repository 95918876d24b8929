package dev.cascade.storage.jdbc;

import dev.cascade.ConfigurationException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;
import dev.cascade.spi.Storage;
import dev.cascade.spi.StorageProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcConfigAndProvidersTest {

    @Test
    void everyBadPropertyIsReportedAtOnceWithoutSecrets() {
        assertThatThrownBy(() -> JdbcConfig.builder().url("jdbc:oracle:thin:@x").password("hunter2-password")
                .poolSize(0).tablePrefix("Bad-Prefix").pollInterval(Duration.ofMillis(1))
                .changeLogRetention(Duration.ofSeconds(5))
                .encryptionKey("k1", "c2hvcnQ=").encryptionKey("k 2", TestDatabases.newKey())
                .activeKeyId("k9").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("url was 'jdbc:oracle:thin:@x' but it must start with jdbc:h2:, jdbc:postgresql:,"
                        + " jdbc:mariadb: or jdbc:mysql:")
                .hasMessageContaining("poolSize was '0' but it must be between 1 and 200")
                .hasMessageContaining("tablePrefix was 'Bad-Prefix' but it must match")
                .hasMessageContaining("pollInterval was 'PT0.001S'")
                .hasMessageContaining("changeLogRetention was 'PT5S'")
                .hasMessageContaining("encryptionKey.k1 was '<redacted>' but it must decode to 32 bytes")
                .hasMessageContaining("encryptionKey.k 2 was '<redacted>'")
                .hasMessageContaining("activeKeyId was 'k9'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("c2hvcnQ"));
    }

    @Test
    void propertiesAreParsedAndUnknownOnesRefused() {
        String key = TestDatabases.newKey();
        JdbcConfig c = JdbcConfig.fromProperties(Map.of("url", "jdbc:h2:mem:props", "user", "sa", "password", "pw",
                "poolSize", "3", "tablePrefix", "app_cascade_", "pollInterval", "250ms", "listenNotify", "false",
                "changeLogRetention", "2h", "encryptionKey.prod", key));
        assertThat(c.poolSize()).isEqualTo(3);
        assertThat(c.tablePrefix()).isEqualTo("app_cascade_");
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.listenNotify()).isFalse();
        assertThat(c.changeLogRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(c.activeKeyId()).contains("prod");
        assertThat(c.toString()).doesNotContain("pw,").doesNotContain(key).contains("<redacted>");

        assertThatThrownBy(() -> JdbcConfig.fromProperties(Map.of("url", "jdbc:h2:mem:p", "poolsize", "3",
                "pollInterval", "soon", "migrate", "yes", "apiKey", "leak-me")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("poolsize was '3' but it is not a known property")
                .hasMessageContaining("pollInterval was 'soon'")
                .hasMessageContaining("migrate was 'yes' but it must be true or false")
                .hasMessageContaining("apiKey was '<redacted>'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("leak-me"));
        assertThatThrownBy(() -> JdbcConfig.builder().encryptionKey("a", TestDatabases.newKey())
                .encryptionKey("b", TestDatabases.newKey()).build())
                .hasMessageContaining("activeKeyId was '' but it is required when several encryption keys");
    }

    @Test
    void providersAreDiscoveredAndBuildWorkingStores() {
        StorageProvider storageProvider = ServiceLoader.load(StorageProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("jdbc")).findFirst().orElseThrow();
        SecretStoreProvider secretProvider = ServiceLoader.load(SecretStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("jdbc")).findFirst().orElseThrow();
        String url = TestDatabases.h2Url(TestDatabases.uniquePrefix("prov"));
        TenantId tenant = TenantId.of("prov");
        try (Storage storage = storageProvider.create(Map.of("url", url));
             SecretStore secrets = secretProvider.create(Map.of("url", url, "encryptionKey.k1", TestDatabases.newKey()))) {
            storage.namespaces().create(tenant, NamespaceId.of("a"), NamespaceProperties.EMPTY);
            assertThat(storage.namespaces().list(tenant)).hasSize(1);
            secrets.put(tenant, NamespaceId.of("a"), SecretKey.of("K"), SecretValue.of("v"), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
            assertThat(secrets.get(tenant, NamespaceId.of("a"), SecretKey.of("K"))).isPresent();
        }
        assertThatThrownBy(() -> storageProvider.create(Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("url was ''");
        assertThatThrownBy(() -> secretProvider.create(Map.of("url", url))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("encryptionKey");
    }

    @Test
    void embeddedH2DirectoryKeepsDataAcrossRestarts(@TempDir Path dir) {
        TenantId tenant = TenantId.of("demo");
        NamespaceId ns = NamespaceId.of("company.marketing");
        try (JdbcStorage storage = JdbcStorage.h2(dir.resolve("data"))) {
            assertThat(storage.dialect()).isEqualTo("h2");
            storage.namespaces().create(tenant, ns, NamespaceProperties.ofDescription("kept"));
            storage.variables().put(tenant, ns, Map.of("x", 1), 0);
            try (JdbcSecretStore secrets = storage.secretStore(JdbcConfig.builder()
                    .encryptionKey("k1", FIXED_KEY).build())) {
                secrets.put(tenant, ns, SecretKey.of("TOKEN"), SecretValue.of("persisted"), SecretAttributes.NONE,
                        SecretStore.MUST_NOT_EXIST);
            }
        }
        try (JdbcStorage storage = JdbcStorage.h2(dir.resolve("data"))) {
            assertThat(storage.namespaces().get(tenant, ns).orElseThrow().description()).isEqualTo("kept");
            assertThat(storage.variables().get(tenant, ns).orElseThrow().version()).isEqualTo(1);
            try (JdbcSecretStore secrets = storage.secretStore(JdbcConfig.builder()
                    .encryptionKey("k1", FIXED_KEY).build())) {
                assertThat(secrets.get(tenant, ns, SecretKey.of("TOKEN"))).map(SecretValue::reveal).contains("persisted");
            }
        }
    }

    private static final String FIXED_KEY = TestDatabases.newKey();

    @Test
    void hostDataSourceAndHostMigrationsCoexist() throws Exception {
        org.h2.jdbcx.JdbcDataSource host = new org.h2.jdbcx.JdbcDataSource();
        host.setURL(TestDatabases.h2Url(TestDatabases.uniquePrefix("host")));
        try (java.sql.Connection c = host.getConnection(); java.sql.Statement s = c.createStatement()) {
            // the host's own tables and its own Flyway history already live in the schema
            s.execute("CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50))");
            s.execute("INSERT INTO flyway_schema_history VALUES (1, '7')");
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
            s.execute("INSERT INTO orders VALUES (42)");
        }
        JdbcConfig config = JdbcConfig.builder().tablePrefix("orch_cascade_").build();
        TenantId tenant = TenantId.of("host");
        try (JdbcStorage storage = JdbcStorage.create(host, config)) {
            storage.namespaces().create(tenant, NamespaceId.of("a"), NamespaceProperties.EMPTY);
            JdbcAuditSink separateSink = JdbcAuditSink.create(host, config);
            assertThat(separateSink.query(AuditQuery.forTenant(tenant).build())).isEmpty();
        }
        // closing the storage left the host's data source usable, and the host's tables untouched
        try (java.sql.Connection c = host.getConnection(); java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM orch_cascade_namespace")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM \"orch_cascade_schema_history\" WHERE \"success\"")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
            }
        }
        // a second start finds the schema current
        try (JdbcStorage storage = JdbcStorage.create(host, config)) {
            assertThat(storage.namespaces().list(tenant)).hasSize(1);
        }
    }

    @Test
    void missingPostgresServerFailsWithHowToProvideOne() {
        assertThatThrownBy(() -> JdbcStorage.create(JdbcConfig.builder().url("jdbc:postgresql://127.0.0.1:1/none")
                .password("never-shown").build()))
                .hasMessageContaining("cannot open a connection to 'jdbc:postgresql://127.0.0.1:1/none'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("never-shown"));
    }
}
