package dev.cascade.cli;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.spi.Revision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code history NS}: the revisions of a namespace's variables (or plugin defaults, or properties). */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List the revisions of a namespace.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", description = "namespace id")
    String namespace;

    @Option(names = "--resource", defaultValue = "variables", converter = ResourceOption.class,
            description = "variables (default), plugin-defaults or properties")
    Revision.Resource resource;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (ConnectionOptions.Connection c = connection.open()) {
            List<Revision> revisions = c.session(connection).history(NamespaceId.of(namespace), resource);
            var out = spec.commandLine().getOut();
            if (revisions.isEmpty()) {
                out.println("No revisions of the " + resource.name().toLowerCase().replace('_', ' ') + " of "
                        + namespace + ".");
            }
            for (Revision r : revisions) {
                out.println("version " + r.version() + "  " + r.written());
            }
            out.flush();
            return 0;
        }
    }
}
