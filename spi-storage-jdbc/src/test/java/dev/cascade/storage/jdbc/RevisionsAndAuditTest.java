package dev.cascade.storage.jdbc;

import dev.cascade.Cascade;
import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.access.Action;
import dev.cascade.access.Actor;
import dev.cascade.audit.AuditEvent;
import dev.cascade.audit.DiffEntry;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.Revision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Revision history and the audit trail, on every dialect (MariaDB through both drivers). */
class RevisionsAndAuditTest {
    private static final String PG_PREFIX = TestDatabases.uniquePrefix("rev");
    private static final String H2_DB = TestDatabases.uniquePrefix("revh2");
    private static final String MARIADB_PREFIX = TestDatabases.uniquePrefix("revmdb");

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PG_PREFIX);
        TestDatabases.dropMariaDbTables(MARIADB_PREFIX);
    }

    private static JdbcStorage open(String dialect) {
        return JdbcStorage.create(switch (dialect) {
            case "h2" -> TestDatabases.h2(H2_DB).build();
            case "postgresql" -> TestDatabases.postgres(PG_PREFIX).build();
            default -> TestDatabases.mariaDb(dialect, MARIADB_PREFIX).build();
        });
    }

    private static TenantId tenant() {
        return TenantId.of("rev-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void variablesHistoryListsDiffsAndRestoresThroughTheFacade(String dialect) {
        TenantId tenant = tenant();
        NamespaceId ns = NamespaceId.of("company.team");
        try (JdbcStorage storage = open(dialect);
             Cascade cascade = Cascade.builder().storage(storage).auditSink(storage.auditSink()).build()) {
            ManagementSession session = cascade.management().session(tenant, Actor.user("alice"));
            session.createNamespace(ns, NamespaceProperties.EMPTY);
            session.putVariables(ns, Map.of("region", "eu", "github", Map.of("org", "acme")), 0);
            session.putVariables(ns, Map.of("region", "us", "github", Map.of("org", "acme", "team", "x"),
                    "list", List.of(1, 2)), 1);
            session.putVariables(ns, Map.of("region", "us"), 2);

            List<Revision> revisions = session.history(ns, Revision.Resource.VARIABLES);
            assertThat(revisions).extracting(Revision::version).containsExactly(1L, 2L, 3L);
            assertThat(revisions.get(0).variables()).containsEntry("region", "eu");
            assertThat(storage.revisions().orElseThrow().get(tenant, ns, Revision.Resource.VARIABLES, 9)).isEmpty();

            List<DiffEntry> diff = session.diff(ns, Revision.Resource.VARIABLES, 1, 2);
            assertThat(diff).containsExactlyInAnyOrder(
                    new DiffEntry("region", DiffEntry.Change.CHANGED, "\"eu\"", "\"us\""),
                    new DiffEntry("github.team", DiffEntry.Change.ADDED, null, "\"x\""),
                    new DiffEntry("list", DiffEntry.Change.ADDED, null, "[1,2]"));
            assertThat(session.diff(ns, Revision.Resource.VARIABLES, 2, 2)).isEmpty();
            assertThatThrownBy(() -> session.diff(ns, Revision.Resource.VARIABLES, 1, 7))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("revision 7");

            // the resolver saw version 3; a restore is visible to it at once
            assertThat(cascade.resolver().render(tenant, ns, "{{ namespace.region }}", Map.of()).output()).isEqualTo("us");
            // restoring is a new version, checked optimistically; a stale version changes nothing
            assertThatThrownBy(() -> session.restore(ns, Revision.Resource.VARIABLES, 1, 2))
                    .isInstanceOf(ConflictException.class);
            assertThat(session.history(ns, Revision.Resource.VARIABLES)).hasSize(3);
            Revision restored = session.restore(ns, Revision.Resource.VARIABLES, 1, 3);
            assertThat(restored.version()).isEqualTo(4);
            assertThat(storage.variables().get(tenant, ns).orElseThrow().value())
                    .isEqualTo(Map.of("region", "eu", "github", Map.of("org", "acme")));
            assertThat(cascade.resolver().render(tenant, ns, "{{ namespace.region }}", Map.of()).output()).isEqualTo("eu");
            assertThat(session.history(ns, Revision.Resource.VARIABLES)).hasSize(4);

            // the restore is audited like any write, with its diff, in the database's audit trail
            List<AuditEvent> events = storage.auditSink().query(AuditQuery.forTenant(tenant)
                    .namespace(ns).build());
            AuditEvent last = events.get(events.size() - 1);
            assertThat(last.resource()).isEqualTo(AuditEvent.Resource.VARIABLES);
            assertThat(last.actor()).isEqualTo("alice");
            assertThat(last.versionBefore()).isEqualTo(3);
            assertThat(last.versionAfter()).isEqualTo(4);
            assertThat(last.diff()).contains(new DiffEntry("region", DiffEntry.Change.CHANGED, "\"us\"", "\"eu\""));

            // history goes with the namespace
            session.deleteNamespace(ns, 1, false);
            assertThat(storage.revisions().orElseThrow().list(tenant, ns, Revision.Resource.VARIABLES)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void pluginDefaultsAndPropertiesHistoryDiffsAndRestores(String dialect) {
        TenantId tenant = tenant();
        NamespaceId ns = NamespaceId.of("company");
        try (JdbcStorage storage = open(dialect);
             Cascade cascade = Cascade.builder().storage(storage).build()) {
            ManagementSession session = cascade.management().session(tenant, Actor.user("bob"));
            session.createNamespace(ns, new NamespaceProperties("first", List.of(), Optional.empty()));
            session.putPluginDefaults(ns, List.of(PluginDefault.of("io.kestra.plugin.aws",
                    Map.of("region", "eu-west-1"))), 0);
            session.putPluginDefaults(ns, List.of(
                    PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "us-east-1")),
                    PluginDefault.forced("io.kestra.plugin.git", Map.of("user", "bot"))), 1);
            assertThat(session.history(ns, Revision.Resource.PLUGIN_DEFAULTS)).hasSize(2);
            assertThat(session.diff(ns, Revision.Resource.PLUGIN_DEFAULTS, 1, 2)).extracting(DiffEntry::path,
                    DiffEntry::change).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("[0].values.region", DiffEntry.Change.CHANGED),
                    org.assertj.core.groups.Tuple.tuple("[1]", DiffEntry.Change.ADDED));
            Revision restored = session.restore(ns, Revision.Resource.PLUGIN_DEFAULTS, 1, 2);
            assertThat(restored.version()).isEqualTo(3);
            assertThat(storage.pluginDefaults().get(tenant, ns).orElseThrow().value())
                    .containsExactly(PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "eu-west-1")));

            // properties keep a history too, from the create on
            session.updateNamespace(ns, new NamespaceProperties("second", List.of(AllowedNamespace.parse("team.*")),
                    Optional.empty()), 1);
            List<Revision> props = session.history(ns, Revision.Resource.PROPERTIES);
            assertThat(props).extracting(Revision::version).containsExactly(1L, 2L);
            assertThat(props.get(0).properties().description()).isEqualTo("first");
            assertThat(props.get(1).properties().allowedNamespaces()).containsExactly(AllowedNamespace.parse("team.*"));
            assertThat(session.diff(ns, Revision.Resource.PROPERTIES, 1, 2)).extracting(DiffEntry::path)
                    .containsExactlyInAnyOrder("description", "allowedNamespaces[0]");
            session.restore(ns, Revision.Resource.PROPERTIES, 1, 2);
            assertThat(session.getNamespace(ns).orElseThrow().description()).isEqualTo("first");
            assertThat(session.getNamespace(ns).orElseThrow().version()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void auditEventsArePersistedAndQueried(String dialect) {
        TenantId tenant = tenant();
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        try (JdbcStorage storage = open(dialect)) {
            JdbcAuditSink sink = storage.auditSink();
            AuditEvent e1 = new AuditEvent(tenant, NamespaceId.of("company"), AuditEvent.Resource.VARIABLES,
                    Optional.empty(), Action.UPDATE, "alice", t0, 1, 2,
                    List.of(new DiffEntry("region", DiffEntry.Change.CHANGED, "\"eu\"", "\"us\"")), false,
                    AuditEvent.Outcome.SUCCESS);
            AuditEvent e2 = new AuditEvent(tenant, NamespaceId.of("company.my_team"), AuditEvent.Resource.SECRET,
                    Optional.of("API_TOKEN"), Action.CREATE, "bob", t0.plusSeconds(60), 0, 1, List.of(), true,
                    AuditEvent.Outcome.SUCCESS);
            AuditEvent e3 = new AuditEvent(tenant, NamespaceId.of("companyx"), AuditEvent.Resource.NAMESPACE,
                    Optional.empty(), Action.DELETE, "alice", t0.plusSeconds(120), 3, 0, List.of(), false,
                    AuditEvent.Outcome.DENIED);
            AuditEvent otherTenant = new AuditEvent(tenant(), NamespaceId.of("company"), AuditEvent.Resource.VARIABLES,
                    Optional.empty(), Action.UPDATE, "alice", t0, 1, 2, List.of(), false, AuditEvent.Outcome.SUCCESS);
            for (AuditEvent e : List.of(e3, e1, e2, otherTenant)) {
                sink.record(e);
            }
            assertThat(sink.query(AuditQuery.forTenant(tenant).build())).containsExactly(e1, e2, e3);
            assertThat(sink.query(AuditQuery.forTenant(tenant).actor("alice").build())).containsExactly(e1, e3);
            assertThat(sink.query(AuditQuery.forTenant(tenant).namespace(NamespaceId.of("company")).build()))
                    .containsExactly(e1);
            assertThat(sink.query(AuditQuery.forTenant(tenant).namespaceTree(NamespaceId.of("company")).build()))
                    .containsExactly(e1, e2);
            assertThat(sink.query(AuditQuery.forTenant(tenant).from(t0.plusSeconds(1)).to(t0.plusSeconds(120)).build()))
                    .containsExactly(e2);
            assertThat(sink.query(AuditQuery.forTenant(tenant).limit(1).build())).containsExactly(e1);
            assertThatThrownBy(() -> AuditQuery.forTenant(tenant).limit(0).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit was '0'");
        }
    }
}
