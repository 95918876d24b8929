package dev.cascade.cli;

import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.spi.Revision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code restore NS --version V}: writes an old revision back as a new version, through the checked, audited
 * path. Optimistic on the current version (read now, or given with {@code --expected-version}).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Write an old revision back as a new version (audited).")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", description = "namespace id")
    String namespace;

    @Option(names = "--version", required = true, description = "the revision to restore")
    long version;

    @Option(names = "--expected-version", description = "the current version you reviewed (default: read now)")
    Long expectedVersion;

    @Option(names = "--resource", defaultValue = "variables", converter = ResourceOption.class,
            description = "variables (default), plugin-defaults or properties")
    Revision.Resource resource;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (ConnectionOptions.Connection c = connection.open()) {
            ManagementSession session = c.session(connection);
            NamespaceId id = NamespaceId.of(namespace);
            long expected;
            if (expectedVersion != null) {
                expected = expectedVersion;
            } else {
                List<Revision> all = session.history(id, resource);
                expected = all.isEmpty() ? 0 : all.get(all.size() - 1).version();
            }
            Revision written = session.restore(id, resource, version, expected);
            spec.commandLine().getOut().println("Restored version " + version + " of the "
                    + resource.name().toLowerCase().replace('_', ' ') + " of " + id + " as version "
                    + written.version() + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
