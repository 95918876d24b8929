package dev.cascade.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the quick start as a user would, in its own JVM: twice on H2 in a fresh directory (the second run must
 * succeed on what the first left), and once each on PostgreSQL and MariaDB through the CASCADE_JDBC_* environment
 * variables (MariaDB twice: the second run on what the first left).
 */
class QuickStartTest {
    private static final String PG_URL = env("CASCADE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("CASCADE_TEST_PG_USER", "postgres");
    private static final String PG_PASSWORD = env("CASCADE_TEST_PG_PASSWORD", "");

    @Test
    void runsTwiceOnH2WithQuietStartUp(@TempDir Path dir) throws Exception {
        String first = run(dir, Map.of(), false);
        assertResolvedAndMasked(first);
        assertThat(dir.resolve("cascade-data")).isDirectory();
        Path trace = dir.resolve("cascade-data/cascade.trace.db");
        assertThat(trace).as("H2 wrote no error trace:%n%s", Files.exists(trace) ? Files.readString(trace) : "")
                .doesNotExist();

        // second run, at INFO: it must succeed on the existing data, and the libraries' start-up stays short
        String second = run(dir, Map.of(), true);
        assertResolvedAndMasked(second);
        long libraryLines = second.lines()
                .filter(l -> l.contains("org.flywaydb") || l.contains("com.zaxxer.hikari")).count();
        assertThat(libraryLines).as("Flyway and HikariCP lines at INFO:%n%s", second).isLessThanOrEqualTo(5);
        assertThat(second.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                .as("nothing above INFO when nothing is wrong").isEmpty();
    }

    @Test
    void runsOnPostgres(@TempDir Path dir) throws Exception {
        String prefix = "qs" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT) + "_";
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            String out = run(dir, Map.of("CASCADE_JDBC_URL", PG_URL, "CASCADE_JDBC_USER", PG_USER,
                    "CASCADE_JDBC_PASSWORD", PG_PASSWORD, "CASCADE_JDBC_TABLE_PREFIX", prefix,
                    "CASCADE_JDBC_ENCRYPTION_KEY_quickstart", Base64.getEncoder().encodeToString(key)), false);
            assertResolvedAndMasked(out);
            assertThat(dir.resolve("cascade-data")).doesNotExist();
        } finally {
            dropTables(prefix);
        }
    }

    @Test
    void runsOnMariaDbTwice(@TempDir Path dir) throws Exception {
        String host = env("CASCADE_TEST_MARIADB_HOST", "127.0.0.1:3306");
        String url = "jdbc:mariadb://" + host + "/" + env("CASCADE_TEST_MARIADB_DATABASE", "test");
        String user = env("CASCADE_TEST_MARIADB_USER", "root");
        String password = env("CASCADE_TEST_MARIADB_PASSWORD", "");
        String prefix = "qs" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT) + "_";
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> environment = Map.of("CASCADE_JDBC_URL", url, "CASCADE_JDBC_USER", user,
                "CASCADE_JDBC_PASSWORD", password, "CASCADE_JDBC_TABLE_PREFIX", prefix,
                "CASCADE_JDBC_ENCRYPTION_KEY_quickstart", Base64.getEncoder().encodeToString(key));
        try {
            assertResolvedAndMasked(run(dir, environment, false));
            assertResolvedAndMasked(run(dir, environment, false));
            assertThat(dir.resolve("cascade-data")).doesNotExist();
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = DATABASE() AND table_name LIKE '" + prefix.replace("_", "\\_") + "%'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                s.execute("SET foreign_key_checks = 0");
                for (String t : tables) {
                    s.execute("DROP TABLE `" + t + "`");
                }
            }
        }
    }

    private static void assertResolvedAndMasked(String out) {
        assertThat(out).contains("task:     {").contains("id=report").contains("type=io.kestra.plugin.jdbc.mysql.Query")
                .contains("sql=select 1").contains("username=marketing").contains("password=******")
                .contains("log line: connected as marketing with ******")
                .doesNotContain("s3cr3t-pa55").doesNotContain("{{");
    }

    private static String run(Path workDir, Map<String, String> env, boolean info) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (info) {
            command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        }
        command.add(QuickStart.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CASCADE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("quick start finished").isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", out).isZero();
        return out;
    }

    private static void dropTables(String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_name LIKE ?")) {
                ps.setString(1, prefix.replace("_", "\\_") + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String t : tables) {
                    s.execute("DROP TABLE IF EXISTS \"" + t + "\" CASCADE");
                }
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
