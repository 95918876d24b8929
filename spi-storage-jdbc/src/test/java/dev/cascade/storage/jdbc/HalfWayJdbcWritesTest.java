package dev.cascade.storage.jdbc;

import dev.cascade.BackendException;
import dev.cascade.Cascade;
import dev.cascade.WriteOutcomeUnknownException;
import dev.cascade.access.Actor;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.audit.AuditEvent;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.Versioned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes that fail half-way on a real database: the connection drops right after COMMIT reached the server,
 * the audit insert fails, ids at their documented maximums. The fault is injected below the driver's
 * interface (a connection that commits and then reports a broken link), never inside Cascade.
 */
class HalfWayJdbcWritesTest {
    private static final String PG_PREFIX = TestDatabases.uniquePrefix("half");
    private static final String H2_DB = TestDatabases.uniquePrefix("halfh2");

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PG_PREFIX);
    }

    /** Hands out real connections; when armed, the next commit reaches the database and then fails as a dropped link would. */
    static final class CommitThenDropDataSource implements DataSource {
        final String url;
        final Properties props = new Properties();
        final AtomicBoolean dropAfterNextCommit = new AtomicBoolean();

        CommitThenDropDataSource(String dialect) {
            if (dialect.equals("h2")) {
                url = TestDatabases.h2Url(H2_DB);
            } else {
                TestDatabases.requirePostgres();
                url = TestDatabases.PG_URL;
                props.setProperty("user", TestDatabases.PG_USER);
                if (!TestDatabases.PG_PASSWORD.isEmpty()) {
                    props.setProperty("password", TestDatabases.PG_PASSWORD);
                }
            }
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = DriverManager.getConnection(url, props);
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("commit") && dropAfterNextCommit.getAndSet(false)) {
                            real.close();
                            throw new SQLException("An I/O error occurred while sending to the backend", "08006");
                        }
                        return result;
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    private static JdbcConfig config(String dialect) {
        return JdbcConfig.builder().tablePrefix(dialect.equals("h2") ? "half_" : PG_PREFIX).build();
    }

    private static TenantId tenant() {
        return TenantId.of("half-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aCommitWhoseAnswerIsLostInvalidatesTheWriterAtOnceAndIsAuditedUnknown(String dialect) {
        CommitThenDropDataSource ds = new CommitThenDropDataSource(dialect);
        TenantId tenant = tenant();
        NamespaceId ns = NamespaceId.of("team");
        try (JdbcStorage storage = JdbcStorage.create(ds, config(dialect));
             Cascade cascade = Cascade.builder().storage(storage).secretStore(new InMemorySecretStore())
                     .auditSink(storage.auditSink()).build()) {
            ManagementSession alice = cascade.management().session(tenant, Actor.user("alice"));
            alice.createNamespace(ns, NamespaceProperties.EMPTY);
            Versioned<Map<String, Object>> v1 = alice.putVariables(ns, Map.of("region", "eu"), 0);
            assertThat(cascade.resolver().render(tenant, ns, "{{ namespace.region }}", Map.of()).output()).isEqualTo("eu");

            ds.dropAfterNextCommit.set(true);
            assertThatThrownBy(() -> alice.putVariables(ns, Map.of("region", "us"), v1.version()))
                    .isInstanceOf(WriteOutcomeUnknownException.class).hasMessageContaining("outcome is unknown")
                    .hasMessageContaining("08006");
            // the commit did reach the database: this node serves the new value at once, not its cached copy
            assertThat(cascade.resolver().render(tenant, ns, "{{ namespace.region }}", Map.of()).output()).isEqualTo("us");
            List<AuditEvent> events = storage.auditSink().query(AuditQuery.forTenant(tenant).namespace(ns).build());
            assertThat(events).extracting(e -> e.resource() + " " + e.action() + " " + e.outcome()).containsExactly(
                    "NAMESPACE CREATE SUCCESS", "VARIABLES CREATE SUCCESS",
                    // the change's own row committed with it; the second says the writer could not confirm it
                    "VARIABLES UPDATE SUCCESS", "VARIABLES UPDATE UNKNOWN");
            assertThat(events.get(3).actor()).isEqualTo("alice");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aChangeNeverCommitsWithoutItsAuditRow(String dialect) throws SQLException {
        CommitThenDropDataSource ds = new CommitThenDropDataSource(dialect);
        TenantId tenant = tenant();
        NamespaceId ns = NamespaceId.of("team");
        String audit = config(dialect).tablePrefix() + "audit";
        try (JdbcStorage storage = JdbcStorage.create(ds, config(dialect));
             Cascade cascade = Cascade.builder().storage(storage).secretStore(new InMemorySecretStore())
                     .auditSink(storage.auditSink()).build()) {
            ManagementSession alice = cascade.management().session(tenant, Actor.user("alice"));
            alice.createNamespace(ns, NamespaceProperties.EMPTY);
            Versioned<Map<String, Object>> v1 = alice.putVariables(ns, Map.of("region", "eu"), 0);
            // the audit table is unreachable for the next write (a real database fault, not a stand-in)
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + audit + " RENAME TO " + audit + "_away");
            }
            try {
                assertThatThrownBy(() -> alice.putVariables(ns, Map.of("region", "us"), v1.version()))
                        .isInstanceOf(BackendException.class).hasMessageContaining("audit");
                assertThatThrownBy(() -> alice.updateNamespace(ns, NamespaceProperties.ofDescription("changed"),
                        alice.getNamespace(ns).orElseThrow().version())).isInstanceOf(BackendException.class);
            } finally {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE " + audit + "_away RENAME TO " + audit);
                }
            }
            // nothing changed: neither the variables, nor their version, nor the namespace
            assertThat(storage.variables().get(tenant, ns)).contains(v1);
            assertThat(storage.namespaces().get(tenant, ns).orElseThrow().description()).isEmpty();
            assertThat(storage.auditSink().query(AuditQuery.forTenant(tenant).namespace(ns).build())).hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void idsAtTheirDocumentedMaximumsFitTheAuditColumns(String dialect) {
        TenantId tenant = TenantId.of("t" + "x".repeat(63));
        String longUser = "u".repeat(255);
        String longGroup = "g".repeat(255);
        NamespaceId ns = NamespaceId.of("team." + "x".repeat(250));
        assertThat(ns.value()).hasSize(255);
        try (JdbcStorage storage = JdbcStorage.create(new CommitThenDropDataSource(dialect), config(dialect));
             Cascade cascade = Cascade.builder().storage(storage).secretStore(new InMemorySecretStore())
                     .roleBasedAccessControl().auditSink(storage.auditSink()).build()) {
            cascade.management().bootstrapAdmin(tenant, Subject.user(longUser));
            ManagementSession admin = cascade.management().session(tenant, Actor.user(longUser));
            admin.createNamespace(ns, NamespaceProperties.EMPTY);
            admin.putVariables(ns, Map.of("k", "v"), 0);
            admin.addBinding(RoleBinding.onNamespace(tenant, Subject.group(longGroup), "viewer", ns));
            admin.addGroupMember(longGroup, longUser);
            // a denied attempt by an unknown actor with the longest id is audited too
            ManagementSession stranger = cascade.management().session(tenant, Actor.user("s".repeat(255)));
            assertThatThrownBy(() -> stranger.deleteRole("r".repeat(64))).isInstanceOf(dev.cascade.AccessDeniedException.class);

            List<AuditEvent> events = storage.auditSink().query(AuditQuery.forTenant(tenant).build());
            assertThat(events).extracting(AuditEvent::outcome).contains(AuditEvent.Outcome.DENIED);
            assertThat(events).extracting(e -> e.resourceKey().orElse("")).contains("group:" + longGroup,
                    "user:" + longUser, "group:" + longGroup);
            assertThat(events).extracting(AuditEvent::actor).contains(longUser, "s".repeat(255));
            assertThat(events).filteredOn(e -> e.resource() == AuditEvent.Resource.VARIABLES)
                    .extracting(e -> e.namespace().value()).containsExactly(ns.value());
        }
        // one character more is refused before anything is written
        assertThatThrownBy(() -> Actor.user("u".repeat(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Actor.user("nul\u0000byte")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subject.group("g".repeat(256))).isInstanceOf(dev.cascade.InvalidIdException.class);
    }
}
