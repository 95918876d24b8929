package dev.cascade.internal.template;

import dev.cascade.CascadeException;
import dev.cascade.template.TemplateRenderException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.tokenParser.TokenParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Pebble extension carrying {@code secret()}, {@code render()} and the refusals of removed tags. The
 * functions find the current {@link RenderScope} through the engine's thread-local. Thread-safe; not API.
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
        return parsers;
    }

    @Override
    public Map<String, Function> getFunctions() {
        return Map.of("secret", new SecretFunction(), "render", new RenderFunction());
    }

    private final class SecretFunction implements Function {
        @Override
        public List<String> getArgumentNames() {
            return List.of("key", "namespace", "subkey");
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
            RenderScope scope = engine.currentScope();
            try {
                return scope.secret(k, (String) ns, (String) subkey);
            } catch (CascadeException e) {
                // the error names the key, namespace and subkey as given; when one of them is a part of a
                // secret's value (secret(secret('A') | split(',') | first)), masking cannot hide it
                if (scope.isPartOfSecretValue(k) || scope.isPartOfSecretValue((String) ns)
                        || scope.isPartOfSecretValue((String) subkey)) {
                    throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, line,
                            "secret() failed with " + e.getClass().getSimpleName() + " at line " + line + "; the "
                                    + "message is not shown because an argument is part of a secret's value");
                }
                throw e;
            }
        }
    }

    private final class RenderFunction implements Function {
        @Override
        public List<String> getArgumentNames() {
            return List.of("template");
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            Object template = args.get("template");
            if (template == null) {
                throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, line,
                        "render() got no value to render (the argument is null) at line " + line);
            }
            if (!(template instanceof String s)) {
                return template;
            }
            return engine.renderNested(s, engine.currentScope(), line);
        }
    }
}
