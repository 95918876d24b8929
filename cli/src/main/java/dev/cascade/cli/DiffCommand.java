package dev.cascade.cli;

import dev.cascade.audit.DiffEntry;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.spi.Revision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code diff NS --from V --to V}: what changed between two revisions, by path. */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Show what changed between two revisions.")
final class DiffCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", description = "namespace id")
    String namespace;

    @Option(names = "--from", required = true, description = "older version")
    long from;

    @Option(names = "--to", required = true, description = "newer version")
    long to;

    @Option(names = "--resource", defaultValue = "variables", converter = ResourceOption.class,
            description = "variables (default), plugin-defaults or properties")
    Revision.Resource resource;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (ConnectionOptions.Connection c = connection.open()) {
            List<DiffEntry> diff = c.session(connection).diff(NamespaceId.of(namespace), resource, from, to);
            var out = spec.commandLine().getOut();
            if (diff.isEmpty()) {
                out.println("No differences between version " + from + " and version " + to + ".");
            }
            for (DiffEntry d : diff) {
                switch (d.change()) {
                    case ADDED -> out.println("+ " + d.path() + " = " + d.after());
                    case REMOVED -> out.println("- " + d.path() + " (was " + d.before() + ")");
                    case CHANGED -> out.println("~ " + d.path() + ": " + d.before() + " -> " + d.after());
                    default -> throw new IllegalStateException(d.change().toString());
                }
            }
            out.flush();
            return 0;
        }
    }
}
