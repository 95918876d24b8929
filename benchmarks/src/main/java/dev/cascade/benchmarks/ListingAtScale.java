package dev.cascade.benchmarks;

import dev.cascade.Cascade;
import dev.cascade.access.Actor;
import dev.cascade.access.RoleBasedAccessPolicy;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.management.ManagementSession;
import dev.cascade.management.NamespacePage;
import dev.cascade.management.NamespacePageRequest;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.AccessControlStore;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.storage.jdbc.JdbcStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 11, listing at scale on PostgreSQL: one tenant with {@code namespaces} existing namespaces
 * ({@code dept-NN.team-NN.proj-NN}, 100 × 100 × 100 at the default 1,000,000, bulk-loaded with {@code COPY}),
 * so the 10,100 departments and teams are placeholders. Timed: one page of 100 rows through
 * {@link ManagementSession#listNamespaces(NamespacePageRequest)}, the first page and a middle page (after
 * {@code dept-50.team-00.proj-00}), without access control and with the role-based policy for a user bound as
 * viewer on 10 of the 100 departments ({@code dept-05}, {@code dept-15}, ...); and the children of one
 * department (its 100 teams). The tables have a prefix of
 * their own and are dropped at the end.
 *
 * <p>Not in {@link PerformanceReport}'s default selection (it needs PostgreSQL and a minute of set-up): run it
 * by name, {@code java -jar benchmarks/target/benchmarks.jar ListingAtScale -prof gc}. Server:
 * {@code CASCADE_BENCH_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ListingAtScale {
    static final TenantId TENANT = TenantId.of("bench");
    static final NamespaceId MIDDLE = NamespaceId.of("dept-50.team-00.proj-00");

    /** Namespaces in the tenant: a multiple of 10,000 (100 departments × 100 teams × n projects). */
    @Param("1000000")
    public int namespaces;

    final String prefix = "bench_list_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
    JdbcStorage storage;
    Cascade open;
    Cascade rbac;
    ManagementSession admin;
    ManagementSession viewer;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        String url = NamespaceMissOnServers.PG_URL;
        storage = JdbcStorage.create(JdbcConfig.builder().url(url).tablePrefix(prefix).poolSize(4).build());
        load(url, prefix, namespaces);
        AccessControlStore acl = storage.accessControl().orElseThrow();
        for (int d = 5; d < 100; d += 10) {
            acl.addBinding(RoleBinding.onNamespace(TENANT, Subject.user("bob"), "viewer",
                    NamespaceId.of(String.format("dept-%02d", d))));
        }
        open = Cascade.builder().storage(storage).build();
        rbac = Cascade.builder().storage(storage).accessPolicy(new RoleBasedAccessPolicy(acl)).build();
        admin = open.management().session(TENANT, Actor.user("alice"));
        viewer = rbac.management().session(TENANT, Actor.user("bob"));
    }

    /** Bulk-loads {@code count} namespaces with {@code COPY}, in chunks of 100,000 rows. */
    static void load(String url, String prefix, int count) throws SQLException, IOException {
        int projects = count / 10_000;
        try (Connection c = DriverManager.getConnection(url)) {
            StringBuilder chunk = new StringBuilder();
            int rows = 0;
            for (int d = 0; d < 100; d++) {
                for (int t = 0; t < 100; t++) {
                    for (int p = 0; p < projects; p++) {
                        chunk.append(TENANT.value()).append('\t')
                                .append(String.format("dept-%02d.team-%02d.proj-%02d", d, t, p))
                                .append("\t\t[]\t\\N\t1\t2026-01-01 00:00:00+00\t2026-01-01 00:00:00+00\n");
                        if (++rows % 100_000 == 0) {
                            copy(c, prefix, chunk);
                        }
                    }
                }
            }
            copy(c, prefix, chunk);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE " + prefix + "namespace");
            }
        }
    }

    private static void copy(Connection c, String prefix, StringBuilder chunk) throws SQLException, IOException {
        if (chunk.length() > 0) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + prefix + "namespace (tenant, id, description,"
                    + " allowed_namespaces, secret_store, version, created, updated) FROM STDIN",
                    new StringReader(chunk.toString()));
            chunk.setLength(0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        open.close();
        rbac.close();
        storage.close();
        NamespaceMissOnServers.dropTables(NamespaceMissOnServers.PG_URL, prefix, "DROP TABLE IF EXISTS \"%s\" CASCADE");
    }

    @Benchmark
    public NamespacePage s11_firstPage() {
        return admin.listNamespaces(NamespacePageRequest.first(100));
    }

    @Benchmark
    public NamespacePage s11_middlePage() {
        return admin.listNamespaces(NamespacePageRequest.first(100).after(MIDDLE));
    }

    /** Tree browsing: the 100 teams of one department (each with its projects below it). */
    @Benchmark
    public NamespacePage s11_childrenPage() {
        return admin.listNamespaces(NamespacePageRequest.first(100).childrenOf(NamespaceId.of("dept-50")));
    }

    @Benchmark
    public NamespacePage s11_firstPage_rbac() {
        return viewer.listNamespaces(NamespacePageRequest.first(100));
    }

    @Benchmark
    public NamespacePage s11_middlePage_rbac() {
        return viewer.listNamespaces(NamespacePageRequest.first(100).after(MIDDLE));
    }
}
