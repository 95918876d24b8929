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

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed scenario end to end on the embedded default: create {@code company.marketing}, load the two
 * Terraform-style YAML fragments, add four secrets, report the namespaces flows use, and print the
 * namespace listing (with placeholders) and the secret keys — never their values.
 */
public final class Demo {
    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        new Demo(System.out).run();
    }

    void run() throws IOException {
        List<AuditEvent> audit = new ArrayList<>();
        try (Cascade cascade = Cascade.builder().auditSink(audit::add).build()) {
            TenantId tenant = TenantId.DEFAULT;
            NamespaceId marketing = NamespaceId.of("company.marketing");
            ManagementSession admin = cascade.management().session(tenant, Actor.user("admin"));
            NamespaceDocuments documents = new NamespaceDocuments();

            out.println("== Cascade demo: the marketing namespace (storage: " + cascade.storage().name()
                    + ", secrets: " + cascade.secretStores().defaultName() + ")");

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
            out.println("Audit trail: " + audit.size() + " events, e.g. "
                    + audit.stream().filter(e -> e.resource() == AuditEvent.Resource.SECRET).findFirst()
                    .map(e -> e.action() + " " + e.resource() + " " + e.resourceKey().orElse("") + " by " + e.actor()
                            + " (valueChanged=" + e.valueChanged() + ")").orElse("-"));
        }
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
