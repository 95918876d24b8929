package dev.cascade.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cascade-cli}: namespaces as code. {@code plan} compares a directory of namespace files with the store,
 * {@code apply} carries the plan out, {@code export} writes namespaces as files, {@code history}, {@code diff}
 * and {@code restore} work on revisions. Every change goes through the checked, audited management API.
 *
 * <p>Exit codes: 0 success (for {@code plan}: nothing would change), 2 {@code plan} found changes, 1 error.
 */
@Command(name = "cascade-cli", mixinStandardHelpOptions = true, versionProvider = CascadeCli.Version.class,
        description = "Cascade namespaces as code: plan and apply namespace files, export, history, diff, restore.",
        subcommands = {PlanCommand.class, ApplyCommand.class, ExportCommand.class, HistoryCommand.class,
                DiffCommand.class, RestoreCommand.class, CommandLine.HelpCommand.class})
public final class CascadeCli implements Runnable {
    /** Exit code of {@code plan} when something would change. */
    public static final int CHANGES = 2;
    /** Exit code of any failure. */
    public static final int ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new CascadeCli());
        // usage errors exit 1 like every other failure: 2 is reserved for "plan found changes"
        cli.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            c.usage(c.getErr());
            c.getErr().flush();
            return ERROR;
        });
        cli.setExecutionExceptionHandler(new Errors());
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CascadeCli.class.getPackage().getImplementationVersion();
            return new String[] {"cascade-cli " + (v == null ? "(development build)" : v)};
        }
    }
}
