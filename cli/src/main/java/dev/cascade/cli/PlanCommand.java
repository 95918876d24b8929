package dev.cascade.cli;

import dev.cascade.management.DesiredNamespace;
import dev.cascade.management.NamespacePlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code plan --dir DIR}: what {@code apply} would change. Exit 0 when nothing, 2 when something, 1 on error. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Compare the namespace files in a directory with the store and print what apply would change.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    DirectoryOptions directory;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<DesiredNamespace> desired = directory.read();
        try (ConnectionOptions.Connection c = connection.open()) {
            Secrets.require(c, desired);
            NamespacePlan plan = c.session(connection).plan(desired, directory.prune);
            new PlanPrinter(spec.commandLine().getOut()).plan(plan);
            return plan.isEmpty() ? 0 : CascadeCli.CHANGES;
        }
    }
}
