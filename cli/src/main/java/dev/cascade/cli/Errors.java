package dev.cascade.cli;

import dev.cascade.CascadeException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a failure into one line on standard error and exit code 1. Cascade's messages name the file, line and
 * column, the namespace and key, never a secret value; anything else is reported by its type and message.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println("error: " + describe(e));
        cli.getErr().flush();
        return CascadeCli.ERROR;
    }

    static String describe(Throwable e) {
        if (e instanceof CascadeException || e instanceof CliException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        if (e instanceof IOException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
