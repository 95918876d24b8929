package dev.cascade.benchmarks;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.resolve.EffectiveNamespace;
import dev.cascade.resolve.Resolver;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.storage.jdbc.JdbcStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 6 on database servers: the effective-namespace miss of {@link NamespaceBenchmarks} (five existing
 * levels with variables, {@code invalidateAll()} then a load of every level) with JDBC storage on PostgreSQL
 * and on MariaDB, next to the in-memory and H2 figures of {@link NamespaceBenchmarks}. Each trial works in
 * tables of its own prefix and drops them at the end.
 *
 * <p>Not in {@link PerformanceReport}'s default selection (it needs the servers): run it by name,
 * {@code java -jar benchmarks/target/benchmarks.jar NamespaceMissOnServers}. Servers:
 * {@code CASCADE_BENCH_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) and
 * {@code CASCADE_BENCH_MARIADB_URL} (default {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NamespaceMissOnServers {
    static final String PG_URL = env("CASCADE_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String MARIADB_URL = env("CASCADE_BENCH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    final String prefix = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
    JdbcStorage postgres;
    Resolver postgresResolver;
    JdbcStorage mariaDb;
    Resolver mariaDbResolver;

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Setup(Level.Trial)
    public void setUp() {
        InMemorySecretStore secrets = Scenarios.secretStore();
        postgres = JdbcStorage.create(JdbcConfig.builder().url(PG_URL).tablePrefix(prefix).poolSize(4).build());
        Scenarios.fillDeep(postgres);
        postgresResolver = Scenarios.resolver(postgres, secrets);
        mariaDb = JdbcStorage.create(JdbcConfig.builder().url(MARIADB_URL).tablePrefix(prefix).poolSize(4).build());
        Scenarios.fillDeep(mariaDb);
        mariaDbResolver = Scenarios.resolver(mariaDb, secrets);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        postgresResolver.close();
        mariaDbResolver.close();
        postgres.close();
        mariaDb.close();
        dropTables(PG_URL, prefix, "DROP TABLE IF EXISTS \"%s\" CASCADE");
        dropTables(MARIADB_URL, prefix, "DROP TABLE IF EXISTS `%s`");
    }

    @Benchmark
    public EffectiveNamespace s6_effectiveNamespace_missPostgres() {
        return NamespaceBenchmarks.miss(postgresResolver);
    }

    @Benchmark
    public EffectiveNamespace s6_effectiveNamespace_missMariaDb() {
        return NamespaceBenchmarks.miss(mariaDbResolver);
    }

    static void dropTables(String url, String prefix, String dropFormat) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, prefix.replace("_", "\\_") + "%",
                    new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            if (url.startsWith("jdbc:mariadb:")) {
                s.execute("SET foreign_key_checks = 0");
            }
            for (String t : tables) {
                s.execute(String.format(dropFormat, t));
            }
        }
    }
}
