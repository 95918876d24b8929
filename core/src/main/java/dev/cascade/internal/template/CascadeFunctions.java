package dev.cascade.internal.template;

import dev.cascade.CascadeException;
import dev.cascade.template.TemplateRenderException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.NodeVisitorFactory;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.tokenParser.TokenParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pebble extension carrying Cascade's language: {@code secret()}, {@code render()}, {@code renderOnce()},
 * the refusals of removed tags, the {@code for} tag with {@code loop.*} ({@link LoopTag}), the {@code ??} and
 * {@code ???} operators, and JSON printing with per-body step counting ({@link PrintVisitor}). The functions
 * find the current {@link RenderScope} through the engine's thread-local. Thread-safe; not API.
 */
final class CascadeFunctions extends AbstractExtension {
    static final List<String> REMOVED_TAGS = List.of("include", "import", "extends", "embed", "from", "cache",
            "parallel", "flush", "autoescape");

    private final TemplateEngine engine;

    CascadeFunctions(TemplateEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<TokenParser> getTokenParsers() {
        List<TokenParser> parsers = new ArrayList<>();
        for (String tag : REMOVED_TAGS) {
            parsers.add(new RefusingTokenParser(tag));
        }
        parsers.add(new LoopTag());
        return parsers;
    }

    @Override
    public List<BinaryOperator> getBinaryOperators() {
        return BudgetedOperators.coalescing();
    }

    @Override
    public List<NodeVisitorFactory> getNodeVisitors() {
        return List.of(PrintVisitor.factory(true));
    }

    @Override
    public Map<String, Function> getFunctions() {
        return Map.of("secret", new SecretFunction(), "render", new RenderFunction(true),
                "renderOnce", new RenderFunction(false));
    }

    /** Whether {@code text} (an argument) is written in the template's source, so that a message may quote it. */
    private static boolean inSource(PebbleTemplate self, String text) {
        return text == null || (self != null && self.getName() != null && self.getName().contains(text));
    }

    private final class SecretFunction implements Function {
        @Override
        public List<String> getArgumentNames() {
            return List.of("key", "namespace", "subkey", "full");
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            Object key = args.get("key");
            if (!(key instanceof String k)) {
                throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, line,
                        "secret() needs the key as a string, for example secret('MY_KEY'); got "
                                + (key == null ? "no key" : "a " + key.getClass().getSimpleName()) + " at line " + line);
            }
            Object ns = args.get("namespace");
            Object subkey = args.get("subkey");
            if (ns != null && !(ns instanceof String)) {
                throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, line,
                        "secret('" + k + "', namespace=...) needs the namespace as a string, at line " + line);
            }
            if (subkey != null && !(subkey instanceof String)) {
                throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, line,
                        "secret('" + k + "', subkey=...) needs the subkey as a string, at line " + line);
            }
            Object full = args.get("full");
            if (full != null && !(full instanceof Boolean)) {
                throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, line,
                        "secret(..., full=...) needs true or false, at line " + line);
            }
            RenderScope scope = engine.currentScope();
            try {
                String value = scope.secret(k, (String) ns, (String) subkey);
                if (Boolean.TRUE.equals(full)) {
                    // Kestra's shape: the value and the store's extra fields (Cascade's stores keep none)
                    Map<String, Object> whole = new LinkedHashMap<>();
                    whole.put("value", value);
                    whole.put("metadata", new LinkedHashMap<>());
                    return whole;
                }
                return value;
            } catch (CascadeException e) {
                // the error names the key, namespace and subkey as given; when one of them was computed while
                // rendering (secret(secret('A') | upper)) it may be derived from a secret's value, which
                // masking cannot recognise: only arguments written in the template's source are quoted
                if (!inSource(self, k) || !inSource(self, (String) ns) || !inSource(self, (String) subkey)
                        || scope.isPartOfSecretValue(k) || scope.isPartOfSecretValue((String) ns)
                        || scope.isPartOfSecretValue((String) subkey)) {
                    throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, line,
                            "secret() failed with " + e.getClass().getSimpleName() + " at line " + line + "; the "
                                    + "message is not shown because an argument was computed while rendering and "
                                    + "may be derived from a secret's value");
                }
                throw e;
            }
        }
    }

    /** {@code render(value, recursive=true)} and {@code renderOnce(value)}. */
    private final class RenderFunction implements Function {
        private final boolean recursiveByDefault;

        RenderFunction(boolean recursiveByDefault) {
            this.recursiveByDefault = recursiveByDefault;
        }

        @Override
        public List<String> getArgumentNames() {
            return recursiveByDefault ? List.of("template", "recursive") : List.of("template");
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            Object template = args.get("template");
            Object recursive = args.get("recursive");
            if (recursive != null && !(recursive instanceof Boolean)) {
                throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, line,
                        "render(..., recursive=...) needs true or false, at line " + line);
            }
            if (template == null) {
                return null; // Kestra: nothing to render prints as nothing
            }
            boolean deep = recursive == null ? recursiveByDefault : (Boolean) recursive;
            return engine.renderValue(template, engine.currentScope(), line, deep, self == null ? null : self.getName());
        }
    }
}
