package dev.cascade.cli;

import dev.cascade.management.ApplyResult;
import dev.cascade.management.DesiredNamespace;
import dev.cascade.management.NamespacePlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code apply --dir DIR}: plans, shows the plan, asks for {@code yes} (unless {@code --auto-approve}), then
 * applies exactly that plan. A change made by someone else after the plan was shown is a conflict for its
 * namespace, with nothing of it written. Exit 0 when everything was applied, 1 otherwise.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Plan, confirm and apply the namespace files in a directory.")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    DirectoryOptions directory;

    @Option(names = "--auto-approve", description = "apply without asking")
    boolean autoApprove;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<DesiredNamespace> desired = directory.read();
        try (ConnectionOptions.Connection c = connection.open()) {
            Secrets.require(c, desired);
            var session = c.session(connection);
            NamespacePlan plan = session.plan(desired, directory.prune);
            PlanPrinter printer = new PlanPrinter(spec.commandLine().getOut());
            printer.plan(plan);
            if (plan.isEmpty()) {
                return 0;
            }
            if (!autoApprove && !confirmed()) {
                spec.commandLine().getOut().println("Apply cancelled; nothing was changed.");
                spec.commandLine().getOut().flush();
                return CascadeCli.ERROR;
            }
            ApplyResult result = session.apply(plan);
            printer.result(result);
            return result.succeeded() ? 0 : CascadeCli.ERROR;
        }
    }

    private boolean confirmed() throws java.io.IOException {
        var out = spec.commandLine().getOut();
        out.println();
        out.println("Apply these changes as '" + connection.actorId().user() + "'? Only 'yes' is accepted:");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return "yes".equals(answer == null ? null : answer.strip());
    }
}
