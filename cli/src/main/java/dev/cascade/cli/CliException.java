package dev.cascade.cli;

/** A usage or input problem the command line reports as one line, exit code 1. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
