package dev.cascade.internal.template;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.cascade.CascadeException;
import dev.cascade.internal.Ids;
import dev.cascade.internal.template.kestra.KestraExtension;
import dev.cascade.template.TemplateExtension;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.ClassAccessException;
import io.pebbletemplates.pebble.error.ParserException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.ExtensionCustomizer;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.tokenParser.TokenParser;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cascade's template engine: Pebble configured for untrusted templates (strict variables, no escaping,
 * no newline trimming, file- and template-reading tags refused, method calls refused, bounded output)
 * behind a bounded Caffeine cache of compiled templates, with fast paths:
 * <ul>
 *   <li>a string without {@code {{}, {@code {%} or {@code {#} is returned as the same instance;</li>
 *   <li>a template made only of text, variable paths ({@code {{ namespace.a.b }}}) and
 *       {@code {{ secret('KEY') }}} is evaluated by direct map lookups. Whenever a lookup misses, meets a
 *       value that is not a string, integer, long or boolean, or the output exceeds the bound, the same
 *       template is rendered by Pebble instead, so output and errors are Pebble's on every input.</li>
 * </ul>
 * Thread-safe; one instance serves every resolution. Not API.
 */
public final class TemplateEngine {
    /** Deepest nesting of {@code render()}. */
    public static final int MAX_RENDER_DEPTH = 16;

    private static final Set<String> RESERVED = Set.of("true", "false", "null", "none", "not", "and", "or", "is",
            "in", "equals", "contains", "matches", "_self", "_context", "_locale", "loop");

    private final PebbleEngine pebble;
    private final Cache<String, Compiled> cache;
    private final int maxOutput;
    private final boolean fastPaths;
    private final ThreadLocal<RenderScope> current = new ThreadLocal<>();
    private final java.util.function.Function<String, Compiled> compiler = this::compile;
    /**
     * A small direct-mapped front of the cache, keyed by the template string's identity: hosts pass the
     * same string instances (from their parsed flows) again and again, and this spares the hash and the
     * Caffeine bookkeeping for them. Bounded (FRONT_SLOTS entries); misses fall through to Caffeine.
     */
    private static final int FRONT_SLOTS = 1024;
    private final java.util.concurrent.atomic.AtomicReferenceArray<Compiled> front =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(FRONT_SLOTS);
    private final java.util.concurrent.atomic.LongAdder frontHits = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param cacheSize      compiled templates kept (least recently/frequently used evicted)
     * @param maxOutputChars the most characters one template may render
     * @param fastPaths      false renders everything through Pebble (the reference for differential tests)
     */
    public TemplateEngine(long cacheSize, int maxOutputChars, boolean fastPaths) {
        this(cacheSize, maxOutputChars, fastPaths, List.of());
    }

    /** @param extensions the host's template extensions (checked here: a clash is a ConfigurationException) */
    public TemplateEngine(long cacheSize, int maxOutputChars, boolean fastPaths, List<TemplateExtension> extensions) {
        this.maxOutput = maxOutputChars;
        this.fastPaths = fastPaths;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).recordStats().build();
        this.pebble = new PebbleEngine.Builder()
                .loader(new StringLoader())
                .strictVariables(true)
                .autoEscaping(false)
                .newLineTrimming(false)
                .cacheActive(false) // Pebble's own caches are unbounded maps; ours is bounded
                .maxRenderedSize(maxOutputChars)
                .methodAccessValidator((object, method) -> false)
                .registerExtensionCustomizer(RestrictedExtension::new)
                .extension(new CascadeFunctions(this))
                .extension(new KestraExtension(), new HostExtensions(extensions, this))
                .build();
    }

    /** A standalone Pebble configured exactly as Cascade's, without the Cascade functions: for tests. */
    public static PebbleEngine referencePebble(int maxOutputChars) {
        return new PebbleEngine.Builder()
                .loader(new StringLoader())
                .strictVariables(true)
                .autoEscaping(false)
                .newLineTrimming(false)
                .cacheActive(false)
                .maxRenderedSize(maxOutputChars)
                .methodAccessValidator((object, method) -> false)
                .registerExtensionCustomizer(RestrictedExtension::new)
                .build();
    }

    /** Whether {@code s} holds no template syntax at all. Allocates nothing. */
    public static boolean isLiteral(String s) {
        int i = s.indexOf('{');
        while (i >= 0 && i < s.length() - 1) {
            char c = s.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return false;
            }
            i = s.indexOf('{', i + 1);
        }
        return true;
    }

    /** Renders {@code template} in {@code scope}; a literal comes back as the same instance. */
    public String render(String template, RenderScope scope) {
        if (isLiteral(template)) {
            return template;
        }
        int slot = System.identityHashCode(template) & (FRONT_SLOTS - 1);
        Compiled compiled = front.getAcquire(slot);
        if (compiled == null || compiled.source != template) {
            compiled = cache.get(template, compiler);
            front.setRelease(slot, compiled);
        } else {
            frontHits.increment();
        }
        return compiled.render(this, scope);
    }

    /** Lookups served by the identity front (not counted in {@link #stats()}). */
    public long frontHits() {
        return frontHits.sum();
    }

    public CacheStats stats() {
        return cache.stats();
    }

    public long cacheSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    RenderScope currentScope() {
        RenderScope scope = current.get();
        if (scope == null) {
            throw new IllegalStateException("secret() and render() are only available while Cascade renders a template");
        }
        return scope;
    }

    String renderNested(String template, RenderScope scope, int line) {
        if (scope.renderDepth() >= MAX_RENDER_DEPTH) {
            throw new TemplateRenderException(Kind.RENDER_DEPTH, line, "render() nested more than "
                    + MAX_RENDER_DEPTH + " levels deep (at line " + line + "); the innermost template was "
                    + Ids.quote(scope.maskMessage(template)));
        }
        if (scope.isSecretValue(template)) {
            throw new TemplateRenderException(Kind.INVALID_ARGUMENT, line, "render() refuses a secret's value at line "
                    + line + ": a secret is data, never a template");
        }
        if (!scope.enterRender(template)) {
            throw new TemplateRenderException(Kind.RENDER_CYCLE, line, "render() cycle at line " + line
                    + ": the template " + Ids.quote(scope.maskMessage(template))
                    + " renders itself, directly or through other variables");
        }
        try {
            return render(template, scope);
        } finally {
            scope.exitRender();
        }
    }

    // ---- compilation -------------------------------------------------------------------------------

    private Compiled compile(String template) {
        if (fastPaths) {
            Compiled fast = FastTemplate.parse(template);
            if (fast != null) {
                return fast;
            }
        }
        return new PebbleBacked(template, compilePebble(template));
    }

    PebbleTemplate compilePebble(String template) {
        try {
            return pebble.getTemplate(template);
        } catch (PebbleException e) {
            throw translate(e, template, null);
        } catch (StackOverflowError e) {
            throw new TemplateRenderException(Kind.TOO_DEEP, 0, "Template nested too deep to parse; template "
                    + Ids.quote(template));
        }
    }

    String renderPebble(PebbleTemplate compiled, String template, RenderScope scope) {
        RenderScope previous = current.get();
        current.set(scope);
        try {
            StringWriter out = new StringWriter(Math.min(Math.max(16, template.length() + 32), 8192));
            compiled.evaluate(out, scope.variables());
            return out.toString();
        } catch (PebbleException e) {
            CascadeException inner = cascadeCause(e);
            if (inner != null) {
                throw scope.masked(inner);
            }
            throw translate(e, template, scope);
        } catch (CascadeException e) {
            throw scope.masked(e);
        } catch (IOException | RuntimeException e) {
            CascadeException inner = cascadeCause(e);
            if (inner != null) {
                throw scope.masked(inner);
            }
            // a filter's, function's or test's own message may quote the value it was given (a secret, or a
            // part of one): report only what failed, never the message
            int line = template.indexOf('\n') < 0 ? 1 : 0; // Pebble reports no line for these
            String expression = expressionAt(template, line, null);
            throw new TemplateRenderException(Kind.EVALUATION, line, scope.maskMessage("Template evaluation failed with "
                    + causeClasses(e) + " (its message is not shown: it may quote a value)"
                    + (expression == null ? "" : "; expression " + expression + " at line " + line)
                    + " of template " + Ids.quote(template)));
        } catch (StackOverflowError e) {
            throw new TemplateRenderException(Kind.TOO_DEEP, 0, scope.maskMessage("Template evaluation nested too deep "
                    + "(a macro calling itself?); template " + Ids.quote(template)));
        } finally {
            current.set(previous);
        }
    }

    private static CascadeException cascadeCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CascadeException c) {
                return c;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The class names of {@code e} and its causes, never their messages. */
    private static String causeClasses(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getName());
        int n = 0;
        for (Throwable t = e.getCause(); t != null && t != e && n++ < 5; t = t.getCause()) {
            sb.append(", caused by ").append(t.getClass().getName());
        }
        return sb.toString();
    }

    private static TemplateRenderException translate(PebbleException e, String template, RenderScope scope) {
        Kind kind;
        String what;
        if (e instanceof RefusedConstructException) {
            kind = Kind.REFUSED_TAG;
            what = "Refused tag";
        } else if (e instanceof ParserException) {
            kind = Kind.SYNTAX;
            what = "Template syntax error";
        } else if (e instanceof AttributeNotFoundException) {
            kind = Kind.UNDEFINED_VARIABLE;
            what = "Undefined variable";
        } else if (e instanceof ClassAccessException) {
            kind = Kind.METHOD_CALL;
            what = "Method calls are not allowed in Cascade templates";
        } else if (e.getPebbleMessage() != null && e.getPebbleMessage().startsWith("Tried to write more than")) {
            kind = Kind.OUTPUT_TOO_LARGE;
            what = "Rendered output too large";
        } else {
            kind = Kind.EVALUATION;
            what = "Template evaluation failed";
        }
        int line = e.getLineNumber() == null ? 0 : e.getLineNumber();
        String attribute = e instanceof AttributeNotFoundException a ? a.getAttributeName() : null;
        String expression = expressionAt(template, line, attribute);
        StringBuilder sb = new StringBuilder(what).append(": ");
        if (scope == null || e instanceof ParserException || kind == Kind.METHOD_CALL || kind == Kind.OUTPUT_TOO_LARGE) {
            sb.append(e.getPebbleMessage()); // parse errors (no value resolved yet) and messages naming no value
        } else if (kind == Kind.UNDEFINED_VARIABLE) {
            // the attribute may have been computed (namespace[secret('K')]): name it only when it is in the source
            boolean named = attribute != null && template.contains(attribute) && !scope.isPartOfSecretValue(attribute);
            sb.append(named ? "'" + attribute + "' does not exist" : "an attribute computed while rendering does not exist");
        } else {
            sb.append(causeClasses(e)).append(" (its message is not shown: it may quote a value)");
        }
        if (expression != null) {
            sb.append("; expression ").append(expression);
        }
        if (line > 0) {
            sb.append(" at line ").append(line);
        }
        sb.append(" of template ").append(Ids.quote(template));
        String message = scope == null ? sb.toString() : scope.maskMessage(sb.toString());
        return new TemplateRenderException(kind, line, message);
    }

    /** The {@code {{ ... }}} or {@code {% ... %}} on {@code line} that names {@code attribute}, if any. */
    static String expressionAt(String template, int line, String attribute) {
        if (line <= 0) {
            return null;
        }
        String[] lines = template.split("\n", -1);
        if (line > lines.length) {
            return null;
        }
        String text = lines[line - 1];
        List<String> found = new ArrayList<>();
        for (String[] delims : new String[][] {{"{{", "}}"}, {"{%", "%}"}}) {
            int from = 0;
            while (true) {
                int start = text.indexOf(delims[0], from);
                if (start < 0) {
                    break;
                }
                int end = text.indexOf(delims[1], start + 2);
                String expr = end < 0 ? text.substring(start) : text.substring(start, end + 2);
                found.add(expr);
                from = end < 0 ? text.length() : end + 2;
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        if (attribute != null) {
            for (String f : found) {
                if (f.contains(attribute)) {
                    return f;
                }
            }
        }
        return String.join(" ", found);
    }

    // ---- compiled forms ----------------------------------------------------------------------------

    /** A compiled template. */
    abstract static class Compiled {
        final String source;

        Compiled(String source) {
            this.source = source;
        }

        abstract String render(TemplateEngine engine, RenderScope scope);
    }

    private static final class PebbleBacked extends Compiled {
        private final PebbleTemplate template;

        PebbleBacked(String source, PebbleTemplate template) {
            super(source);
            this.template = template;
        }

        @Override
        String render(TemplateEngine engine, RenderScope scope) {
            return engine.renderPebble(template, source, scope);
        }
    }

    private record SecretRef(String key) { }

    /** Text, variable paths and {@code secret('KEY')} evaluated by direct lookups. */
    static final class FastTemplate extends Compiled {
        /** String = literal text; String[] = variable path; SecretRef = secret('KEY'). */
        private final Object[] parts;
        private final int literalLength;
        private volatile PebbleTemplate fallback;

        private FastTemplate(String source, Object[] parts, int literalLength) {
            super(source);
            this.parts = parts;
            this.literalLength = literalLength;
        }

        static FastTemplate parse(String s) {
            if (s.contains("{%") || s.contains("{#")) {
                return null;
            }
            List<Object> parts = new ArrayList<>();
            int literal = 0;
            int i = 0;
            while (i < s.length()) {
                int open = s.indexOf("{{", i);
                if (open < 0) {
                    parts.add(s.substring(i));
                    literal += s.length() - i;
                    break;
                }
                if (open > i) {
                    parts.add(s.substring(i, open));
                    literal += open - i;
                }
                int close = s.indexOf("}}", open + 2);
                if (close < 0) {
                    return null;
                }
                Object part = parseExpression(s.substring(open + 2, close));
                if (part == null) {
                    return null;
                }
                parts.add(part);
                i = close + 2;
            }
            return new FastTemplate(s, parts.toArray(), literal);
        }

        private static Object parseExpression(String raw) {
            if (raw.startsWith("-") || raw.endsWith("-")) {
                return null; // whitespace control
            }
            String expr = strip(raw);
            if (expr == null || expr.isEmpty()) {
                return null;
            }
            if (expr.startsWith("secret(") && expr.endsWith(")")) {
                String arg = strip(expr.substring(7, expr.length() - 1));
                if (arg == null || arg.length() < 3) {
                    return null;
                }
                char q = arg.charAt(0);
                if ((q != '\'' && q != '"') || arg.charAt(arg.length() - 1) != q) {
                    return null;
                }
                String key = arg.substring(1, arg.length() - 1);
                for (int k = 0; k < key.length(); k++) {
                    char c = key.charAt(k);
                    if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') || c > 127) {
                        return null;
                    }
                }
                return key.isEmpty() ? null : new SecretRef(key);
            }
            String[] path = expr.split("\\.", -1);
            for (String segment : path) {
                if (!isIdentifier(segment) || RESERVED.contains(segment)) {
                    return null;
                }
            }
            return path;
        }

        /** Strips spaces; null when the expression holds other whitespace (let Pebble handle it). */
        private static String strip(String s) {
            int start = 0;
            int end = s.length();
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
            while (end > start && s.charAt(end - 1) == ' ') {
                end--;
            }
            String r = s.substring(start, end);
            for (int k = 0; k < r.length(); k++) {
                if (Character.isWhitespace(r.charAt(k))) {
                    return null;
                }
            }
            return r;
        }

        private static boolean isIdentifier(String s) {
            if (s.isEmpty()) {
                return false;
            }
            char first = s.charAt(0);
            if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) {
                return false;
            }
            for (int k = 1; k < s.length(); k++) {
                char c = s.charAt(k);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                    return false;
                }
            }
            return true;
        }

        @Override
        String render(TemplateEngine engine, RenderScope scope) {
            Object[] p = parts;
            if (p.length == 1) {
                String v = evaluate(p[0], scope);
                if (v == null || v.length() > engine.maxOutput) {
                    return slow(engine, scope);
                }
                return v;
            }
            // evaluate every part, then build the result in one exact-size copy
            String[] values = new String[p.length];
            int length = 0;
            for (int i = 0; i < p.length; i++) {
                String v = evaluate(p[i], scope);
                if (v == null) {
                    return slow(engine, scope);
                }
                length += v.length();
                if (length > engine.maxOutput) {
                    // Pebble stops at the write that crosses the bound, before evaluating later parts
                    return slow(engine, scope);
                }
                values[i] = v;
            }
            return p.length == 2 ? values[0].concat(values[1]) : String.join("", values);
        }

        private static String evaluate(Object part, RenderScope scope) {
            if (part instanceof String literal) {
                return literal;
            }
            if (part instanceof String[] path) {
                Object value = scope.variables().get(path[0]);
                for (int k = 1; k < path.length && value != null; k++) {
                    value = value instanceof Map<?, ?> m ? m.get(path[k]) : null;
                }
                if (value instanceof String s) {
                    return s;
                }
                if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
                    return value.toString();
                }
                return null;
            }
            return scope.secret(((SecretRef) part).key(), null, null);
        }

        private String slow(TemplateEngine engine, RenderScope scope) {
            PebbleTemplate t = fallback;
            if (t == null) {
                t = engine.compilePebble(source);
                fallback = t;
            }
            return engine.renderPebble(t, source, scope);
        }
    }

    // ---- restrictions ------------------------------------------------------------------------------

    /** Removes the refused tags and the resource-reading {@code i18n} function from Pebble's extensions. */
    private static final class RestrictedExtension extends ExtensionCustomizer {
        RestrictedExtension(Extension delegate) {
            super(delegate);
        }

        @Override
        public List<TokenParser> getTokenParsers() {
            List<TokenParser> parsers = super.getTokenParsers();
            if (parsers == null) {
                return null;
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
        public Map<String, Function> getFunctions() {
            Map<String, Function> functions = super.getFunctions();
            if (functions == null || !(functions.containsKey("i18n") || functions.containsKey("range"))) {
                return functions;
            }
            Map<String, Function> kept = new HashMap<>(functions);
            kept.remove("i18n");
            Function range = kept.get("range");
            if (range != null) {
                kept.put("range", new BoundedRange(range));
            }
            return kept;
        }
    }

    /** Pebble's range() builds its whole list at once: refuse ranges that would exhaust memory. */
    private static final class BoundedRange implements Function {
        static final long MAX_VALUES = 100_000;
        private final Function delegate;

        BoundedRange(Function delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> getArgumentNames() {
            return delegate.getArgumentNames();
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self,
                              io.pebbletemplates.pebble.template.EvaluationContext context, int line) {
            if (args.get("start") instanceof Number start && args.get("end") instanceof Number end) {
                long step = args.get("increment") instanceof Number inc ? inc.longValue() : 1;
                if (step != 0) {
                    double count = Math.floor((end.doubleValue() - start.doubleValue()) / step) + 1;
                    if (count > MAX_VALUES) {
                        throw new TemplateRenderException(Kind.INVALID_ARGUMENT, line, "range() would produce "
                                + (long) count + " values at line " + line + "; at most " + MAX_VALUES + " are allowed");
                    }
                }
            }
            return delegate.execute(args, self, context, line);
        }
    }
}
