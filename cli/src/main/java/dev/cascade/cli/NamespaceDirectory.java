package dev.cascade.cli;

import dev.cascade.InvalidDocumentException;
import dev.cascade.management.DesiredNamespace;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.yaml.NamespaceDocument;
import dev.cascade.yaml.NamespaceDocuments;
import dev.cascade.yaml.NamespaceSource;
import dev.cascade.yaml.SecretReference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Reads a directory of namespace files (every {@code .yml}/{@code .yaml} file below it, except the variables
 * and plugin-defaults files that a namespace file names) into the namespaces it declares, with the values of
 * their secrets read from the environment variables and files the references name. A file that is too large,
 * a missing variable, a reference outside the directory: one clear error naming the file.
 */
final class NamespaceDirectory {
    /** Largest file read (namespace file, fragment or secret file). */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    /** Most files considered in one directory tree. */
    static final int MAX_FILES = 10_000;

    private final Path root;
    private final UnaryOperator<String> environment;
    private final NamespaceDocuments documents = new NamespaceDocuments();

    NamespaceDirectory(Path root, UnaryOperator<String> environment) {
        this.root = root.toAbsolutePath().normalize();
        this.environment = environment;
    }

    List<DesiredNamespace> read() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new CliException("--dir " + root + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(NamespaceDirectory::isYaml).sorted().limit(MAX_FILES + 1L)
                    .toList();
        }
        if (files.size() > MAX_FILES) {
            throw new CliException(root + " holds more than " + MAX_FILES + " YAML files");
        }
        // first pass: every file that parses as a namespace file, and the fragments they name
        Map<Path, NamespaceSource> sources = new LinkedHashMap<>();
        Map<Path, InvalidDocumentException> failures = new LinkedHashMap<>();
        Set<Path> fragments = new HashSet<>();
        for (Path file : files) {
            try {
                NamespaceSource source = documents.readNamespaceSource(text(file), relative(file));
                sources.put(file, source);
                source.variablesFile().ifPresent(f -> fragments.add(inside(file, f)));
                source.pluginDefaultsFile().ifPresent(f -> fragments.add(inside(file, f)));
            } catch (InvalidDocumentException e) {
                failures.put(file, e);
            }
        }
        for (Map.Entry<Path, InvalidDocumentException> f : failures.entrySet()) {
            if (!fragments.contains(f.getKey())) {
                throw f.getValue(); // not a fragment: a broken namespace file
            }
        }
        List<DesiredNamespace> out = new ArrayList<>();
        for (Map.Entry<Path, NamespaceSource> e : sources.entrySet()) {
            if (!fragments.contains(e.getKey())) {
                out.add(desired(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private DesiredNamespace desired(Path file, NamespaceSource source) throws IOException {
        NamespaceDocument doc = source.document();
        Map<String, Object> variables = doc.variables();
        if (source.variablesFile().isPresent()) {
            Path f = inside(file, source.variablesFile().get());
            variables = withSource(f, () -> documents.readVariables(text(f)));
        }
        var rules = doc.pluginDefaults();
        if (source.pluginDefaultsFile().isPresent()) {
            Path f = inside(file, source.pluginDefaultsFile().get());
            rules = withSource(f, () -> documents.readPluginDefaults(text(f)));
        }
        Map<SecretKey, DesiredNamespace.Secret> secrets = new LinkedHashMap<>();
        for (Map.Entry<SecretKey, SecretReference> s : source.secrets().entrySet()) {
            secrets.put(s.getKey(), new DesiredNamespace.Secret(value(file, s.getKey(), s.getValue()),
                    SecretAttributes.of(s.getValue().description())));
        }
        NamespaceDocument full = new NamespaceDocument(doc.id(), doc.description(), doc.allowedNamespaces(),
                doc.secretStore(), variables, rules);
        return new DesiredNamespace(full, secrets, relative(file));
    }

    private SecretValue value(Path file, SecretKey key, SecretReference ref) throws IOException {
        if (ref.kind() == SecretReference.Kind.ENV) {
            String v = environment.apply(ref.source());
            if (v == null) {
                throw new CliException(relative(file) + ": secret '" + key + "' reads environment variable '"
                        + ref.source() + "', which is not set");
            }
            return SecretValue.of(v);
        }
        Path f = inside(file, ref.source());
        if (!Files.isRegularFile(f)) {
            throw new CliException(relative(file) + ": secret '" + key + "' reads file '" + ref.source()
                    + "', which does not exist");
        }
        String v = text(f);
        // a file written by an editor ends with a newline that is not part of the secret
        if (v.endsWith("\r\n")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("\n")) {
            v = v.substring(0, v.length() - 1);
        }
        return SecretValue.of(v);
    }

    /** Resolves {@code name} next to {@code file}, refusing anything that leaves the directory. */
    private Path inside(Path file, String name) {
        Path p = file.getParent().resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new CliException(relative(file) + ": '" + name + "' is outside " + root);
        }
        return p;
    }

    private String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    private String text(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("file '" + relative(file) + "' does not exist");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new CliException("file '" + relative(file) + "' is larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CliException("file '" + relative(file) + "' is not UTF-8");
        }
    }

    private <T> T withSource(Path file, IoSupplier<T> read) throws IOException {
        try {
            return read.get();
        } catch (InvalidDocumentException e) {
            throw new InvalidDocumentException(relative(file) + ": " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
