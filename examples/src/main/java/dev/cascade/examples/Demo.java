package dev.cascade.examples;

import dev.cascade.Cascade;
import dev.cascade.access.Actor;
import dev.cascade.audit.AuditEvent;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.NamespaceSummary;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.yaml.NamespaceDocuments;

import dev.cascade.defaults.ValueOrigin;
import dev.cascade.resolve.RenderResult;
import dev.cascade.resolve.ResolvedTask;
import dev.cascade.resolve.Resolver;
import dev.cascade.storage.jdbc.AuditQuery;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.storage.jdbc.JdbcSecretStore;
import dev.cascade.storage.jdbc.JdbcStorage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The seed scenario end to end on the embedded default: create {@code company.marketing}, load the two
 * Terraform-style YAML fragments, add four secrets, report the namespaces flows use, and print the
 * namespace listing (with placeholders) and the secret keys — never their values.
 *
 * <p>Given a JDBC URL instead of a directory ({@code jdbc:mariadb://127.0.0.1:3306/test?user=root}, or
 * PostgreSQL, MySQL, H2), the demo runs on that database in tables prefixed {@code cascade_demo_}, under a
 * tenant of its own for each run, so it can be replayed without deleting anything.
 */
public final class Demo {
    /** Where the demo keeps its H2 database; reset at every run so the demo can be replayed. */
    static final Path DEFAULT_DIRECTORY = Path.of("cascade-data");

    /** Table prefix of the demo on a database given by URL. */
    static final String URL_TABLE_PREFIX = "cascade_demo_";

    private final PrintStream out;
    private final Path directory;
    private final String url;
    private final String tablePrefix;

    Demo(PrintStream out, Path directory) {
        this.out = out;
        this.directory = directory;
        this.url = null;
        this.tablePrefix = JdbcConfig.DEFAULT_TABLE_PREFIX;
    }

    /** The demo on the database at {@code url} (credentials in the URL), in tables named with {@code tablePrefix}. */
    Demo(PrintStream out, String url, String tablePrefix) {
        this.out = out;
        this.directory = null;
        this.url = url;
        this.tablePrefix = tablePrefix;
    }

    /** Argument: a directory for the embedded H2 database (default {@code cascade-data}) or a JDBC URL. */
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].startsWith("jdbc:")) {
            new Demo(System.out, args[0], URL_TABLE_PREFIX).run();
        } else {
            new Demo(System.out, args.length > 0 ? Path.of(args[0]) : DEFAULT_DIRECTORY).run();
        }
    }

    void run() throws IOException {
        String runId = Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);
        String databaseUrl = url;
        if (url == null) {
            resetDirectory();
            databaseUrl = JdbcStorage.h2Url(directory);
        }
        // A fresh AES-256 key for this run's encrypted secrets. Real deployments pass keys from their KMS.
        byte[] aesKey = new byte[32];
        new SecureRandom().nextBytes(aesKey);
        JdbcConfig config = JdbcConfig.builder()
                .url(databaseUrl)
                .tablePrefix(tablePrefix)
                // a key id of its own per run on a shared database: an earlier run's key stays valid for its rows
                .encryptionKey(url == null ? "demo-key-1" : "demo-key-" + runId,
                        Base64.getEncoder().encodeToString(aesKey))
                .build();
        try (JdbcStorage storage = url == null ? JdbcStorage.h2(directory) : JdbcStorage.create(config);
             JdbcSecretStore secretStore = storage.secretStore(config);
             Cascade cascade = Cascade.builder()
                     .storage(storage)
                     .secretStore("jdbc", secretStore)
                     .auditSink(storage.auditSink())
                     .build()) {
            // on a shared database every run has a tenant of its own, so nothing needs deleting to replay it
            TenantId tenant = url == null ? TenantId.DEFAULT : TenantId.of("demo-" + runId);
            String where = url == null ? "H2 in " + directory.toAbsolutePath()
                    : storage.dialect() + " at " + url.replaceAll("(?i)(password=)[^&;]*", "$1<redacted>");
            NamespaceId marketing = NamespaceId.of("company.marketing");
            ManagementSession admin = cascade.management().session(tenant, Actor.user("admin"));
            NamespaceDocuments documents = new NamespaceDocuments();

            out.println("== Cascade demo: the marketing namespace (storage: " + cascade.storage().name() + " on "
                    + where + ", secrets: " + cascade.secretStores().defaultName()
                    + ", AES-256-GCM at rest)");

            admin.createNamespace(marketing, NamespaceProperties.ofDescription("Namespace for the marketing team"));

            Map<String, Object> variables = documents.readVariables(resource("marketing/variables_marketing.yml"));
            admin.putVariables(marketing, variables, 0);
            List<PluginDefault> defaults = documents.readPluginDefaults(resource("marketing/task_defaults_marketing.yml"));
            admin.putPluginDefaults(marketing, defaults, 0);
            out.println("Loaded variables_marketing.yml (" + variables.size() + " top-level variable) and "
                    + "task_defaults_marketing.yml (" + defaults.size() + " rules)");

            // In a real deployment these come from Terraform variables or the UI, never from code.
            Map<String, String> secrets = Map.of(
                    "GITHUB_TOKEN", "ghp_demoToken0123456789",
                    "AWS_ACCESS_KEY_ID", "AKIADEMO0123456789",
                    "AWS_SECRET_ACCESS_KEY", "demoSecretAccessKey/0123456789",
                    "MYSQL_PASSWORD", "demo-mysql-password");
            for (String key : List.of("GITHUB_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "MYSQL_PASSWORD")) {
                admin.putSecret(marketing, SecretKey.of(key), SecretValue.of(secrets.get(key)),
                        SecretAttributes.of("added by the demo"), SecretStore.MUST_NOT_EXIST);
            }

            cascade.management().reportUsed(tenant, List.of(marketing, NamespaceId.of("io.kestra.tests")));

            out.println();
            out.println("Namespaces (tenant " + tenant + "):");
            for (NamespaceSummary row : admin.listNamespaces()) {
                out.printf("  %-22s %-11s %s%n", row.id(), row.status(),
                        row.namespace().map(n -> n.description()).orElse(""));
            }

            out.println();
            out.println("Secrets of " + marketing + " (values are write-only):");
            for (SecretMetadata m : admin.listSecrets(marketing)) {
                out.printf("  %-22s version %d  %s%n", m.key(), m.version(), m.description());
            }

            out.println();
            out.println("Namespace document as code:");
            for (String line : documents.write(admin.exportDocument(marketing)).split("\n")) {
                out.println("  " + line);
            }

            resolveSeedFlows(cascade, admin, tenant, marketing);

            out.println();
            List<AuditEvent> audit = storage.auditSink().query(AuditQuery.forTenant(tenant).namespace(marketing).build());
            out.println("Audit trail of " + marketing + " (" + audit.size() + " events, stored in " + (url == null ? "H2" : storage.dialect()) + "):");
            for (AuditEvent e : audit) {
                out.printf("  %-6s %-15s %-22s by %s%s%n", e.action(), e.resource(), e.resourceKey().orElse(""),
                        e.actor(), e.resource() == AuditEvent.Resource.SECRET ? " (value changed: " + e.valueChanged() + ")" : "");
            }
        }
    }

    /**
     * The seed flows, resolved as an executor would before running each task: plugin defaults applied,
     * templates rendered, secrets used recorded for masking.
     */
    private void resolveSeedFlows(Cascade cascade, ManagementSession admin, TenantId tenant, NamespaceId marketing) {
        Resolver resolver = cascade.resolver();
        out.println();
        out.println("== Resolving the seed flows (printed with secrets masked)");

        // company.marketing: hello_world, and tasks of the AWS and Git plugins picking up the namespace's defaults
        Map<String, Object> marketingFlow = Map.of("flow", Map.of("id", "hello_world", "namespace", marketing.value()));
        show(resolver.resolveTask(tenant, marketing, Map.of(
                "id", "log_task",
                "type", "io.kestra.plugin.core.log.Log",
                "message", "hi from {{ flow.namespace }}"), List.of(), marketingFlow), "hello_world / log_task", false);
        show(resolver.resolveTask(tenant, marketing, Map.of(
                "id", "clone",
                "type", "io.kestra.plugin.git.Clone",
                "url", "https://github.com/kestra-io/examples"), List.of(), marketingFlow),
                "git clone: password from {{ render(namespace.github.token) }}, a variable holding {{ secret('GITHUB_TOKEN') }}", true);
        show(resolver.resolveTask(tenant, marketing, Map.of(
                "id", "upload",
                "type", "io.kestra.plugin.aws.s3.Upload",
                "bucket", "marketing-reports",
                "region", "eu-west-1"), List.of(), marketingFlow),
                "aws s3 upload: credentials from the io.kestra.plugin.aws defaults, its own region wins", true);

        // io.kestra.tests: the "centralized task configuration" page. Creating it turns the placeholder into a namespace.
        NamespaceId tests = NamespaceId.of("io.kestra.tests");
        admin.createNamespace(tests, NamespaceProperties.ofDescription("Centralized task configuration example"));
        admin.putVariables(tests, Map.of("mysql_user", "root"), 0);
        admin.putPluginDefaults(tests, List.of(PluginDefault.of("io.kestra.plugin.jdbc.mysql.Query",
                Map.of("password", "{{ secret('MYSQL_PASSWORD') }}"))), 0);
        admin.putSecret(tests, SecretKey.of("MYSQL_PASSWORD"), SecretValue.of("tests-mysql-password"),
                SecretAttributes.of("MySQL password of the test database"), SecretStore.MUST_NOT_EXIST);
        out.println();
        out.println("Created " + tests + " (was a placeholder) with variable mysql_user, secret MYSQL_PASSWORD and a "
                + "plugin default for io.kestra.plugin.jdbc.mysql.Query");

        Map<String, Object> queryFlow = Map.of("flow", Map.of("id", "query-mysql", "namespace", tests.value()));
        Map<String, Object> query = Map.of(
                "id", "query",
                "type", "io.kestra.plugin.jdbc.mysql.Query",
                "url", "jdbc:mysql://localhost:3306/test",
                "username", "root",
                "sql", "select * from employees",
                "fetchOne", true);
        Map<String, Object> explicit = new java.util.LinkedHashMap<>(query);
        explicit.put("password", "{{ secret('MYSQL_PASSWORD') }}");
        show(resolver.resolveTask(tenant, tests, explicit, List.of(), queryFlow),
                "query-mysql with password: \"{{ secret('MYSQL_PASSWORD') }}\"", false);
        show(resolver.resolveTask(tenant, tests, query, List.of(), queryFlow),
                "query-mysql without password: supplied by the namespace plugin default", true);
        Map<String, Object> withVariable = new java.util.LinkedHashMap<>(query);
        withVariable.put("username", "{{ namespace.mysql_user }}");
        show(resolver.resolveTask(tenant, tests, withVariable, List.of(), queryFlow),
                "query-mysql with username: \"{{ namespace.mysql_user }}\"", true);

        RenderResult line = resolver.render(tenant, marketing,
                "cloning with token {{ render(namespace.github.token) }}", Map.of());
        out.println();
        out.println("A log line that carries a secret, through the masker: "
                + line.masker().mask("git clone https://x-access-token:" + line.output().substring("cloning with token ".length())
                + "@github.com/kestra-io/examples"));
        out.println("Resolver caches: " + resolver.stats());
    }

    private void show(ResolvedTask resolved, String title, boolean explain) {
        out.println();
        out.println("-- " + title);
        out.println("   " + resolved.maskedTask());
        if (explain) {
            resolved.explain().forEach((path, source) -> {
                if (source.origin() != ValueOrigin.TASK) {
                    out.println("   " + path + " <- " + source);
                }
            });
        }
    }

    private void resetDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(directory);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("demo resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
