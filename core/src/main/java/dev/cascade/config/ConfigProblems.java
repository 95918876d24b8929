package dev.cascade.config;

import dev.cascade.ConfigurationException;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of one configuration so they are reported together, each as
 * {@code <property> was '<value>' but it <reason>}, in one {@link ConfigurationException}:
 * {@code Invalid JDBC configuration: poolSize was '0' but it must be between 1 and 200; pollInterval was '5x'
 * but it is not a duration such as 500ms, 10s, 5m, 1h or PT10S}. Values of secret properties are written as
 * {@code <redacted>}. Not thread-safe: one instance per validation.
 */
public final class ConfigProblems {
    /** What a secret property's value is replaced by in messages. */
    public static final String REDACTED = "<redacted>";
    private static final int MAX_QUOTED = 200;

    private final String what;
    private final List<String> problems = new ArrayList<>();

    /** @param what the configuration's name as it starts the message, e.g. {@code "JDBC configuration"} */
    public ConfigProblems(String what) {
        this.what = what;
    }

    /** Records {@code <property> was '<value>' but it <reason>}; a long value is cut. */
    public ConfigProblems add(String property, Object value, String reason) {
        String quoted = String.valueOf(value);
        if (quoted.length() > MAX_QUOTED) {
            quoted = quoted.substring(0, MAX_QUOTED) + "…";
        }
        problems.add(property + " was '" + quoted + "' but it " + reason);
        return this;
    }

    /** Records a problem with a secret property without quoting its value. */
    public ConfigProblems addRedacted(String property, String reason) {
        problems.add(property + " was '" + REDACTED + "' but it " + reason);
        return this;
    }

    /** Adds a problem written elsewhere in the same format. */
    public ConfigProblems addFormatted(String problem) {
        problems.add(problem);
        return this;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> all() {
        return List.copyOf(problems);
    }

    /** @throws ConfigurationException listing every problem, when there is any */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid " + what + ": " + String.join("; ", problems));
        }
    }
}
