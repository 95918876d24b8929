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
 */
public final class Demo {
    /** Where the demo keeps its H2 database; reset at every run so the demo can be replayed. */
    static final Path DEFAULT_DIRECTORY = Path.of("cascade-data");

    private final PrintStream out;
    private final Path directory;

    Demo(PrintStream out, Path directory) {
        this.out = out;
        this.directory = directory;
    }

    public static void main(String[] args) throws IOException {
        new Demo(System.out, args.length > 0 ? Path.of(args[0]) : DEFAULT_DIRECTORY).run();
    }

    void run() throws IOException {
        resetDirectory();
        // A fresh AES-256 key for this run's encrypted secrets. Real deployments pass keys from their KMS.
        byte[] aesKey = new byte[32];
        new SecureRandom().nextBytes(aesKey);
        try (JdbcStorage storage = JdbcStorage.h2(directory);
             JdbcSecretStore secretStore = storage.secretStore(JdbcConfig.builder()
                     .url(JdbcStorage.h2Url(directory))
                     .encryptionKey("demo-key-1", Base64.getEncoder().encodeToString(aesKey))
                     .build());
             Cascade cascade = Cascade.builder()
                     .storage(storage)
                     .secretStore("jdbc", secretStore)
                     .auditSink(storage.auditSink())
                     .build()) {
            TenantId tenant = TenantId.DEFAULT;
            NamespaceId marketing = NamespaceId.of("company.marketing");
            ManagementSession admin = cascade.management().session(tenant, Actor.user("admin"));
            NamespaceDocuments documents = new NamespaceDocuments();

            out.println("== Cascade demo: the marketing namespace (storage: " + cascade.storage().name() + " on H2 in "
                    + directory.toAbsolutePath() + ", secrets: " + cascade.secretStores().defaultName()
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

            out.println();
            List<AuditEvent> audit = storage.auditSink().query(AuditQuery.forTenant(tenant).namespace(marketing).build());
            out.println("Audit trail of " + marketing + " (" + audit.size() + " events, stored in H2):");
            for (AuditEvent e : audit) {
                out.printf("  %-6s %-15s %-22s by %s%s%n", e.action(), e.resource(), e.resourceKey().orElse(""),
                        e.actor(), e.resource() == AuditEvent.Resource.SECRET ? " (value changed: " + e.valueChanged() + ")" : "");
            }
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
