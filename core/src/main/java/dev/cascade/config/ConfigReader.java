package dev.cascade.config;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads typed values out of one module's properties with {@link ConfigValues}, recording each bad value in a
 * {@link ConfigProblems} instead of stopping at the first, so a caller reads everything and then calls
 * {@link ConfigProblems#throwIfAny()}. An absent property reads as empty. Not thread-safe.
 */
public final class ConfigReader {
    private final Map<String, String> properties;
    private final ConfigProblems problems;

    public ConfigReader(Map<String, String> properties, ConfigProblems problems) {
        this.properties = Map.copyOf(properties == null ? Map.of() : properties);
        this.problems = problems;
    }

    public ConfigProblems problems() {
        return problems;
    }

    /**
     * Records every property that is neither one of {@code names} nor in one of the {@code families} (prefixes such
     * as {@code encryptionKey.}) as unknown, listing the known ones. The value is not quoted: a mistyped
     * property may hold a password.
     */
    public ConfigReader rejectUnknown(Collection<String> names, Collection<String> families) {
        SortedSet<String> known = new TreeSet<>(names);
        families.forEach(f -> known.add(f + "<…>"));
        for (String name : new TreeSet<>(properties.keySet())) {
            if (!names.contains(name) && families.stream().noneMatch(name::startsWith)) {
                problems.addRedacted(name, "is not a known property (known: " + String.join(", ", known) + ")");
            }
        }
        return this;
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    public Optional<Duration> duration(String name) {
        return read(name, ConfigValues::duration);
    }

    public Optional<Long> size(String name) {
        return read(name, ConfigValues::size);
    }

    public Optional<Boolean> bool(String name) {
        return read(name, ConfigValues::bool);
    }

    public Optional<Long> whole(String name) {
        return read(name, ConfigValues::whole);
    }

    public Optional<Integer> integer(String name, int min, int max) {
        return read(name, v -> ConfigValues.integer(v, min, max));
    }

    public Optional<List<String>> list(String name) {
        return read(name, ConfigValues::list);
    }

    private <T> Optional<T> read(String name, Function<String, T> parser) {
        String value = properties.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value));
        } catch (IllegalArgumentException e) {
            problems.add(name, value, e.getMessage());
            return Optional.empty();
        }
    }
}
