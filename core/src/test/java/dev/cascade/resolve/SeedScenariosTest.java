package dev.cascade.resolve;

import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.ValueOrigin;
import dev.cascade.namespace.NamespaceId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static org.assertj.core.api.Assertions.assertThat;

/** The flows of the two seed documents, resolved. */
class SeedScenariosTest {
    private static final NamespaceId TESTS = NamespaceId.of("io.kestra.tests");
    private static final NamespaceId MARKETING = NamespaceId.of("marketing");
    private final ResolverFixture f = new ResolverFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static Map<String, Object> mysqlTask(boolean withPassword, String username) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", "query");
        t.put("type", "io.kestra.plugin.jdbc.mysql.Query");
        t.put("url", "jdbc:mysql://localhost:3306/test");
        t.put("username", username);
        if (withPassword) {
            t.put("password", "{{ secret('MYSQL_PASSWORD') }}");
        }
        t.put("sql", "select * from employees");
        t.put("fetchOne", true);
        return t;
    }

    @Test
    void helloWorldUsesFlowNamespaceFromHostVariables() {
        // company.marketing is a placeholder: the flow still resolves
        ResolvedTask t = f.resolver.resolveTask(MAIN, NamespaceId.of("company.marketing"),
                Map.of("id", "log_task", "type", "io.kestra.plugin.core.log.Log", "message", "hi from {{ flow.namespace }}"),
                List.of(), Map.of("flow", Map.of("id", "hello_world", "namespace", "company.marketing")));
        assertThat(t.task()).containsEntry("message", "hi from company.marketing");
        assertThat(t.masker().isEmpty()).isTrue();
    }

    @Test
    void queryMysqlWithExplicitSecret() {
        f.create("io.kestra.tests");
        f.secret("io.kestra.tests", "MYSQL_PASSWORD", "mysql-pa55word");
        ResolvedTask t = f.resolver.resolveTask(MAIN, TESTS, mysqlTask(true, "root"), List.of(), Map.of());
        assertThat(t.task()).containsEntry("password", "mysql-pa55word").containsEntry("fetchOne", true);
        assertThat(t.explain().get("password").origin()).isEqualTo(ValueOrigin.TASK);
        assertThat(t.maskedTask()).contains("password=******").doesNotContain("mysql-pa55word");
    }

    @Test
    void queryMysqlWithoutPasswordGetsItFromNamespaceDefaults() {
        f.create("io.kestra.tests");
        f.secret("io.kestra.tests", "MYSQL_PASSWORD", "mysql-pa55word");
        f.defaults("io.kestra.tests", List.of(PluginDefault.of("io.kestra.plugin.jdbc.mysql.Query",
                Map.of("password", "{{ secret('MYSQL_PASSWORD') }}"))));
        ResolvedTask t = f.resolver.resolveTask(MAIN, TESTS, mysqlTask(false, "root"), List.of(), Map.of());
        assertThat(t.task()).containsEntry("password", "mysql-pa55word");
        assertThat(t.explain().get("password").toString())
                .isEqualTo("NAMESPACE io.kestra.tests (io.kestra.plugin.jdbc.mysql.Query)");
        assertThat(t.masker().mask(t.task().toString())).doesNotContain("mysql-pa55word");
    }

    @Test
    void queryMysqlWithNamespaceVariableUser() {
        f.create("io.kestra.tests");
        f.variables("io.kestra.tests", Map.of("mysql_user", "analyst"));
        f.secret("io.kestra.tests", "MYSQL_PASSWORD", "mysql-pa55word");
        ResolvedTask t = f.resolver.resolveTask(MAIN, TESTS, mysqlTask(true, "{{ namespace.mysql_user }}"), List.of(), Map.of());
        assertThat(t.task()).containsEntry("username", "analyst");
    }

    private void marketing() {
        f.create("marketing");
        f.variables("marketing", Map.of("github", Map.of("token", "{{ secret('GITHUB_TOKEN') }}")));
        f.defaults("marketing", List.of(
                PluginDefault.of("io.kestra.plugin.aws", Map.of(
                        "accessKeyId", "{{ secret('AWS_ACCESS_KEY_ID') }}",
                        "region", "us-east-1",
                        "secretKeyId", "{{ secret('AWS_SECRET_ACCESS_KEY') }}")),
                PluginDefault.of("io.kestra.plugin.git", Map.of(
                        "password", "{{ render(namespace.github.token) }}",
                        "username", "your-github-username"))));
        f.secret("marketing", "GITHUB_TOKEN", "ghp_exampletoken123");
        f.secret("marketing", "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE123");
        f.secret("marketing", "AWS_SECRET_ACCESS_KEY", "aws-secret-key-xyz");
    }

    @Test
    void renderOfANamespaceVariableHoldingASecretTemplate() {
        marketing();
        RenderResult r = f.resolver.render(MAIN, MARKETING, "{{ render(namespace.github.token) }}", Map.of());
        assertThat(r.output()).isEqualTo("ghp_exampletoken123");
        assertThat(r.maskedOutput()).isEqualTo("******");
        assertThat(f.render("marketing", "{{ namespace.github.token }}")).isEqualTo("{{ secret('GITHUB_TOKEN') }}");
    }

    @Test
    void marketingDefaultsApplyToAwsS3Upload() {
        marketing();
        ResolvedTask t = f.resolver.resolveTask(MAIN, MARKETING, Map.of("id", "upload",
                "type", "io.kestra.plugin.aws.s3.Upload", "bucket", "reports", "from", "report.csv"),
                List.of(), Map.of());
        assertThat(t.task()).containsEntry("accessKeyId", "AKIAEXAMPLE123").containsEntry("region", "us-east-1")
                .containsEntry("secretKeyId", "aws-secret-key-xyz").containsEntry("bucket", "reports")
                .doesNotContainKeys("password", "username");
        assertThat(t.explain().get("region").toString()).isEqualTo("NAMESPACE marketing (io.kestra.plugin.aws)");
        assertThat(t.explain().get("bucket").origin()).isEqualTo(ValueOrigin.TASK);
        assertThat(t.masker().size()).isEqualTo(2);
        assertThat(t.toString()).doesNotContain("AKIAEXAMPLE123").doesNotContain("aws-secret-key-xyz");
    }

    @Test
    void marketingDefaultsApplyToGitClone() {
        marketing();
        ResolvedTask t = f.resolver.resolveTask(MAIN, MARKETING, Map.of("id", "clone",
                "type", "io.kestra.plugin.git.Clone", "url", "https://github.com/kestra-io/examples"), List.of(), Map.of());
        assertThat(t.task()).containsEntry("password", "ghp_exampletoken123")
                .containsEntry("username", "your-github-username").doesNotContainKey("region");
        assertThat(t.explain().get("password").ruleType()).contains("io.kestra.plugin.git");
        assertThat(t.maskedTask()).doesNotContain("ghp_exampletoken123");
    }
}
