package dev.cascade.cli;

import dev.cascade.management.DesiredNamespace;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code --dir} and {@code --prune}, shared by {@code plan} and {@code apply}. */
final class DirectoryOptions {
    @Option(names = "--dir", required = true, description = "directory of namespace files")
    Path dir;

    @Option(names = "--prune", description = "also delete namespaces and secrets the directory does not declare")
    boolean prune;

    /** The namespaces the directory declares, with their secrets' values read from the environment and files. */
    List<DesiredNamespace> read() throws IOException {
        return new NamespaceDirectory(dir, System::getenv).read();
    }
}
