package dev.cascade.cli;

import dev.cascade.management.DesiredNamespace;
import dev.cascade.management.NamespacePlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code plan --dir DIR}: what {@code apply} would change. Exit 0 when nothing, 2 when something, 1 on error. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Compare the namespace files in a directory with the store and print what apply would change.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--dir", required = true, description = "directory of namespace files")
    Path dir;

    @Option(names = "--prune", description = "also delete namespaces and secrets the directory does not declare")
    boolean prune;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<DesiredNamespace> desired = new NamespaceDirectory(dir, System::getenv).read();
        try (ConnectionOptions.Connection c = connection.open()) {
            Secrets.require(c, desired);
            NamespacePlan plan = c.session(connection).plan(desired, prune);
            new PlanPrinter(spec.commandLine().getOut()).plan(plan);
            return plan.isEmpty() ? 0 : CascadeCli.CHANGES;
        }
    }
}
