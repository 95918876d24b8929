package dev.cascade.storage.jdbc;

import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.access.Action;
import dev.cascade.access.Actor;
import dev.cascade.access.Permission;
import dev.cascade.access.Role;
import dev.cascade.access.RoleBasedAccessPolicy;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.AccessControlStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Access control on the JDBC storage beyond the kit: no caching across nodes, the V1 → V2 upgrade, indexed
 * reads and unreadable stored grants.
 */
class JdbcAccessControlTest {
    private static final String PG_PREFIX = TestDatabases.uniquePrefix("acx");
    private static final NamespaceId NS = NamespaceId.of("company.payments");
    private static final NamespaceId CHILD = NamespaceId.of("company.payments.eu");

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PG_PREFIX);
    }

    private static TenantId freshTenant() {
        return TenantId.of("acx-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void aRemovedGroupMembershipIsSeenOnTheVeryNextCheck() {
        try (JdbcStorage h2 = JdbcStorage.create(TestDatabases.h2(TestDatabases.uniquePrefix("acm")).build());
             JdbcStorage pg = JdbcStorage.create(TestDatabases.postgres(PG_PREFIX).build())) {
            for (JdbcStorage storage : List.of(h2, pg)) {
                TenantId tenant = freshTenant();
                AccessControlStore store = storage.accessControl().orElseThrow();
                RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(store);
                Actor dana = Actor.user("dana");
                store.addBinding(RoleBinding.onNamespace(tenant, Subject.group("payments-team"), "editor", NS));
                store.addMember(tenant, "payments-team", "dana");

                for (int i = 0; i < 3; i++) {
                    assertThat(policy.isAllowed(dana, tenant, CHILD, Permission.SECRET, Action.UPDATE))
                            .as(storage.dialect()).isTrue();
                }
                assertThat(store.removeMember(tenant, "payments-team", "dana")).isTrue();
                assertThat(policy.isAllowed(dana, tenant, CHILD, Permission.SECRET, Action.UPDATE))
                        .as(storage.dialect()).isFalse();
                assertThat(policy.isAllowed(dana, tenant, NS, Permission.NAMESPACE, Action.READ))
                        .as(storage.dialect()).isFalse();
                // a group the host asserts for the call still counts
                assertThat(policy.isAllowed(Actor.user("dana", "payments-team"), tenant, CHILD, Permission.SECRET,
                        Action.UPDATE)).as(storage.dialect()).isTrue();
            }
        }
    }

    @Test
    void twoNodesOnOnePostgresDatabaseSeeEachOthersChangesAtOnce() {
        try (JdbcStorage nodeA = JdbcStorage.create(TestDatabases.postgres(PG_PREFIX).build());
             JdbcStorage nodeB = JdbcStorage.create(TestDatabases.postgres(PG_PREFIX).build())) {
            TenantId tenant = freshTenant();
            AccessControlStore adminSide = nodeA.accessControl().orElseThrow();
            AccessControlStore otherSide = nodeB.accessControl().orElseThrow();
            RoleBasedAccessPolicy policyOnB = new RoleBasedAccessPolicy(otherSide);
            Actor erin = Actor.user("erin");

            // B has checked (and would have cached, were it caching) before A writes
            assertThat(policyOnB.isAllowed(erin, tenant, CHILD, Permission.NAMESPACE, Action.UPDATE)).isFalse();

            RoleBinding binding = RoleBinding.onNamespace(tenant, Subject.user("erin"), "deployer", NS);
            adminSide.putRole(tenant, new Role("deployer", Map.of(Permission.NAMESPACE,
                    EnumSet.of(Action.READ, Action.UPDATE))));
            assertThat(adminSide.addBinding(binding)).isTrue();
            assertThat(policyOnB.isAllowed(erin, tenant, CHILD, Permission.NAMESPACE, Action.UPDATE)).isTrue();
            assertThat(policyOnB.isAllowed(erin, tenant, NamespaceId.of("company"), Permission.NAMESPACE, Action.UPDATE))
                    .isFalse();

            // a narrower role definition through A applies on B's next check
            adminSide.putRole(tenant, new Role("deployer", Map.of(Permission.NAMESPACE, EnumSet.of(Action.READ))));
            assertThat(policyOnB.isAllowed(erin, tenant, CHILD, Permission.NAMESPACE, Action.UPDATE)).isFalse();
            assertThat(policyOnB.isAllowed(erin, tenant, CHILD, Permission.NAMESPACE, Action.READ)).isTrue();

            // B cannot delete a role A's binding still uses; the binding keeps working
            assertThatThrownBy(() -> otherSide.deleteRole(tenant, "deployer")).isInstanceOf(ConflictException.class);
            assertThat(policyOnB.isAllowed(erin, tenant, CHILD, Permission.NAMESPACE, Action.READ)).isTrue();

            // a group binding through B, membership through A, removal through A
            otherSide.addBinding(RoleBinding.tenantWide(tenant, Subject.group("sre"), "viewer"));
            adminSide.addMember(tenant, "sre", "erin");
            assertThat(policyOnB.isAllowed(erin, tenant, NamespaceId.of("other"), Permission.SECRET, Action.READ)).isTrue();
            adminSide.removeMember(tenant, "sre", "erin");
            assertThat(policyOnB.isAllowed(erin, tenant, NamespaceId.of("other"), Permission.SECRET, Action.READ)).isFalse();

            // binding removed through A: gone on B at once
            assertThat(adminSide.removeBinding(binding)).isTrue();
            assertThat(policyOnB.isAllowed(erin, tenant, CHILD, Permission.NAMESPACE, Action.READ)).isFalse();
            assertThat(otherSide.addBinding(binding)).isTrue();
            assertThat(adminSide.addBinding(binding)).isFalse();
        }
    }

    @Test
    void aDatabaseAtVersion1IsUpgradedAndKeepsItsData() throws SQLException {
        String db = TestDatabases.uniquePrefix("acup");
        String url = TestDatabases.h2Url(db);
        Flyway.configure(JdbcDatabase.class.getClassLoader())
                .dataSource(url, null, null)
                .locations("classpath:dev/cascade/storage/jdbc/migration/h2")
                .table("cascade_schema_history")
                .placeholders(Map.of("prefix", "cascade_"))
                .target("1")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(tableExists(c, "CASCADE_NAMESPACE")).isTrue();
            assertThat(tableExists(c, "CASCADE_ROLE_BINDING")).isFalse();
        }
        TenantId tenant = freshTenant();
        try (JdbcStorage v1 = JdbcStorage.create(JdbcConfig.builder().url(url).migrate(false).build())) {
            v1.namespaces().create(tenant, NS, NamespaceProperties.EMPTY);
        }
        try (JdbcStorage upgraded = JdbcStorage.create(JdbcConfig.builder().url(url).build())) {
            assertThat(upgraded.namespaces().get(tenant, NS)).isPresent();
            AccessControlStore store = upgraded.accessControl().orElseThrow();
            assertThat(store.addBinding(RoleBinding.onNamespace(tenant, Subject.user("ann"), "admin", NS))).isTrue();
            assertThat(store.bindings(tenant)).hasSize(1);
        }
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"cascade_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL"
                     + " ORDER BY \"installed_rank\"")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
            assertThat(versions).startsWith("1", "2", "3"); // and any later migration
        }
    }

    @Test
    void everyReadOnPostgresCanBeServedByAnIndex() throws SQLException {
        try (JdbcStorage storage = JdbcStorage.create(TestDatabases.postgres(PG_PREFIX).build());
             Connection c = TestDatabases.pgConnection()) {
            TenantId tenant = freshTenant();
            AccessControlStore store = storage.accessControl().orElseThrow();
            store.addBinding(RoleBinding.tenantWide(tenant, Subject.user("ann"), "viewer"));
            store.addMember(tenant, "devs", "ann");
            try (Statement s = c.createStatement()) {
                s.execute("SET enable_seqscan = off");
            }
            String p = PG_PREFIX;
            List<String> reads = List.of(
                    "SELECT name, grants FROM " + p + "role WHERE tenant = 't'",
                    "SELECT grants FROM " + p + "role WHERE tenant = 't' AND name = 'r'",
                    "SELECT subject_kind, subject_id, role, namespace FROM " + p + "role_binding WHERE tenant = 't' ORDER BY seq",
                    "SELECT subject_kind, subject_id FROM " + p + "role_binding WHERE tenant = 't' AND role = 'r' ORDER BY seq LIMIT 1",
                    "SELECT group_id FROM " + p + "group_member WHERE tenant = 't' AND user_id = 'u'",
                    "SELECT group_id, user_id FROM " + p + "group_member WHERE tenant = 't'");
            for (String sql : reads) {
                StringBuilder plan = new StringBuilder();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).as(sql).doesNotContain("Seq Scan").containsIgnoringCase("Index");
            }
        }
    }

    @Test
    void unreadableStoredGrantsFailWithABackendException() throws SQLException {
        String db = TestDatabases.uniquePrefix("acbad");
        try (JdbcStorage storage = JdbcStorage.create(TestDatabases.h2(db).build())) {
            TenantId tenant = freshTenant();
            AccessControlStore store = storage.accessControl().orElseThrow();
            store.putRole(tenant, new Role("auditor", Map.of(Permission.SECRET, EnumSet.of(Action.READ))));
            try (Connection c = DriverManager.getConnection(TestDatabases.h2Url(db));
                 PreparedStatement ps = c.prepareStatement("UPDATE cascade_role SET grants = ? WHERE tenant = ?")) {
                ps.setString(1, "{\"TELEPORT\":[\"READ\"]}");
                ps.setString(2, tenant.value());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThatThrownBy(() -> store.role(tenant, "auditor"))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("auditor");
            assertThatThrownBy(() -> store.roles(tenant)).isInstanceOf(BackendException.class);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
            return rs.next();
        }
    }
}
