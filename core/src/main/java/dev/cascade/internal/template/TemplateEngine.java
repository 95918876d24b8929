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
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.NodeVisitorFactory;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cascade's template engine: Pebble configured for untrusted templates (strict variables, no escaping,
 * no newline trimming, file- and template-reading tags refused, method calls refused) with Kestra's
 * language additions ({@link CascadeFunctions}) and every render bounded ({@link TemplateLimits},
 * {@link RenderBudget}, {@link SandboxCustomizer}), behind a Caffeine cache of compiled templates bounded by
 * count and by characters, with fast paths:
 * <ul>
 *   <li>a string without {@code {{}, {@code {%} or {@code {#} is returned as the same instance;</li>
 *   <li>a template made only of text, variable paths ({@code {{ namespace.a.b }}}) and
 *       {@code {{ secret('KEY') }}} is evaluated by direct map lookups (maps and lists printed as JSON), with
 *       no budget installed. Whenever a lookup misses, meets another kind of value, or the output exceeds the
 *       bound, the same template is rendered by Pebble instead, so output and errors are the Pebble path's on
 *       every input.</li>
 * </ul>
 * Thread-safe; one instance serves every resolution. Not API.
 */
public final class TemplateEngine {
    /** Deepest nesting of {@code render()} by default. */
    public static final int MAX_RENDER_DEPTH = TemplateLimits.DEFAULT_MAX_RENDER_DEPTH;
    /** Templates longer than this are not kept in the identity front (the Caffeine cache weighs them). */
    private static final int FRONT_MAX_CHARS = 4096;
    /** Steps one {@code render()} call is charged, besides one per character of the template it renders. */
    static final int RENDER_CALL_STEPS = 64;

    private static final Set<String> RESERVED = Set.of("true", "false", "null", "none", "not", "and", "or", "is",
            "in", "equals", "contains", "matches", "_self", "_context", "_locale", "loop");

    private final PebbleEngine pebble;
    private final Cache<String, Compiled> cache;
    private final TemplateLimits limits;
    private final int maxOutput;
    private final KnownNames names;
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
     * @param cacheSize      compiled templates kept
     * @param maxOutputChars the most characters one template may render (and any value built while rendering)
     * @param fastPaths      false renders everything through Pebble (the reference for differential tests)
     */
    public TemplateEngine(long cacheSize, int maxOutputChars, boolean fastPaths) {
        this(new TemplateLimits(cacheSize, Math.max(cacheSize, TemplateLimits.DEFAULT_CACHE_MAX_CHARS), maxOutputChars,
                TemplateLimits.DEFAULT_MAX_STEPS, TemplateLimits.DEFAULT_MAX_RANGE_LENGTH,
                TemplateLimits.DEFAULT_MAX_RENDER_DEPTH), fastPaths, List.of());
    }

    /**
     * @param limits    every bound of the engine
     * @param fastPaths false renders everything through Pebble (the reference for differential tests)
     */
    public TemplateEngine(TemplateLimits limits, boolean fastPaths) {
        this(limits, fastPaths, List.of());
    }

    /**
     * @param limits         every bound of the engine
     * @param fastPaths      false renders everything through Pebble (the reference for differential tests)
     * @param hostExtensions the host's template extensions (checked here: a clash is a ConfigurationException);
     *                       they run inside the same sandbox and limits as the built-ins
     */
    public TemplateEngine(TemplateLimits limits, boolean fastPaths, List<TemplateExtension> hostExtensions) {
        this.limits = limits;
        this.maxOutput = limits.maxRenderedChars();
        this.fastPaths = fastPaths;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(limits.cacheMaxChars())
                .weigher((String source, Compiled c) -> limits.weigh(source.length()))
                .recordStats()
                .build();
        List<Extension> extensions = List.of(new CascadeFunctions(this), new KestraExtension(),
                new HostExtensions(hostExtensions, this));
        PebbleEngine.Builder builder = new PebbleEngine.Builder()
                .loader(new StringLoader())
                .strictVariables(true)
                .autoEscaping(false)
                .newLineTrimming(false)
                .cacheActive(false) // Pebble's own caches are unbounded maps; ours is bounded
                .maxRenderedSize(maxOutput)
                .methodAccessValidator((object, method) -> false)
                .registerExtensionCustomizer(e -> SandboxCustomizer.bounded(e, limits.maxRangeLength()));
        for (Extension e : extensions) {
            builder.extension(SandboxCustomizer.bounded(e, limits.maxRangeLength()));
        }
        this.pebble = builder.build();
        this.names = KnownNames.of(extensions);
    }

    /**
     * A standalone Pebble configured as Cascade's (strict, no escaping, no newline trimming, the same tags
     * removed, method calls refused) without the Cascade functions, limits or language additions, but printing
     * maps, lists and arrays as JSON as Cascade deliberately does: the reference of the differential tests.
     */
    public static PebbleEngine referencePebble(int maxOutputChars) {
        return new PebbleEngine.Builder()
                .loader(new StringLoader())
                .strictVariables(true)
                .autoEscaping(false)
                .newLineTrimming(false)
                .cacheActive(false)
                .maxRenderedSize(maxOutputChars)
                .methodAccessValidator((object, method) -> false)
                .registerExtensionCustomizer(SandboxCustomizer::reference)
                .extension(new AbstractExtension() {
                    @Override
                    public List<NodeVisitorFactory> getNodeVisitors() {
                        return List.of(PrintVisitor.factory(false));
                    }
                })
                .build();
    }

    public TemplateLimits limits() {
        return limits;
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
            if (template.length() <= FRONT_MAX_CHARS) { // the front must not keep large templates Caffeine evicted
                front.setRelease(slot, compiled);
            }
        } else {
            frontHits.increment();
        }
        return compiled.render(this, scope);
    }

    /**
     * {@code template} compiled once (through the cache) for a caller that renders it many times: its
     * {@link Prepared#render} skips the syntax check and the cache lookups. Errors of compilation are thrown here.
     */
    public Prepared prepare(String template) {
        return new Prepared(this, template, isLiteral(template) ? null : cache.get(template, compiler));
    }

    /** A template prepared by {@link #prepare}. Immutable and thread-safe. */
    public static final class Prepared {
        private final TemplateEngine engine;
        private final String source;
        private final Compiled compiled;

        private Prepared(TemplateEngine engine, String source, Compiled compiled) {
            this.engine = engine;
            this.source = source;
            this.compiled = compiled;
        }

        /** Renders in {@code scope}, as {@link TemplateEngine#render} would; a literal comes back as itself. */
        public String render(RenderScope scope) {
            return compiled == null ? source : compiled.render(engine, scope);
        }

        public boolean isLiteral() {
            return compiled == null;
        }

        public String source() {
            return source;
        }
    }

    /** Lookups served by the identity front (not counted in {@link #stats()}). */
    public long frontHits() {
        return frontHits.sum();
    }

    public CacheStats stats() {
        return cache.stats();
    }

    /** Characters held by the template cache, as weighed for its bound. */
    public long cacheWeight() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
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

    /**
     * {@code render(value)}: a string rendered as a template in the caller's scope, then (when
     * {@code recursive}) its output again until it no longer changes, at most the render depth times and never
     * once the output carries a secret's value; a map's keys and values and a list's elements rendered the
     * same way; null stays null; anything else is returned as is.
     */
    Object renderValue(Object value, RenderScope scope, int line, boolean recursive, String callerSource) {
        if (value instanceof String s) {
            String out = renderNested(s, scope, line, callerSource);
            if (!recursive) {
                return out;
            }
            for (int pass = 1; !out.equals(s) && !isLiteral(out) && !scope.isSecretValue(out); pass++) {
                if (pass >= limits.maxRenderDepth()) {
                    throw new TemplateRenderException(Kind.RENDER_DEPTH, line, "render() at line " + line
                            + " still changed its value after " + pass + " passes (the limit); the last template was "
                            + shown(out, scope, null));
                }
                s = out;
                out = renderNested(s, scope, line, null);
            }
            return out;
        }
        RenderBudget budget = RenderBudget.current();
        if (value instanceof Map<?, ?> m) {
            budget.build(m.size());
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object key = e.getKey() instanceof String k ? renderValue(k, scope, line, recursive, callerSource) : e.getKey();
                out.putIfAbsent(key, renderValue(e.getValue(), scope, line, recursive, callerSource));
            }
            return out;
        }
        if (value instanceof Collection<?> c) {
            budget.build(c.size());
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(renderValue(o, scope, line, recursive, callerSource));
            }
            return out;
        }
        return value;
    }

    /**
     * A template given to {@code render()}, quoted (masked) when it is a variable's value, withheld when it was
     * computed while rendering: it may then be derived from a secret's value that masking cannot recognise.
     */
    private static String shown(String template, RenderScope scope, String callerSource) {
        return quotable(template, scope, callerSource) ? Ids.quote(scope.maskMessage(template))
                : "computed while rendering (not shown: it may be derived from a secret's value)";
    }

    /** Whether a template given to render() was written by someone: a variable's value, or in the caller's source. */
    private static boolean quotable(String template, RenderScope scope, String callerSource) {
        return (callerSource != null && callerSource.contains(template)) || scope.isVariableValue(template);
    }

    /**
     * Renders {@code template} for {@code render()}. {@code callerSource} is the source of the template that
     * called it (null when unknown); errors quote {@code template} only when it was written by someone, never
     * when it was computed while rendering (it may be derived from a secret's value that masking cannot
     * recognise).
     */
    String renderNested(String template, RenderScope scope, int line, String callerSource) {
        if (scope.renderDepth() >= limits.maxRenderDepth()) {
            throw new TemplateRenderException(Kind.RENDER_DEPTH, line, "render() nested more than "
                    + limits.maxRenderDepth() + " levels deep (at line " + line + "); the innermost template was "
                    + shown(template, scope, callerSource));
        }
        if (scope.isSecretValue(template)) {
            throw new TemplateRenderException(Kind.INVALID_ARGUMENT, line, "render() refuses a secret's value at line "
                    + line + ": a secret is data, never a template");
        }
        // a nested render costs a cache lookup (hashing the template) and a fresh Pebble context: weigh it so
        // that a fan-out of render() calls runs out of budget as fast as a loop does
        RenderBudget.current().step(RENDER_CALL_STEPS + template.length());
        if (!scope.enterRender(template)) {
            throw new TemplateRenderException(Kind.RENDER_CYCLE, line, "render() cycle at line " + line
                    + ": the template " + shown(template, scope, callerSource)
                    + " renders itself, directly or through other variables");
        }
        try {
            return render(template, scope);
        } catch (CascadeException e) {
            if (quotable(template, scope, callerSource)) {
                throw e;
            }
            Kind kind = e instanceof TemplateRenderException t ? t.kind() : Kind.EVALUATION;
            TemplateRenderException hidden = new TemplateRenderException(kind, line, "render() at line " + line
                    + " failed with " + e.getClass().getSimpleName() + " (" + kind + ") in a template computed while "
                    + "rendering; its message is not shown: it may quote a value derived from a secret");
            hidden.setStackTrace(e.getStackTrace());
            throw hidden;
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
            return pebble.getTemplate(RawBlocks.rewrite(template));
        } catch (PebbleException e) {
            throw translate(e, template, null, names);
        } catch (TemplateRenderException e) {
            throw e;
        } catch (NumberFormatException e) {
            throw new TemplateRenderException(Kind.SYNTAX, 0, "Template syntax error: a number literal does not fit a "
                    + "64-bit integer (at most " + Long.MAX_VALUE + "); template " + Ids.quote(template));
        } catch (RuntimeException e) {
            throw new TemplateRenderException(Kind.SYNTAX, 0, "Template syntax error: the template could not be "
                    + "parsed (" + e.getClass().getName() + "); template " + Ids.quote(template));
        } catch (StackOverflowError e) {
            throw new TemplateRenderException(Kind.TOO_DEEP, 0, "Template nested too deep to parse; template "
                    + Ids.quote(template));
        }
    }

    String renderPebble(PebbleTemplate compiled, String template, RenderScope scope) {
        RenderScope previous = current.get();
        current.set(scope);
        // one budget per top-level render; templates render() renders inside it share it
        RenderBudget outer = RenderBudget.active();
        if (outer == null) {
            RenderBudget.enter(new RenderBudget(maxOutput, limits.maxSteps()));
        }
        try {
            StringWriter out = new StringWriter(Math.min(Math.max(16, template.length() + 32), 8192));
            compiled.evaluate(out, scope.variables());
            return out.toString();
        } catch (PebbleException e) {
            CascadeException inner = cascadeCause(e);
            if (inner != null) {
                throw scope.masked(located(inner, template));
            }
            throw translate(e, template, scope, names);
        } catch (CascadeException e) {
            throw scope.masked(located(e, template));
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
        } catch (OutOfMemoryError e) {
            // the limits keep every value small; this is the host's heap running out around us
            throw new TemplateRenderException(Kind.OUTPUT_TOO_LARGE, 0, scope.maskMessage("Template evaluation ran out "
                    + "of memory; template " + Ids.quote(template)));
        } finally {
            current.set(previous);
            if (outer == null) {
                RenderBudget.exit(null);
            }
        }
    }

    /** A limit's error (raised where the template is not known) with the template named. */
    private static CascadeException located(CascadeException e, String template) {
        if (e instanceof TemplateRenderException t && t.line() == 0 && !t.getMessage().contains(" of template ")
                && !t.getMessage().contains("; template ") && (t.kind() == Kind.TOO_MUCH_WORK
                || t.kind() == Kind.OUTPUT_TOO_LARGE || t.kind() == Kind.TOO_DEEP)) {
            TemplateRenderException r = new TemplateRenderException(t.kind(), 0, t.getMessage() + "; template "
                    + Ids.quote(template));
            r.setStackTrace(t.getStackTrace());
            return r;
        }
        return e;
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

    private static TemplateRenderException translate(PebbleException e, String template, RenderScope scope,
                                                     KnownNames names) {
        TemplateRenderException unknown = names.unknown(e, template, scope);
        if (unknown != null) {
            return unknown;
        }
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
            if (kind == Kind.SYNTAX) {
                sb.append(KnownNames.unknownOperator(expression));
            }
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
                String v = evaluate(p[0], scope, engine.maxOutput);
                if (v == null || v.length() > engine.maxOutput) {
                    return slow(engine, scope);
                }
                return v;
            }
            // evaluate every part, then build the result in one exact-size copy
            String[] values = new String[p.length];
            int length = 0;
            for (int i = 0; i < p.length; i++) {
                String v = evaluate(p[i], scope, engine.maxOutput);
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

        private static String evaluate(Object part, RenderScope scope, int maxJson) {
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
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    try {
                        return JsonPrinter.toJson(value, maxJson, null); // printed as JSON, as Pebble's path does
                    } catch (JsonPrinter.TooLarge | TemplateRenderException e) {
                        return null; // let Pebble's path report it
                    }
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
}
