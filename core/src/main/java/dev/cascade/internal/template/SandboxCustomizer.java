package dev.cascade.internal.template;

import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.ExtensionCustomizer;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.Test;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.tokenParser.TokenParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts one Pebble extension (Pebble's own or one Cascade adds) inside Cascade's sandbox: the tags that read
 * files or other templates are removed, the {@code i18n} function (it reads resources) is removed, the
 * built-ins that build large values or run long are replaced by bounded ones ({@link BoundedBuiltins}),
 * every operator, filter, function and test is counted against the render's {@link RenderBudget}.
 *
 * <p>{@link #reference} keeps Pebble's evaluation as is and only removes the same tags and adds JSON
 * printing: the plain-Pebble side of the differential tests. Thread-safe once built; not API.
 */
final class SandboxCustomizer extends ExtensionCustomizer {
    private final long maxRangeLength;
    private final boolean bounded;

    private SandboxCustomizer(Extension delegate, long maxRangeLength, boolean bounded) {
        super(delegate);
        this.maxRangeLength = maxRangeLength;
        this.bounded = bounded;
    }

    /** {@code delegate} inside the sandbox, with ranges of at most {@code maxRangeLength} elements. */
    static ExtensionCustomizer bounded(Extension delegate, long maxRangeLength) {
        return new SandboxCustomizer(delegate, maxRangeLength, true);
    }

    /** {@code delegate} with only the refused tags and {@code i18n} removed (the differential reference). */
    static ExtensionCustomizer reference(Extension delegate) {
        return new SandboxCustomizer(delegate, Long.MAX_VALUE, false);
    }

    @Override
    public List<TokenParser> getTokenParsers() {
        List<TokenParser> parsers = super.getTokenParsers();
        if (parsers == null) {
            return Collections.emptyList();
        }
        List<TokenParser> kept = new ArrayList<>(parsers.size());
        for (TokenParser p : parsers) {
            if (p instanceof RefusingTokenParser || !CascadeFunctions.REMOVED_TAGS.contains(p.getTag())) {
                kept.add(p);
            }
        }
        return kept;
    }

    @Override
    public List<BinaryOperator> getBinaryOperators() {
        List<BinaryOperator> operators = super.getBinaryOperators();
        return operators == null || !bounded ? operators : BudgetedOperators.wrap(operators);
    }

    @Override
    public Map<String, Filter> getFilters() {
        Map<String, Filter> filters = super.getFilters();
        if (filters == null || !bounded) {
            return filters;
        }
        Map<String, Filter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Filter> e : filters.entrySet()) {
            Filter f = e.getValue();
            if (f != null && f.getClass().getName().startsWith("io.pebbletemplates.")) {
                f = switch (e.getKey()) {
                    case "join" -> new BoundedBuiltins.Join();
                    case "split" -> new BoundedBuiltins.Split();
                    case "merge" -> new BoundedBuiltins.Merge();
                    default -> f;
                };
            }
            out.put(e.getKey(), f == null ? null : BoundedBuiltins.counted(f));
        }
        return out;
    }

    @Override
    public Map<String, Function> getFunctions() {
        Map<String, Function> functions = super.getFunctions();
        if (functions == null) {
            return Collections.emptyMap();
        }
        Map<String, Function> out = new LinkedHashMap<>();
        for (Map.Entry<String, Function> e : functions.entrySet()) {
            Function f = e.getValue();
            if ("i18n".equals(e.getKey()) && f != null && f.getClass().getName().startsWith("io.pebbletemplates.")) {
                continue;
            }
            if (bounded && f != null) {
                if ("range".equals(e.getKey()) && f.getClass().getName().startsWith("io.pebbletemplates.")) {
                    f = new BoundedBuiltins.Range(maxRangeLength);
                }
                f = BoundedBuiltins.counted(f);
            }
            out.put(e.getKey(), f);
        }
        return out;
    }

    @Override
    public Map<String, Test> getTests() {
        Map<String, Test> tests = super.getTests();
        if (tests == null || !bounded) {
            return tests;
        }
        Map<String, Test> out = new LinkedHashMap<>();
        tests.forEach((name, t) -> out.put(name, t == null ? null : BoundedBuiltins.counted(t)));
        return out;
    }
}
