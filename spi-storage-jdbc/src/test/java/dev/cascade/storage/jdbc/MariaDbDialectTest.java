package dev.cascade.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascade.ConfigurationException;
import dev.cascade.access.Action;
import dev.cascade.access.Permission;
import dev.cascade.access.Role;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.audit.AuditEvent;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.AccessControlStore;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What is particular to MySQL and MariaDB, on the real MariaDB server through both drivers: migrations from an
 * empty schema and again, binary collation of ids and keys, exact JSON text, microsecond timestamps, the plan
 * of the change-log poll, and the error naming the driver to add.
 */
class MariaDbDialectTest {
    private static final List<String> PREFIXES = new CopyOnWriteArrayList<>();

    @AfterAll
    static void dropTables() {
        PREFIXES.forEach(TestDatabases::dropMariaDbTables);
    }

    private static String prefix(String tag) {
        String p = TestDatabases.uniquePrefix(tag);
        PREFIXES.add(p);
        return p;
    }

    private static TenantId tenant() {
        return TenantId.of("mdb-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Runs in a database of its own, created empty for the test and dropped after it. */
    @ParameterizedTest(name = "{0} driver")
    @ValueSource(strings = {"mariadb", "mysql"})
    void migratesAnEmptyDatabaseAndARerunChangesNothing(String driver) throws SQLException {
        String database = TestDatabases.uniquePrefix("mig" + driver).replaceAll("_$", "");
        String prefix = JdbcConfig.DEFAULT_TABLE_PREFIX;
        try (Connection c = TestDatabases.mariaDbConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try {
            JdbcConfig.Builder config = TestDatabases.mariaDb(driver, prefix);
            String url = (driver.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.MYSQL_DRIVER_URL)
                    .replaceAll("/[^/]*$", "/" + database);
            config.url(url);
            TenantId tenant = tenant();
            NamespaceId ns = NamespaceId.of("company");
            try (JdbcStorage first = JdbcStorage.create(config.build())) {
                assertThat(first.dialect()).isEqualTo("mysql");
                first.namespaces().create(tenant, ns, NamespaceProperties.ofDescription("kept"));
            }
            List<String> afterFirst = history(database, prefix);
            assertThat(afterFirst).containsExactly("1:true", "2:true", "3:true");
            try (JdbcStorage again = JdbcStorage.create(config.build());
                 JdbcStorage unmigrated = JdbcStorage.create(config.migrate(false).build())) {
                // a start on a current schema reads the history (MySQL quoting) and skips Flyway
                assertThat(again.database().schemaIsCurrent()).isTrue();
                assertThat(again.namespaces().get(tenant, ns).orElseThrow().description()).isEqualTo("kept");
                assertThat(unmigrated.namespaces().get(tenant, ns)).isPresent();
            }
            assertThat(history(database, prefix)).isEqualTo(afterFirst);

            try (Connection c = TestDatabases.mariaDbConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT table_name, engine, table_collation FROM information_schema.tables WHERE table_schema = ?"
                            + " AND table_name <> ?")) {
                ps.setString(1, database);
                ps.setString(2, prefix + "schema_history");
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1).substring(prefix.length()));
                        assertThat(rs.getString(2)).as(rs.getString(1)).isEqualTo("InnoDB");
                        // MariaDB has the no-pad binary collation: 'a' and 'a ' differ, as on PostgreSQL
                        assertThat(rs.getString(3)).as(rs.getString(1)).isEqualTo("utf8mb4_nopad_bin");
                    }
                }
                assertThat(tables).containsExactlyInAnyOrder("namespace", "used_namespace", "variables",
                        "plugin_defaults", "revision", "secret", "encryption_key", "audit", "change", "role",
                        "role_binding", "group_member");
            }
        } finally {
            try (Connection c = TestDatabases.mariaDbConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    private static List<String> history(String database, String prefix) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabases.mariaDbConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM " + database + "." + prefix + "schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getBoolean(2));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} driver")
    @ValueSource(strings = {"mariadb", "mysql"})
    void idsAndKeysCompareByteForByte(String driver) {
        String prefix = prefix("case" + driver);
        TenantId tenant = tenant();
        NamespaceId ns = NamespaceId.of("company");
        JdbcConfig config = TestDatabases.mariaDb(driver, prefix).encryptionKey("k1", TestDatabases.newKey()).build();
        try (JdbcStorage storage = JdbcStorage.create(config); JdbcSecretStore secrets = storage.secretStore(config)) {
            storage.namespaces().create(tenant, ns, NamespaceProperties.EMPTY);
            // secret keys differ only by case: three secrets, not one
            for (String k : List.of("API_TOKEN", "api_token", "Api_Token")) {
                secrets.put(tenant, ns, SecretKey.of(k), SecretValue.of("value of " + k), SecretAttributes.NONE,
                        SecretStore.MUST_NOT_EXIST);
            }
            assertThat(secrets.list(tenant, ns)).extracting(m -> m.key().value())
                    .containsExactly("API_TOKEN", "Api_Token", "api_token");
            assertThat(secrets.get(tenant, ns, SecretKey.of("api_token"))).map(SecretValue::reveal)
                    .contains("value of api_token");

            // subject and group ids are free text: case, accents and trailing spaces all make a different id
            AccessControlStore acl = storage.accessControl().orElseThrow();
            List<String> users = List.of("ann", "Ann", "ann ", "änn");
            for (String user : users) {
                assertThat(acl.addMember(tenant, "devs", user)).as(user).isTrue();
                assertThat(acl.addBinding(RoleBinding.onNamespace(tenant, Subject.user(user), "viewer", ns)))
                        .as(user).isTrue();
            }
            assertThat(acl.addMember(tenant, "Devs", "ann")).isTrue();
            assertThat(acl.groups(tenant).get("devs")).containsExactlyInAnyOrderElementsOf(users);
            assertThat(acl.groupsOf(tenant, "ann")).containsExactlyInAnyOrder("Devs", "devs");
            assertThat(acl.groupsOf(tenant, "ann ")).containsExactly("devs");
            assertThat(acl.bindings(tenant)).hasSize(users.size());
            // a second identical binding is refused as a duplicate, also when tenant-wide (namespace NULL)
            assertThat(acl.addBinding(RoleBinding.onNamespace(tenant, Subject.user("Ann"), "viewer", ns))).isFalse();
            assertThat(acl.addBinding(RoleBinding.tenantWide(tenant, Subject.user("Ann"), "viewer"))).isTrue();
            assertThat(acl.addBinding(RoleBinding.tenantWide(tenant, Subject.user("Ann"), "viewer"))).isFalse();
            assertThat(acl.removeBinding(RoleBinding.tenantWide(tenant, Subject.user("ann"), "viewer"))).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} driver")
    @ValueSource(strings = {"mariadb", "mysql"})
    void documentsAreStoredAsTheExactJsonTextAndReadBackEqual(String driver) throws SQLException {
        String prefix = prefix("json" + driver);
        TenantId tenant = tenant();
        NamespaceId ns = NamespaceId.of("company.data");
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("zeta", "last key first: MySQL's JSON type would sort the keys");
        vars.put("alpha", Map.of("emoji", "deploy \uD83D\uDE80 \u00e9t\u00e9 \u4e2d\u6587", "quote", "\"{{ not a template }}\""));
        vars.put("big", new BigDecimal("12345678901234567890.123456789"));
        vars.put("small", 1.0E-7);
        vars.put("list", List.of(3, 1, 2, "", false));
        vars.put("control", "tab\tnewline\nnul\u0000end");
        vars.put("nothing", null);
        String description = "Namespace \uD83D\uDC4B with trailing spaces   ";
        try (JdbcStorage storage = JdbcStorage.create(TestDatabases.mariaDb(driver, prefix).build())) {
            storage.namespaces().create(tenant, ns, NamespaceProperties.ofDescription(description));
            storage.variables().put(tenant, ns, vars, 0);
            storage.pluginDefaults().put(tenant, ns, List.of(new PluginDefault("io.kestra.plugin.aws",
                    Map.of("region", "eu-west-1 \uD83C\uDDEA\uD83C\uDDFA"), true)), 0);

            Map<String, Object> read = storage.variables().get(tenant, ns).orElseThrow().value();
            assertThat(read).isEqualTo(storage.variableDocuments().parse(Json.toJson(vars)));
            assertThat(new ArrayList<>(read.keySet())).containsExactly("zeta", "alpha", "big", "small", "list",
                    "control", "nothing");
            assertThat(storage.namespaces().get(tenant, ns).orElseThrow().description()).isEqualTo(description);
            assertThat(storage.pluginDefaults().get(tenant, ns).orElseThrow().value().get(0).values())
                    .containsEntry("region", "eu-west-1 \uD83C\uDDEA\uD83C\uDDFA");

            // byte for byte the text Cascade wrote, in the document and in its revision, and the same text and
            // values as the same write on PostgreSQL
            String onMariaDb = storedVariables(TestDatabases.mariaDbConnection(), prefix, tenant, ns);
            assertThat(onMariaDb).isEqualTo(Json.toJson(vars)).startsWith("{\"zeta\":")
                    .contains("12345678901234567890.123456789").contains("\uD83D\uDE80");
            String pgPrefix = TestDatabases.uniquePrefix("jsonpg");
            try (JdbcStorage pg = JdbcStorage.create(TestDatabases.postgres(pgPrefix).build())) {
                pg.namespaces().create(tenant, ns, NamespaceProperties.ofDescription(description));
                pg.variables().put(tenant, ns, vars, 0);
                assertThat(storedVariables(TestDatabases.pgConnection(), pgPrefix, tenant, ns)).isEqualTo(onMariaDb);
                assertThat(pg.variables().get(tenant, ns).orElseThrow().value()).isEqualTo(read);
                assertThat(pg.namespaces().get(tenant, ns).orElseThrow().description()).isEqualTo(description);
            } finally {
                TestDatabases.dropPostgresTables(pgPrefix);
            }
        }
    }

    /** The stored variables document of {@code ns}, checked equal to its revision's. */
    private static String storedVariables(Connection connection, String prefix, TenantId tenant, NamespaceId ns)
            throws SQLException {
        try (Connection c = connection; PreparedStatement ps = c.prepareStatement(
                "SELECT v.document, r.document FROM " + prefix + "variables v JOIN " + prefix + "revision r"
                        + " ON r.tenant = v.tenant AND r.namespace = v.namespace AND r.kind = 'VARIABLES'"
                        + " WHERE v.tenant = ? AND v.namespace = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, ns.value());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo(rs.getString(1));
                return rs.getString(1);
            }
        }
    }

    @ParameterizedTest(name = "{0} driver")
    @ValueSource(strings = {"mariadb", "mysql"})
    void timestampsKeepMicrosecondsWhateverTheSessionTimeZone(String driver) throws SQLException {
        String prefix = prefix("ts" + driver);
        TenantId tenant = tenant();
        NamespaceId ns = NamespaceId.of("company");
        try (JdbcStorage storage = JdbcStorage.create(TestDatabases.mariaDb(driver, prefix).build())) {
            var created = storage.namespaces().create(tenant, ns, NamespaceProperties.EMPTY);
            assertThat(storage.namespaces().get(tenant, ns).orElseThrow().created()).isEqualTo(created.created());
            // stored as UTC wall-clock time: what a reader in any session time zone sees in the column
            try (Connection c = TestDatabases.mariaDbConnection(); Statement s = c.createStatement()) {
                s.execute("SET time_zone = '+05:30'");
                try (ResultSet rs = s.executeQuery("SELECT created FROM " + prefix + "namespace WHERE tenant = '"
                        + tenant.value() + "'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                            .withZone(ZoneOffset.UTC).format(created.created()));
                }
            }
        }
    }

    /**
     * A host's own pool (not configured for READ COMMITTED): writes still run at READ COMMITTED, so two nodes
     * creating the same secret at once race on the primary key instead of deadlocking on gap locks.
     */
    @ParameterizedTest(name = "{0} driver")
    @ValueSource(strings = {"mariadb", "mysql"})
    void aHostDataSourceServesConcurrentCreatesWithoutDeadlock(String driver) throws Exception {
        String prefix = prefix("ds" + driver);
        JdbcConfig config = TestDatabases.mariaDb(driver, prefix).encryptionKey("k1", TestDatabases.newKey()).build();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.url().orElseThrow());
        hc.setUsername(config.user().orElseThrow());
        config.password().ifPresent(hc::setPassword);
        hc.setMaximumPoolSize(6);
        TenantId tenant = tenant();
        NamespaceId ns = NamespaceId.of("company");
        try (HikariDataSource pool = new HikariDataSource(hc);
             JdbcStorage storage = JdbcStorage.create(pool, config);
             JdbcSecretStore secrets = storage.secretStore(config)) {
            storage.namespaces().create(tenant, ns, NamespaceProperties.EMPTY);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 10; round++) {
                    SecretKey key = SecretKey.of("RACE_" + round);
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<?>> writes = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        String value = "value-" + t;
                        writes.add(threads.submit(() -> {
                            start.await();
                            return secrets.put(tenant, ns, key, SecretValue.of(value), SecretAttributes.NONE,
                                    SecretStore.ANY_VERSION);
                        }));
                    }
                    start.countDown();
                    for (Future<?> w : writes) {
                        w.get(30, TimeUnit.SECONDS);
                    }
                    assertThat(secrets.metadata(tenant, ns, key).orElseThrow().version()).isEqualTo(4);
                }
            } finally {
                threads.shutdownNow();
            }
            var v = storage.variables().put(tenant, ns, Map.of("a", 1), 0);
            assertThat(storage.variables().put(tenant, ns, Map.of("a", 2), v.version()).version()).isEqualTo(2);
        }
    }

    /** An audit query over a namespace tree escapes '_', so that it is no LIKE wildcard. */
    @Test
    void auditTreeQueriesTreatUnderscoreLiterally() {
        JdbcConfig.Builder config = TestDatabases.mariaDb("mariadb", prefix("aud"));
        TenantId tenant = tenant();
        try (JdbcStorage storage = JdbcStorage.create(config.build())) {
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            List<AuditEvent> events = new ArrayList<>();
            for (String ns : List.of("data_lake", "data_lake.raw", "dataxlake.raw", "data_lakehouse")) {
                AuditEvent e = new AuditEvent(tenant, NamespaceId.of(ns), AuditEvent.Resource.VARIABLES,
                        Optional.empty(), Action.UPDATE, "alice", t0.plusSeconds(events.size()), 1, 2, List.of(), false,
                        AuditEvent.Outcome.SUCCESS);
                storage.auditSink().record(e);
                events.add(e);
            }
            assertThat(storage.auditSink().query(AuditQuery.forTenant(tenant).namespaceTree(NamespaceId.of("data_lake"))
                    .build())).containsExactly(events.get(0), events.get(1));
        }
    }

    /**
     * The change-log poll, the one query a subscribed node runs per interval while idle, is a range read of the
     * primary key: EXPLAIN names PRIMARY with type range, and running it reads no row sequentially.
     */
    @Test
    void theIdleChangeLogPollIsOneIndexedRangeRead() throws SQLException {
        String prefix = prefix("plan");
        try (JdbcStorage storage = JdbcStorage.create(TestDatabases.mariaDb("mariadb", prefix).build());
             ChangeLog log = new ChangeLog(storage.database(), k -> true, "plan-test");
             Connection c = TestDatabases.mariaDbConnection()) {
            String table = prefix + "change";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (tenant, namespace, kind, secret_key, origin, created) VALUES ('t', ?, 'VARIABLES', NULL, 'n',"
                    + " UTC_TIMESTAMP(6))")) {
                for (int i = 0; i < 5000; i++) {
                    ps.setString(1, "ns" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE TABLE " + table);
            }
            long max;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM " + table)) {
                rs.next();
                max = rs.getLong(1);
            }
            for (int gaps : new int[] {0, 3}) {
                List<Map<String, String>> plan = explain(c, log.pollSql(gaps), max, gaps);
                System.out.println("[change-log poll plan, " + gaps + " gaps] EXPLAIN " + log.pollSql(gaps) + " -> " + plan);
                assertThat(plan).hasSize(1);
                assertThat(plan.get(0)).containsEntry("key", "PRIMARY").containsEntry("type", "range");
                assertThat(plan.get(0).get("Extra")).doesNotContain("filesort");
            }
            // the idle poll, run for real: index lookups only, no row read by a table scan
            long scannedBefore = status(c, "Handler_read_rnd_next");
            long keyReadsBefore = status(c, "Handler_read_key");
            try (PreparedStatement ps = c.prepareStatement(log.pollSql(0))) {
                ps.setLong(1, max);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isFalse();
                }
            }
            assertThat(status(c, "Handler_read_rnd_next") - scannedBefore).isZero();
            assertThat(status(c, "Handler_read_key") - keyReadsBefore).isPositive();
        }
    }

    /** Every access-control read (one per check, nothing cached) is served by the primary key or an index. */
    @Test
    void everyAccessControlReadIsServedByAnIndex() throws SQLException {
        String p = prefix("acidx");
        try (JdbcStorage storage = JdbcStorage.create(TestDatabases.mariaDb("mariadb", p).build());
             Connection c = TestDatabases.mariaDbConnection()) {
            AccessControlStore store = storage.accessControl().orElseThrow();
            for (int t = 0; t < 15; t++) {
                TenantId tenant = TenantId.of("acidx-" + t);
                store.putRole(tenant, new Role("r", Map.of(Permission.SECRET, EnumSet.of(Action.READ))));
                store.putRole(tenant, new Role("s", Map.of(Permission.NAMESPACE, EnumSet.of(Action.READ))));
                for (int i = 0; i < 3; i++) {
                    store.addBinding(RoleBinding.tenantWide(tenant, Subject.user("user" + i), "viewer"));
                    store.addMember(tenant, "group" + i, "user" + i);
                }
            }
            try (Statement s = c.createStatement()) {
                for (String table : List.of("role", "role_binding", "group_member")) {
                    s.execute("ANALYZE TABLE " + p + table);
                }
            }
            List<String> reads = List.of(
                    "SELECT name, grants FROM " + p + "role WHERE tenant = 'acidx-1'",
                    "SELECT grants FROM " + p + "role WHERE tenant = 'acidx-1' AND name = 'r'",
                    "SELECT subject_kind, subject_id, role, namespace FROM " + p + "role_binding WHERE tenant = 'acidx-1' ORDER BY seq",
                    "SELECT subject_kind, subject_id FROM " + p + "role_binding WHERE tenant = 'acidx-1' AND role = 'viewer' ORDER BY seq LIMIT 1",
                    "SELECT group_id FROM " + p + "group_member WHERE tenant = 'acidx-1' AND user_id = 'user1'",
                    "SELECT group_id, user_id FROM " + p + "group_member WHERE tenant = 'acidx-1'");
            for (String sql : reads) {
                List<Map<String, String>> plan = explain(c, sql, 0, -1);
                assertThat(plan).as(sql).allSatisfy(row -> {
                    assertThat(row.get("type")).as(sql + " " + row).isNotEqualTo("ALL");
                    assertThat(row.get("key")).as(sql + " " + row).isNotNull();
                });
            }
        }
    }

    /** EXPLAIN of {@code sql}; a poll's parameters are bound unless {@code gaps} is negative (no parameters). */
    private static List<Map<String, String>> explain(Connection c, String sql, long highWater, int gaps)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            if (gaps < 0) {
                return rows(ps);
            }
            ps.setLong(1, highWater);
            for (int i = 0; i < gaps; i++) {
                ps.setLong(2 + i, highWater - 10 - i);
            }
            return rows(ps);
        }
    }

    private static List<Map<String, String>> rows(PreparedStatement ps) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long status(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /**
     * Without the driver on the class path, opening the storage fails with the Maven coordinates to add. Runs the
     * storage in a class loader that sees the test class path minus the MariaDB driver.
     */
    @Test
    void aMissingDriverIsNamedInTheError() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("mariadb-java-client")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertThat(urls).as("test class path").hasSizeGreaterThan(3);
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> configClass = loader.loadClass(JdbcConfig.class.getName());
            Object builder = configClass.getMethod("builder").invoke(null);
            builder = builder.getClass().getMethod("url", String.class).invoke(builder, TestDatabases.MARIADB_URL);
            builder = builder.getClass().getMethod("user", String.class).invoke(builder, TestDatabases.MARIADB_USER);
            Object config = builder.getClass().getMethod("build").invoke(builder);
            Class<?> storageClass = loader.loadClass(JdbcStorage.class.getName());
            Throwable thrown = null;
            try {
                storageClass.getMethod("create", configClass).invoke(null, config);
            } catch (java.lang.reflect.InvocationTargetException e) {
                thrown = e.getCause();
            }
            assertThat(thrown).isNotNull();
            assertThat(thrown.getClass().getName()).isEqualTo(ConfigurationException.class.getName());
            assertThat(thrown.getMessage()).contains("org.mariadb.jdbc:mariadb-java-client")
                    .contains("jdbc:mariadb://");
        }
        assertThat(JdbcDatabase.Dialect.driverArtifact("jdbc:mysql://h/db")).contains("com.mysql:mysql-connector-j");
        assertThat(JdbcDatabase.Dialect.driverArtifact("jdbc:postgresql://h/db")).contains("org.postgresql:postgresql");
    }
}
