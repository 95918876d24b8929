package dev.cascade.internal.template.kestra;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Kestra's data-only filters, functions and tests, written from Kestra's documentation and observed
 * behaviour: JSON and YAML ({@code toJson}, {@code fromJson}, {@code yaml}, the {@code json} test), dates
 * ({@code date}, {@code dateAdd}, {@code timestamp…}, {@code now()}), strings ({@code substring…},
 * {@code startsWith}, {@code endsWith}, {@code slugify}, {@code urldecode}, {@code escapeChar}, {@code indent},
 * {@code nindent}, digests), collections ({@code keys}, {@code values}, {@code chunk}, {@code flatten},
 * {@code distinct}), numbers ({@code number}, {@code numberFormat}) and identifiers ({@code uuid()},
 * {@code id()}, {@code nanoId()}, {@code randomInt()}). Registered after Pebble's core extension, so its
 * {@code date} replaces Pebble's. Every one of them consults the render's
 * {@link dev.cascade.internal.template.RenderBudget}. Thread-safe; not API.
 */
public final class KestraExtension extends AbstractExtension {
    private final Map<String, Filter> filters = new HashMap<>();
    private final Map<String, Function> functions = new HashMap<>();
    private final Map<String, Test> tests = new HashMap<>();

    public KestraExtension() {
        this(Clock.systemUTC());
    }

    /** @param clock the source of {@code now()} */
    public KestraExtension(Clock clock) {
        StringFilters.register(filters);
        CollectionFilters.register(filters);
        NumberFilters.register(filters);
        JsonFilters.register(filters, functions, tests);
        DateFilters.register(filters, functions, clock);
        IdFunctions.register(functions);
    }

    @Override
    public Map<String, Filter> getFilters() {
        return filters;
    }

    @Override
    public Map<String, Function> getFunctions() {
        return functions;
    }

    @Override
    public Map<String, Test> getTests() {
        return tests;
    }
}
