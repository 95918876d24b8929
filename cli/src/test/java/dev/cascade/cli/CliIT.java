package dev.cascade.cli;

import dev.cascade.Cascade;
import dev.cascade.access.Actor;
import dev.cascade.audit.AuditEvent;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.storage.jdbc.AuditQuery;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.storage.jdbc.JdbcStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a platform team uses it: the jar runs as a real process against H2 files and a real
 * PostgreSQL server; the seed's marketing files are the fixture.
 */
class CliIT {
    static final String PG_URL = env("CASCADE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = env("CASCADE_TEST_PG_USER", "postgres");
    static final String PG_PASSWORD = env("CASCADE_TEST_PG_PASSWORD", "");
    static final String MARIADB_URL = "jdbc:mariadb://" + env("CASCADE_TEST_MARIADB_HOST", "127.0.0.1:3306") + "/"
            + env("CASCADE_TEST_MARIADB_DATABASE", "test");
    static final String MARIADB_USER = env("CASCADE_TEST_MARIADB_USER", "root");
    static final String MARIADB_PASSWORD = env("CASCADE_TEST_MARIADB_PASSWORD", "");
    static final String PREFIX_BASE = "tcli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
    static final List<String> PREFIXES = new ArrayList<>();
    static final Path FIXTURES = Path.of(System.getProperty("cascade.cli.fixtures", "src/test/resources/fixtures"));
    static final String GITHUB_TOKEN = "ghp_cli_it_token_0123456789abcdef";

    @TempDir
    Path work;

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Everything a run needs: where the store is, its key, and the values the secret references read. */
    private Map<String, String> environment(String dialect, String key) {
        Map<String, String> env = new HashMap<>();
        if (dialect.equals("postgresql")) {
            String prefix = PREFIX_BASE + PREFIXES.size() + "_";
            PREFIXES.add(prefix);
            env.put("CASCADE_JDBC_URL", PG_URL);
            env.put("CASCADE_JDBC_USER", PG_USER);
            if (!PG_PASSWORD.isEmpty()) {
                env.put("CASCADE_JDBC_PASSWORD", PG_PASSWORD);
            }
            env.put("CASCADE_JDBC_TABLE_PREFIX", prefix);
        } else if (dialect.equals("mariadb")) {
            String prefix = PREFIX_BASE + PREFIXES.size() + "_";
            PREFIXES.add(prefix);
            env.put("CASCADE_JDBC_URL", MARIADB_URL);
            env.put("CASCADE_JDBC_USER", MARIADB_USER);
            if (!MARIADB_PASSWORD.isEmpty()) {
                env.put("CASCADE_JDBC_PASSWORD", MARIADB_PASSWORD);
            }
            env.put("CASCADE_JDBC_TABLE_PREFIX", prefix);
        } else {
            env.put("CASCADE_JDBC_URL", JdbcStorage.h2Url(work.resolve("db")));
        }
        env.put("CASCADE_JDBC_ENCRYPTION_KEY_k1", key);
        env.put("CASCADE_ACTOR", "ci-bot");
        env.put("GITHUB_TOKEN", GITHUB_TOKEN);
        env.put("AWS_ACCESS_KEY_ID", "AKIA_CLI_IT_EXAMPLE");
        return env;
    }

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private Path seedDirectory() throws IOException {
        Path dir = work.resolve("namespaces");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(FIXTURES.resolve("seed"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    /** Opens the same store in this JVM (after the CLI process ended, or beside it on PostgreSQL). */
    private static Cascade open(Map<String, String> env, List<AutoCloseable> closeables) {
        Map<String, String> props = new HashMap<>();
        props.put("url", env.get("CASCADE_JDBC_URL"));
        if (env.containsKey("CASCADE_JDBC_USER")) {
            props.put("user", env.get("CASCADE_JDBC_USER"));
        }
        if (env.containsKey("CASCADE_JDBC_PASSWORD")) {
            props.put("password", env.get("CASCADE_JDBC_PASSWORD"));
        }
        if (env.containsKey("CASCADE_JDBC_TABLE_PREFIX")) {
            props.put("tablePrefix", env.get("CASCADE_JDBC_TABLE_PREFIX"));
        }
        props.put("encryptionKey.k1", env.get("CASCADE_JDBC_ENCRYPTION_KEY_k1"));
        props.put("poolSize", "2");
        JdbcConfig config = JdbcConfig.fromProperties(props);
        JdbcStorage storage = JdbcStorage.create(config);
        Cascade cascade = Cascade.builder().backend(storage).build();
        closeables.add(storage);
        closeables.add(cascade);
        return cascade;
    }

    private static void closeAll(List<AutoCloseable> closeables) throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void planApplyPlanAgainEditOneVariableRestore(String dialect) throws Exception {
        Path dir = seedDirectory();
        Map<String, String> env = environment(dialect, newKey());

        CliProcess.Result plan = CliProcess.run(work, env, "plan", "--dir", dir.toString());
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("+ namespace company (create)", "+ namespace marketing (create)",
                "+ github = {\"token\":\"{{ secret('GITHUB_TOKEN') }}\"}", "+ GITHUB_TOKEN", "+ AWS_ACCESS_KEY_ID",
                "+ AWS_SECRET_ACCESS_KEY", "Plan: 2 to create, 0 to update, 0 to delete; secrets: 3 to add");
        assertThat(plan.out() + plan.err()).doesNotContain(GITHUB_TOKEN).doesNotContain("aws-secret-from-file");

        CliProcess.Result apply = CliProcess.run(work, env, "apply", "--dir", dir.toString(), "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("applied   marketing: created namespace, variables v1, plugin defaults v1");
        assertThat(apply.out() + apply.err()).doesNotContain(GITHUB_TOKEN);

        CliProcess.Result again = CliProcess.run(work, env, "plan", "--dir", dir.toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes");

        // edit one variable: the plan shows exactly that path
        Files.writeString(dir.resolve("company.yml"), Files.readString(dir.resolve("company.yml"))
                .replace("region: eu-west-1", "region: us-east-1"));
        CliProcess.Result edited = CliProcess.run(work, env, "plan", "--dir", dir.toString());
        assertThat(edited.exitCode()).isEqualTo(2);
        assertThat(edited.out()).contains("~ namespace company (update)", "~ region: \"eu-west-1\" -> \"us-east-1\"",
                "Plan: 0 to create, 1 to update, 0 to delete; secrets: 0 to add, 0 to update, 0 to delete");
        assertThat(edited.out().lines().filter(l -> l.trim().startsWith("~ ") || l.trim().startsWith("+ ")
                || l.trim().startsWith("- "))).hasSize(2); // the namespace line and the one path
        assertThat(CliProcess.run(work, env, "apply", "--dir", dir.toString(), "--auto-approve").exitCode()).isZero();

        // history, diff and restore through the audited path
        CliProcess.Result history = CliProcess.run(work, env, "history", "company");
        assertThat(history.out()).contains("version 1", "version 2");
        CliProcess.Result diff = CliProcess.run(work, env, "diff", "company", "--from", "1", "--to", "2");
        assertThat(diff.out()).contains("~ region: \"eu-west-1\" -> \"us-east-1\"");
        CliProcess.Result restore = CliProcess.run(work, env, "restore", "company", "--version", "1");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("Restored version 1 of the variables of company as version 3");

        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            Cascade cascade = open(env, closeables);
            ManagementSession s = cascade.management().session(TenantId.DEFAULT, Actor.user("test"));
            assertThat(s.getVariables(NamespaceId.of("company")).orElseThrow().value()).containsEntry("region", "eu-west-1");
            assertThat(cascade.resolver().render(TenantId.DEFAULT, NamespaceId.of("marketing"),
                    "{{ secret('GITHUB_TOKEN') }}/{{ secret('AWS_SECRET_ACCESS_KEY') }}", Map.of()).output())
                    .isEqualTo(GITHUB_TOKEN + "/aws-secret-from-file-0123456789");
            JdbcStorage storage = (JdbcStorage) closeables.get(0);
            List<AuditEvent> events = storage.auditSink().query(AuditQuery.forTenant(TenantId.DEFAULT)
                    .namespace(NamespaceId.of("company")).build());
            assertThat(events).allMatch(e -> e.actor().equals("ci-bot"));
            AuditEvent last = events.get(events.size() - 1);
            assertThat(last.resource()).isEqualTo(AuditEvent.Resource.VARIABLES);
            assertThat(last.versionBefore()).isEqualTo(2);
            assertThat(last.versionAfter()).isEqualTo(3);
            assertThat(events).noneMatch(e -> e.toString().contains(GITHUB_TOKEN));
        } finally {
            closeAll(closeables);
        }
    }

    @Test
    void aWriteBetweenPlanAndConfirmationIsAConflictAndNothingOfThatNamespaceIsWritten() throws Exception {
        Path dir = seedDirectory();
        Map<String, String> env = environment("postgresql", newKey());
        assertThat(CliProcess.run(work, env, "apply", "--dir", dir.toString(), "--auto-approve").exitCode()).isZero();
        Files.writeString(dir.resolve("company.yml"), Files.readString(dir.resolve("company.yml"))
                .replace("The whole company", "Edited description").replace("region: eu-west-1", "region: ap-south-1"));

        Process apply = CliProcess.start(work, env, List.of("apply", "--dir", dir.toString()));
        StringBuilder out = new StringBuilder();
        CliProcess.readUntil(apply, "Only 'yes' is accepted", out);
        assertThat(out).contains("~ namespace company (update)");

        // someone changes the variables while the plan waits for approval
        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            Cascade cascade = open(env, closeables);
            ManagementSession s = cascade.management().session(TenantId.DEFAULT, Actor.user("someone-else"));
            s.putVariables(NamespaceId.of("company"), Map.of("region", "sa-east-1"), 1);
            CliProcess.answer(apply, "yes");
            String rest = CliProcess.read(apply.getInputStream());
            assertThat(apply.waitFor()).isEqualTo(1);
            assertThat(rest).contains("CONFLICT  company", "variables changed since the plan", "Apply incomplete");
            // nothing of the planned change was written: description and variables are the other writer's
            assertThat(s.getNamespace(NamespaceId.of("company")).orElseThrow().description()).isEqualTo("The whole company");
            assertThat(s.getVariables(NamespaceId.of("company")).orElseThrow().value())
                    .isEqualTo(Map.of("region", "sa-east-1"));
        } finally {
            closeAll(closeables);
        }
    }

    @Test
    void badInputFailsWithFileLineAndColumnAndNoValue() throws Exception {
        Path dir = seedDirectory();
        Files.writeString(dir.resolve("broken.yml"), "id: broken\nsecrets:\n  API_KEY: sk_live_literal_value_123\n");
        Map<String, String> env = environment("h2", newKey());
        CliProcess.Result r = CliProcess.run(work, env, "plan", "--dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("broken.yml: line 3, column 3", "literal value", "fromEnv")
                .doesNotContain("sk_live_literal");

        Files.delete(dir.resolve("broken.yml"));
        env.remove("GITHUB_TOKEN");
        CliProcess.Result missing = CliProcess.run(work, env, "plan", "--dir", dir.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("marketing.yml: secret 'GITHUB_TOKEN' reads environment variable "
                + "'GITHUB_TOKEN', which is not set");

        CliProcess.Result usage = CliProcess.run(work, env, "plan");
        assertThat(usage.exitCode()).isEqualTo(1);
        assertThat(usage.err()).contains("Missing required option: '--dir=<dir>'");
    }

    @Test
    void exportWritesFilesThatPlanAgainstTheSameStoreAsNoChange() throws Exception {
        Path dir = seedDirectory();
        Map<String, String> env = environment("h2", newKey());
        assertThat(CliProcess.run(work, env, "apply", "--dir", dir.toString(), "--auto-approve").exitCode()).isZero();
        Path out = work.resolve("exported");
        // the key given as an option instead of the environment
        String key = env.remove("CASCADE_JDBC_ENCRYPTION_KEY_k1");
        CliProcess.Result export = CliProcess.run(work, env, "export", "marketing", "company", "--out", out.toString(),
                "--encryption-key", "k1:" + key);
        env.put("CASCADE_JDBC_ENCRYPTION_KEY_k1", key);
        assertThat(export.exitCode()).as(export.err()).isZero();
        String marketing = Files.readString(out.resolve("marketing.yml"));
        assertThat(marketing).contains("GITHUB_TOKEN:", "fromEnv: GITHUB_TOKEN", "description: AWS secret key")
                .doesNotContain(GITHUB_TOKEN);
        env.put("AWS_SECRET_ACCESS_KEY", "aws-secret-from-file-0123456789");
        CliProcess.Result plan = CliProcess.run(work, env, "plan", "--dir", out.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    }

    @AfterAll
    static void dropTables() throws Exception {
        if (PREFIXES.isEmpty()) {
            return;
        }
        Properties pg = new Properties();
        pg.setProperty("user", PG_USER);
        if (!PG_PASSWORD.isEmpty()) {
            pg.setProperty("password", PG_PASSWORD);
        }
        try (Connection c = DriverManager.getConnection(PG_URL, pg); Statement st = c.createStatement()) {
            for (String t : tables(st, "SELECT tablename FROM pg_tables WHERE tablename LIKE '" + PREFIX_BASE + "%'")) {
                st.execute("DROP TABLE IF EXISTS \"" + t + "\" CASCADE");
            }
        }
        Properties mdb = new Properties();
        mdb.setProperty("user", MARIADB_USER);
        if (!MARIADB_PASSWORD.isEmpty()) {
            mdb.setProperty("password", MARIADB_PASSWORD);
        }
        try (Connection c = DriverManager.getConnection(MARIADB_URL, mdb); Statement st = c.createStatement()) {
            st.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String t : tables(st, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name LIKE '" + PREFIX_BASE + "%'")) {
                st.execute("DROP TABLE IF EXISTS `" + t + "`");
            }
        }
    }

    private static List<String> tables(Statement st, String sql) throws Exception {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
