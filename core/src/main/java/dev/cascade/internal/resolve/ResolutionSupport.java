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
        return new RenderScope(new TemplateVariables(ctx.effective().variables(), host), secrets, maskMinLength);
    }

    /**
     * Renders every string of a tree this resolution owns, in place, and returns it unmodifiable. A failing
     * template is reported with its property path.
     */
    public static Map<String, Object> renderTree(Map<String, Object> tree, TemplateEngine engine, RenderScope scope) {
        renderMap(tree, engine, scope, "");
        return Collections.unmodifiableMap(tree);
    }

    @SuppressWarnings("unchecked")
    private static void renderMap(Map<String, Object> map, TemplateEngine engine, RenderScope scope, String path) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                String rendered = render(s, engine, scope, path, e.getKey());
                if (rendered != s) {
                    e.setValue(rendered);
                }
            } else if (v instanceof Map<?, ?> m) {
                renderMap((Map<String, Object>) m, engine, scope, path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                e.setValue(Collections.unmodifiableMap((Map<String, Object>) m));
            } else if (v instanceof List<?> l) {
                renderList((List<Object>) l, engine, scope, path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                e.setValue(Collections.unmodifiableList(l));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void renderList(List<Object> list, TemplateEngine engine, RenderScope scope, String path) {
        for (ListIterator<Object> it = list.listIterator(); it.hasNext(); ) {
            int i = it.nextIndex();
            Object v = it.next();
            if (v instanceof String s) {
                String rendered = render(s, engine, scope, path + "[" + i + "]", null);
                if (rendered != s) {
                    it.set(rendered);
                }
            } else if (v instanceof Map<?, ?> m) {
                renderMap((Map<String, Object>) m, engine, scope, path + "[" + i + "]");
                it.set(Collections.unmodifiableMap((Map<String, Object>) m));
            } else if (v instanceof List<?> l) {
                renderList((List<Object>) l, engine, scope, path + "[" + i + "]");
                it.set(Collections.unmodifiableList(l));
            }
        }
    }

    private static String render(String s, TemplateEngine engine, RenderScope scope, String path, String key) {
        if (TemplateEngine.isLiteral(s)) {
            return s;
        }
        try {
            return engine.render(s, scope);
        } catch (TemplateRenderException e) {
            String property = key == null ? path : path.isEmpty() ? key : path + "." + key;
            throw new TemplateRenderException(e.kind(), e.line(), "Property '" + property + "': " + e.getMessage());
        }
    }
}
