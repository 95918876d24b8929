package dev.cascade.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {
    @Test
    void demoPrintsTheSeedListingWithoutSecretValues(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir).run();
        assertSeedScenario(bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * The same demo on the real MariaDB server given by URL (as {@code java -jar cascade-demo.jar jdbc:mariadb://...}
     * runs it), twice on the same tables: each run has a tenant and key id of its own.
     */
    @Test
    void demoRunsOnAMariaDbUrlAndCanBeReplayed() throws Exception {
        String host = System.getenv().getOrDefault("CASCADE_TEST_MARIADB_HOST", "127.0.0.1:3306");
        String url = "jdbc:mariadb://" + host + "/test?user=root";
        String prefix = "tdemo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        try {
            for (int run = 0; run < 2; run++) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), url, prefix).run();
                String out = bytes.toString(StandardCharsets.UTF_8);
                assertThat(out).contains("storage: jdbc on mysql at jdbc:mariadb://").contains("stored in mysql");
                assertSeedScenario(out);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
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

    private static void assertSeedScenario(String out) {
        assertThat(out).containsPattern("company\\s+PLACEHOLDER");
        assertThat(out).containsPattern("company\\.marketing\\s+EXISTING\\s+Namespace for the marketing team");
        assertThat(out).containsPattern("io\\.kestra\\.tests\\s+PLACEHOLDER");
        assertThat(out).contains("GITHUB_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "MYSQL_PASSWORD");
        assertThat(out).doesNotContain("ghp_demoToken0123456789", "AKIADEMO0123456789", "demoSecretAccessKey/0123456789",
                "demo-mysql-password");
        assertThat(out).contains("{{ secret('GITHUB_TOKEN') }}");
        // the seed flows, resolved and masked
        assertThat(out).contains("message=hi from company.marketing");
        assertThat(out).contains("password <- NAMESPACE company.marketing (io.kestra.plugin.git)");
        assertThat(out).contains("region=eu-west-1").contains("accessKeyId=******");
        assertThat(out).contains("password <- NAMESPACE io.kestra.tests (io.kestra.plugin.jdbc.mysql.Query)");
        assertThat(out).contains("x-access-token:******@github.com");
        assertThat(out).doesNotContain("tests-mysql-password");
        assertThat(out.lines().filter(l -> l.contains("io.kestra.plugin.jdbc.mysql.Query") && l.contains("username=root")
                && l.contains("password=******")).count()).isEqualTo(3);
    }
}
