package dev.cascade.internal.template;

import dev.cascade.ConfigurationException;
import dev.cascade.internal.template.kestra.KestraExtension;
import dev.cascade.template.TemplateCall;
import dev.cascade.template.TemplateExtension;
import dev.cascade.template.TemplateFilter;
import dev.cascade.template.TemplateFunction;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import dev.cascade.template.TemplateTest;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.ExtensionRegistry;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.Test;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Pebble extension carrying the filters, functions and tests of the host's {@link TemplateExtension}s,
 * checked once at construction: identifier names, no clash with a built-in or between extensions. Each call
 * sees a {@link TemplateCall} over the render's {@link RenderScope} and {@link RenderBudget}; the engine puts
 * this extension in its sandbox like the built-ins ({@link SandboxCustomizer}), which counts each call as one
 * step (a filter's input size too) and checks the size of its result. Thread-safe; not API.
 */
final class HostExtensions extends AbstractExtension {
    /** Names the Cascade extension defines (secret(), render(), renderOnce()); reserved even if not yet present. */
    private static final List<String> CASCADE_FUNCTIONS = List.of("secret", "render", "renderOnce");

    private final Map<String, Filter> filters = new HashMap<>();
    private final Map<String, Function> functions = new HashMap<>();
    private final Map<String, Test> tests = new HashMap<>();

    HostExtensions(List<TemplateExtension> extensions, TemplateEngine engine) {
        ExtensionRegistry builtIn = BuiltIns.REGISTRY;
        Map<String, String> owners = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (TemplateExtension ext : extensions) {
            Objects.requireNonNull(ext, "template extension");
            String owner = "template extension '" + ext.name() + "' (" + ext.getClass().getName() + ")";
            for (Map.Entry<String, TemplateFilter> e : nonNull(ext.filters()).entrySet()) {
                String name = e.getKey();
                if (check(problems, owners, owner, "filter", name, builtIn.getFilter(name) != null)) {
                    filters.put(name, new FilterAdapter(Objects.requireNonNull(e.getValue(), name),
                            names(e.getValue().argumentNames()), engine));
                }
            }
            for (Map.Entry<String, TemplateFunction> e : nonNull(ext.functions()).entrySet()) {
                String name = e.getKey();
                boolean taken = builtIn.getFunction(name) != null || CASCADE_FUNCTIONS.contains(name);
                if (check(problems, owners, owner, "function", name, taken)) {
                    functions.put(name, new FunctionAdapter(Objects.requireNonNull(e.getValue(), name),
                            names(e.getValue().argumentNames()), engine));
                }
            }
            for (Map.Entry<String, TemplateTest> e : nonNull(ext.tests()).entrySet()) {
                String name = e.getKey();
                if (check(problems, owners, owner, "test", name, builtIn.getTest(name) != null)) {
                    tests.put(name, new TestAdapter(Objects.requireNonNull(e.getValue(), name),
                            names(e.getValue().argumentNames()), engine));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid template extensions: " + String.join("; ", problems));
        }
    }

    /** The declared argument names, read once (null means none). */
    private static List<String> names(List<String> declared) {
        return declared == null ? List.of() : List.copyOf(declared);
    }

    private static <V> Map<String, V> nonNull(Map<String, V> map) {
        return map == null ? Map.of() : map;
    }

    private static boolean check(List<String> problems, Map<String, String> owners, String owner, String kind,
                                 String name, boolean builtIn) {
        if (name == null || !isIdentifier(name)) {
            problems.add(owner + " names a " + kind + " '" + name + "', which is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
            return false;
        }
        if (builtIn) {
            problems.add(owner + " defines the " + kind + " '" + name + "', which is built in and cannot be replaced");
            return false;
        }
        String previous = owners.putIfAbsent(kind + ":" + name, owner);
        if (previous != null) {
            problems.add(owner + " defines the " + kind + " '" + name + "', already defined by " + previous);
            return false;
        }
        return true;
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_') || s.charAt(0) > 127) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 127 || !(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
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

    /** Pebble's core filters, functions and tests plus Kestra's: what an extension may not replace. */
    private static final class BuiltIns {
        static final ExtensionRegistry REGISTRY = new PebbleEngine.Builder()
                .loader(new StringLoader())
                .extension(new KestraExtension())
                .build()
                .getExtensionRegistry();
    }

    /** The arguments Pebble bound, restricted to the declared names. */
    private static Map<String, Object> bound(Map<String, Object> args, List<String> names) {
        if (names.isEmpty() || args == null || args.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String n : names) {
            if (args.containsKey(n)) {
                kept.put(n, args.get(n));
            }
        }
        return Collections.unmodifiableMap(kept);
    }

    private static final class Call implements TemplateCall {
        private final Map<String, Object> arguments;
        private final int line;
        private final TemplateEngine engine;

        Call(Map<String, Object> arguments, int line, TemplateEngine engine) {
            this.arguments = arguments;
            this.line = line;
            this.engine = engine;
        }

        @Override
        public Map<String, Object> arguments() {
            return arguments;
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public Object variable(String name) {
            return engine.currentScope().variables().get(name);
        }

        @Override
        public void checkSize(long size) {
            RenderBudget.current().checkSize(size);
        }

        @Override
        public void step(long units) {
            RenderBudget.current().step(units);
        }

        @Override
        public TemplateRenderException invalidArgument(String message) {
            return new TemplateRenderException(Kind.INVALID_ARGUMENT, line, message + " (at line " + line + ")");
        }
    }

    private record FilterAdapter(TemplateFilter filter, List<String> names, TemplateEngine engine) implements Filter {
        @Override
        public List<String> getArgumentNames() {
            return names;
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int line) {
            return filter.apply(input, new Call(bound(args, names), line, engine));
        }
    }

    private record FunctionAdapter(TemplateFunction function, List<String> names, TemplateEngine engine)
            implements Function {
        @Override
        public List<String> getArgumentNames() {
            return names;
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            return function.call(new Call(bound(args, names), line, engine));
        }
    }

    private record TestAdapter(TemplateTest test, List<String> names, TemplateEngine engine) implements Test {
        @Override
        public List<String> getArgumentNames() {
            return names;
        }

        @Override
        public boolean apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                             int line) {
            return test.test(input, new Call(bound(args, names), line, engine));
        }
    }
}
