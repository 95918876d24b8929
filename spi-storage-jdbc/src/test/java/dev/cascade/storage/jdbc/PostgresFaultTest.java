package dev.cascade.storage.jdbc;

import dev.cascade.BackendException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.Revision;
import dev.cascade.spi.Versioned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults on the real PostgreSQL server: a backend killed in the middle of a write transaction, and every
 * connection of a store dropped at once (what a server restart looks like from the client). The server itself
 * is shared with other work, so it is not restarted; its connections are terminated instead.
 */
@SuppressWarnings("try") // subscriptions are held open by try-with-resources on purpose
class PostgresFaultTest {
    private static final String PREFIX = TestDatabases.uniquePrefix("fault");

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PREFIX);
    }

    private static TenantId freshTenant() {
        return TenantId.of("f-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static int terminate(Connection admin, String whereClause) throws SQLException {
        int killed = 0;
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                     + "pid <> pg_backend_pid() AND datname = current_database() AND " + whereClause)) {
            while (rs.next()) {
                if (rs.getBoolean(1)) {
                    killed++;
                }
            }
        }
        return killed;
    }

    @Test
    void connectionKilledMidTransactionLeavesPreviousStateWhole() throws Exception {
        TenantId tenant = freshTenant();
        NamespaceId ns = NamespaceId.of("company.fault");
        try (JdbcStorage storage = JdbcStorage.create(TestDatabases.postgres(PREFIX).build());
             Connection admin = TestDatabases.pgConnection()) {
            storage.namespaces().create(tenant, ns, NamespaceProperties.EMPTY);
            Versioned<Map<String, Object>> before = storage.variables().put(tenant, ns, Map.of("state", "old"), 0);
            long changesBefore = count(admin, "SELECT count(*) FROM " + PREFIX + "change WHERE tenant = '" + tenant + "'");

            // Hold the change-log table so the write blocks on its last statement, after it updated the
            // variables row and inserted the revision: then kill its backend.
            admin.setAutoCommit(false);
            try (Statement s = admin.createStatement()) {
                s.execute("LOCK TABLE " + PREFIX + "change IN EXCLUSIVE MODE");
            }
            CompletableFuture<Versioned<Map<String, Object>>> write = CompletableFuture.supplyAsync(
                    () -> storage.variables().put(tenant, ns, Map.of("state", "new"), before.version()));
            int killed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try (Connection watcher = TestDatabases.pgConnection()) {
                while (killed == 0 && System.nanoTime() < deadline) {
                    killed = terminate(watcher, "wait_event_type = 'Lock' AND query LIKE 'INSERT INTO " + PREFIX
                            + "change%'");
                    Thread.sleep(20);
                }
            }
            admin.rollback();
            admin.setAutoCommit(true);
            assertThat(killed).as("the blocked write's backend was found and terminated").isEqualTo(1);
            assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(BackendException.class)
                    .hasMessageContaining("put variables").hasMessageContaining(ns.value());

            // nothing of the killed transaction is visible: document, version, revision and change log as before
            Versioned<Map<String, Object>> after = storage.variables().get(tenant, ns).orElseThrow();
            assertThat(after.version()).isEqualTo(before.version());
            assertThat(after.value()).containsEntry("state", "old");
            assertThat(storage.revisions().orElseThrow().list(tenant, ns, Revision.Resource.VARIABLES)).hasSize(1);
            assertThat(count(admin, "SELECT count(*) FROM " + PREFIX + "change WHERE tenant = '" + tenant + "'"))
                    .isEqualTo(changesBefore);

            // the pool dropped the dead connection; the same write now succeeds with the same expected version
            assertThat(storage.variables().put(tenant, ns, Map.of("state", "new"), before.version()).version())
                    .isEqualTo(before.version() + 1);
        }
    }

    @Test
    void storeAndChangeFeedRecoverAfterAllConnectionsAreDropped() throws Exception {
        TenantId tenant = freshTenant();
        NamespaceId ns = NamespaceId.of("company.recover");
        BlockingQueue<ChangeEvent> seen = new LinkedBlockingQueue<>();
        try (JdbcStorage writer = JdbcStorage.create(TestDatabases.postgres(PREFIX).build());
             JdbcStorage reader = JdbcStorage.create(TestDatabases.postgres(PREFIX).build());
             Subscription ignored = reader.subscribe(e -> {
                 if (e.tenant().equals(tenant)) {
                     seen.add(e);
                 }
             });
             Connection admin = TestDatabases.pgConnection()) {
            writer.namespaces().create(tenant, ns, NamespaceProperties.EMPTY);
            assertThat(seen.poll(30, TimeUnit.SECONDS)).isNotNull();

            // drop every connection of both nodes, pools and the LISTEN connection alike
            int killed = terminate(admin, "application_name LIKE 'cascade-" + PREFIX + "%'");
            assertThat(killed).isGreaterThanOrEqualTo(3);

            // reads retry once on a fresh connection; writes may fail once per dead pooled connection, then work
            assertThat(reader.namespaces().get(tenant, ns)).isPresent();
            long version = 0;
            for (int attempt = 0; attempt < 10 && version == 0; attempt++) {
                try {
                    version = writer.variables().put(tenant, ns, Map.of("after", "outage"), 0).version();
                } catch (BackendException e) {
                    assertThat(e.getMessage()).contains("connection");
                }
            }
            assertThat(version).isEqualTo(1);
            // the reader's watcher reconnects and delivers the write made after the outage
            ChangeEvent event = seen.poll(30, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.kind()).isEqualTo(ChangeEvent.Kind.VARIABLES);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
