package dev.cascade.examples;

import dev.cascade.Cascade;
import dev.cascade.Versions;
import dev.cascade.access.Actor;
import dev.cascade.config.ConfigSource;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.ResolvedTask;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.storage.jdbc.JdbcStorage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Cascade in one file: H2 files in ./cascade-data, or the database of CASCADE_JDBC_URL. Run it twice. */
public final class QuickStart {
    public static void main(String[] args) {
        JdbcStorage jdbc = System.getenv("CASCADE_JDBC_URL") == null
                ? JdbcStorage.h2(Path.of("cascade-data"))            // embedded; the secrets' key is kept beside the data
                : JdbcStorage.create(JdbcConfig.from(ConfigSource.environment()));   // CASCADE_JDBC_* variables
        try (Cascade cascade = Cascade.builder().backend(jdbc).closeOnShutdown(true).build()) {
            TenantId tenant = TenantId.of("main");
            NamespaceId marketing = NamespaceId.of("company.marketing");
            ManagementSession admin = cascade.management().session(tenant, Actor.user("quickstart"));

            // idempotent: a second run finds everything in place and overwrites it with the same content
            admin.ensureNamespace(marketing, NamespaceProperties.ofDescription("Marketing team"));
            admin.putSecret(marketing, SecretKey.of("MYSQL_PASSWORD"), SecretValue.of("s3cr3t-pa55"),
                    SecretAttributes.of("reporting database"), Versions.ANY);
            admin.putPluginDefaults(marketing, List.of(PluginDefault.of("io.kestra.plugin.jdbc.mysql",
                    Map.of("username", "marketing", "password", "{{ secret('MYSQL_PASSWORD') }}"))), Versions.ANY);

            // what an executor does before running a task: defaults applied, templates and secrets resolved
            ResolvedTask task = cascade.resolver().resolveTask(tenant, marketing,
                    Map.of("id", "report", "type", "io.kestra.plugin.jdbc.mysql.Query", "sql", "select 1"),
                    List.of(), Map.of());
            System.out.println("task:     " + task.maskedTask());
            System.out.println("log line: " + task.masker().mask("connected as marketing with s3cr3t-pa55"));
        }
    }
}
