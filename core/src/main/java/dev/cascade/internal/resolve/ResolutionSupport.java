package dev.cascade.internal.resolve;

import dev.cascade.internal.template.RenderScope;
import dev.cascade.internal.template.TemplateEngine;
import dev.cascade.template.TemplateRenderException;

import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

/** Glue between the resolver and the template engine. Stateless and thread-safe. Not API. */
public final class ResolutionSupport {
    private ResolutionSupport() {
    }

    public static RenderScope scope(NamespaceContext ctx, Map<String, Object> host, RenderScope.SecretSource secrets,
                                    int maskMinLength) {
        TemplateVariables variables = host.isEmpty() ? ctx.variablesWithoutHost()
                : new TemplateVariables(ctx.effective().variables(), host);
        return new RenderScope(variables, secrets, maskMinLength);
    }

    /**
     * Renders every string of a tree this resolution owns, in place, and returns it unmodifiable. A failing
     * template is reported with its property path.
     */
    public static Map<String, Object> renderTree(DefaultsMerger.Applied applied, TemplateEngine engine, RenderScope scope) {
        Map<String, Object> tree = applied.tree();
        renderMap(tree, engine, scope, null, applied);
        Map<String, Object> frozen = Collections.unmodifiableMap(tree);
        applied.replaced(tree, frozen);
        return frozen;
    }

    @SuppressWarnings("unchecked")
    private static void renderMap(Map<String, Object> map, TemplateEngine engine, RenderScope scope, Path path,
                                  DefaultsMerger.Applied applied) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                String rendered = render(s, engine, scope, path, e.getKey());
                if (rendered != s) {
                    e.setValue(rendered);
                }
            } else if (v instanceof Map<?, ?> m) {
                renderMap((Map<String, Object>) m, engine, scope, new Path(path, e.getKey(), -1), applied);
                Map<String, Object> frozen = Collections.unmodifiableMap((Map<String, Object>) m);
                applied.replaced(m, frozen);
                e.setValue(frozen);
            } else if (v instanceof List<?> l) {
                renderList((List<Object>) l, engine, scope, new Path(path, e.getKey(), -1), applied);
                e.setValue(Collections.unmodifiableList(l));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void renderList(List<Object> list, TemplateEngine engine, RenderScope scope, Path path,
                                   DefaultsMerger.Applied applied) {
        for (ListIterator<Object> it = list.listIterator(); it.hasNext(); ) {
            int i = it.nextIndex();
            Object v = it.next();
            if (v instanceof String s) {
                String rendered = render(s, engine, scope, new Path(path, null, i), null);
                if (rendered != s) {
                    it.set(rendered);
                }
            } else if (v instanceof Map<?, ?> m) {
                renderMap((Map<String, Object>) m, engine, scope, new Path(path, null, i), applied);
                Map<String, Object> frozen = Collections.unmodifiableMap((Map<String, Object>) m);
                applied.replaced(m, frozen);
                it.set(frozen);
            } else if (v instanceof List<?> l) {
                renderList((List<Object>) l, engine, scope, new Path(path, null, i), applied);
                it.set(Collections.unmodifiableList(l));
            }
        }
    }

    /** A property path, built only into a string when an error needs it. */
    private record Path(Path parent, String key, int index) {
        @Override
        public String toString() {
            String prefix = parent == null ? "" : parent.toString();
            return key != null ? (prefix.isEmpty() ? key : prefix + "." + key) : prefix + "[" + index + "]";
        }
    }

    private static String render(String s, TemplateEngine engine, RenderScope scope, Path path, String key) {
        if (TemplateEngine.isLiteral(s)) {
            return s;
        }
        try {
            return engine.render(s, scope);
        } catch (TemplateRenderException e) {
            String property = (key == null ? path : new Path(path, key, -1)).toString();
            throw new TemplateRenderException(e.kind(), e.line(), "Property '" + property + "': " + e.getMessage());
        }
    }
}
