package dev.cascade.examples.boot;

import dev.cascade.Cascade;
import dev.cascade.Versions;
import dev.cascade.access.Actor;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.yaml.NamespaceDocuments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A Spring Boot application with Cascade from the starter: H2 through the application's DataSource, health and
 * metrics on the actuator, and {@link FlowController} resolving the marketing flow. At startup it lays out the
 * marketing namespace of the seed (variables and task defaults from {@code marketing/*.yml}, three secrets).
 */
@SpringBootApplication
public class CascadeExampleApplication {
    static final TenantId TENANT = TenantId.DEFAULT;
    static final NamespaceId MARKETING = NamespaceId.of("company.marketing");

    public static void main(String[] args) {
        SpringApplication.run(CascadeExampleApplication.class, args);
    }

    /** The marketing namespace, idempotently: a restart on a kept database writes the same content again. */
    @Bean
    ApplicationRunner seedMarketing(Cascade cascade, Environment env) {
        return args -> {
            NamespaceDocuments docs = new NamespaceDocuments();
            ManagementSession admin = cascade.management().session(TENANT, Actor.user("example-app"));
            admin.ensureNamespace(MARKETING, NamespaceProperties.ofDescription("Marketing team"));
            admin.putVariables(MARKETING, docs.readVariables(read("marketing/variables_marketing.yml")), Versions.ANY);
            admin.putPluginDefaults(MARKETING, docs.readPluginDefaults(read("marketing/task_defaults_marketing.yml")),
                    Versions.ANY);
            for (String key : new String[] {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN"}) {
                // demo values; a real deployment writes secrets through the management API or a secret manager
                String value = env.getProperty("demo.secrets." + key, "demo-" + key.toLowerCase().replace('_', '-') + "-value");
                admin.putSecret(MARKETING, SecretKey.of(key), SecretValue.of(value), SecretAttributes.of("demo"), Versions.ANY);
            }
        };
    }

    static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
