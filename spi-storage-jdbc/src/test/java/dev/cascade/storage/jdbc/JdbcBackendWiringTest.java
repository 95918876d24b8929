package dev.cascade.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascade.Cascade;
import dev.cascade.ConfigurationException;
import dev.cascade.Versions;
import dev.cascade.access.Actor;
import dev.cascade.access.Subject;
import dev.cascade.audit.AuditEvent;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One JdbcStorage wired with one builder call provides storage, the encrypted secret store, the audit trail and
 * access control over one database, and Cascade closes only what it created.
 */
class JdbcBackendWiringTest {
    private static final TenantId TENANT = TenantId.of("main");
    private static final NamespaceId NS = NamespaceId.of("company.marketing");
    private static final String PG_PREFIX = TestDatabases.uniquePrefix("wire");

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PG_PREFIX);
    }

    @Test
    void oneBackendCallWiresSecretsAuditAndAccessControlOnH2() throws SQLException {
        JdbcStorage jdbc = JdbcStorage.create(TestDatabases.h2("wire-h2").encryptionKey("k1", TestDatabases.newKey()).build());
        try (jdbc) {
            exerciseAllFour(jdbc);
        }
    }

    @Test
    void oneBackendCallWiresSecretsAuditAndAccessControlOnPostgres() throws SQLException {
        JdbcStorage jdbc = JdbcStorage.create(TestDatabases.postgres(PG_PREFIX).encryptionKey("k1", TestDatabases.newKey()).build());
        try (jdbc) {
            exerciseAllFour(jdbc);
        }
    }

    private static void exerciseAllFour(JdbcStorage jdbc) throws SQLException {
        try (Cascade cascade = Cascade.builder().backend(jdbc).roleBasedAccessControl().build()) {
            assertThat(cascade.secretStores().defaultName()).isEqualTo("jdbc");
            assertThat(cascade.secretStores().all().get("jdbc")).isSameAs(jdbc.secretStore());
            cascade.management().bootstrapAdmin(TENANT, Subject.user("root"));
            ManagementSession root = cascade.management().session(TENANT, Actor.user("root"));
            root.ensureNamespace(NS, NamespaceProperties.ofDescription("Marketing"));
            root.putSecret(NS, SecretKey.of("DB_PASSWORD"), SecretValue.of("wired-secret-value"),
                    SecretAttributes.of("db"), Versions.ANY);

            // the audit trail is the database's, without wiring a sink by hand
            List<AuditEvent> events = jdbc.auditSink().query(AuditQuery.forTenant(TENANT).build());
            assertThat(events).extracting(AuditEvent::resource)
                    .contains(AuditEvent.Resource.BINDING, AuditEvent.Resource.NAMESPACE, AuditEvent.Resource.SECRET);
            // the secret is in the database, encrypted
            String prefix = jdbc.database().config().tablePrefix();
            try (Connection c = jdbc.database().dataSource().getConnection();
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM " + prefix + "secret")) {
                assertThat(rs.next()).isTrue();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(rs.getObject(i))).doesNotContain("wired-secret-value");
                }
            }
            // the binding is in the database's access-control tables
            assertThat(jdbc.accessControl().orElseThrow().bindings(TENANT)).hasSize(1);
        }
        // the host passed the backend in: it stays open
        assertThat(jdbc.namespaces().get(TENANT, NS)).isPresent();
    }

    @Test
    void closeOnShutdownClosesWhatTheHostPassedButNeverTheHostsDataSource() {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(TestDatabases.h2Url("wire-host"));
        hc.setMaximumPoolSize(4);
        try (HikariDataSource hostPool = new HikariDataSource(hc)) {
            JdbcStorage jdbc = JdbcStorage.create(hostPool, JdbcConfig.builder().encryptionKey("k1", TestDatabases.newKey()).build());
            try (Cascade cascade = Cascade.builder().backend(jdbc).closeOnShutdown(true).build()) {
                cascade.management().session(TENANT, Actor.user("a")).ensureNamespace(NS, NamespaceProperties.ofDescription("x"));
            }
            assertThatThrownBy(jdbc::secretStore).isInstanceOf(IllegalStateException.class);
            assertThat(hostPool.isClosed()).isFalse();
        }
    }

    @Test
    void aBackendFromPropertiesIsOnePoolAndIsClosedWithCascade() {
        Cascade cascade = Cascade.builder().backend("jdbc", Map.of("url", TestDatabases.h2Url("wire-props"),
                "encryptionKey.k1", TestDatabases.newKey())).build();
        JdbcStorage jdbc = (JdbcStorage) cascade.storage();
        assertThat(cascade.secretStores().defaultStore()).isSameAs(jdbc.secretStore());
        cascade.close();
        assertThatThrownBy(jdbc::secretStore).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBackendAndAStorageTogetherAreRefused() {
        try (JdbcStorage jdbc = JdbcStorage.create(TestDatabases.h2("wire-both").build())) {
            assertThatThrownBy(() -> Cascade.builder().backend(jdbc).storage(jdbc).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("backend brings its own storage");
        }
    }

    @Test
    void theEmbeddedDefaultKeepsItsKeyBesideTheDatabaseSoSecretsSurviveARestart(@TempDir Path dir) {
        try (JdbcStorage first = JdbcStorage.h2(dir); Cascade cascade = Cascade.builder().backend(first).build()) {
            ManagementSession s = cascade.management().session(TENANT, Actor.user("a"));
            s.ensureNamespace(NS, NamespaceProperties.ofDescription("x"));
            s.putSecret(NS, SecretKey.of("K"), SecretValue.of("survives"), SecretAttributes.NONE, Versions.ANY);
        }
        assertThat(dir.resolve(JdbcStorage.LOCAL_KEY_FILE)).exists();
        try (JdbcStorage second = JdbcStorage.h2(dir)) {
            assertThat(second.secretStore().get(TENANT, NS, SecretKey.of("K")).map(SecretValue::reveal)).contains("survives");
        }
    }

    @Test
    void aBackendWithoutAKeyFallsBackToMemorySecretsWithAWarning() {
        try (JdbcStorage jdbc = JdbcStorage.create(TestDatabases.h2("wire-nokey").build());
             Cascade cascade = Cascade.builder().backend(jdbc).build()) {
            assertThat(cascade.secretStores().defaultName()).isEqualTo("memory");
            assertThat(cascade.management().session(TENANT, Actor.user("a")).ensureNamespace(NS,
                    NamespaceProperties.ofDescription("x")).id()).isEqualTo(NS);
            assertThatThrownBy(jdbc::secretStore).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("encryptionKey");
        }
    }
}
