package dev.cascade.cli;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.yaml.NamespaceDocuments;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code export NS... --out DIR}: writes each namespace as a namespace file {@code DIR/<id>.yml}, ready for
 * {@code plan}. Secrets are exported as references to environment variables named after their keys; values are
 * never exported.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write namespaces as namespace files.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "1..*", description = "namespace ids")
    List<String> namespaces;

    @Option(names = "--out", required = true, description = "directory to write into (created when missing)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NamespaceDocuments documents = new NamespaceDocuments();
        YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());
        Files.createDirectories(out);
        try (ConnectionOptions.Connection c = connection.open()) {
            ManagementSession session = c.session(connection);
            for (String ns : namespaces) {
                NamespaceId id = NamespaceId.of(ns);
                StringBuilder text = new StringBuilder(documents.write(session.exportDocument(id)));
                List<SecretMetadata> secrets = c.hasSecretStore() ? session.listSecrets(id) : List.of();
                if (!secrets.isEmpty()) {
                    Map<String, Object> refs = new LinkedHashMap<>();
                    for (SecretMetadata s : secrets) {
                        Map<String, Object> ref = new LinkedHashMap<>();
                        ref.put("fromEnv", environmentName(s.key().value()));
                        if (!s.description().isEmpty()) {
                            ref.put("description", s.description());
                        }
                        refs.put(s.key().value(), ref);
                    }
                    text.append(yaml.writeValueAsString(Map.of("secrets", refs)));
                }
                Path file = out.resolve(id.value() + ".yml");
                Files.writeString(file, text, StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("wrote " + file + (secrets.isEmpty() ? ""
                        : " (" + secrets.size() + " secret reference(s); values are not exported)"));
            }
            if (!c.hasSecretStore()) {
                spec.commandLine().getOut().println("note: no --encryption-key given, so secrets were not listed");
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** An environment variable name for a secret key: upper case, anything else than A-Z, 0-9 and _ as _. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
