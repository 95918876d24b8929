package dev.cascade.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {
    @Test
    void demoPrintsTheSeedListingWithoutSecretValues(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
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
