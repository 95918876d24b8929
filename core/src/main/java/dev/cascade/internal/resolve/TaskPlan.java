package dev.cascade.internal.resolve;

import dev.cascade.defaults.PropertySource;
import dev.cascade.internal.resolve.FrozenTree.FrozenList;
import dev.cascade.internal.resolve.FrozenTree.FrozenMap;
import dev.cascade.internal.template.RenderScope;
import dev.cascade.internal.template.TemplateEngine;
import dev.cascade.template.TemplateRenderException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A task with its plugin defaults applied, precomputed for one effective namespace ({@link #context}) and one
 * set of flow rules: the merged tree with every templated string compiled into a slot. Subtrees without a slot
 * are frozen once and shared by every result; a resolution copies only the arrays on the way to a slot and
 * renders the slots. The explain view depends on the tree's shape only, so it is computed once.
 * Immutable and thread-safe. Not API.
 */
public final class TaskPlan {
    private static final int INDEXED_MAP_SIZE = 12;

    private final NamespaceContext context;
    private final Object root;
    private final Map<String, PropertySource> explain;

    private TaskPlan(NamespaceContext context, Object root, Map<String, PropertySource> explain) {
        this.context = context;
        this.root = root;
        this.explain = explain;
    }

    /** Applies {@code source}'s defaults to {@code task} and compiles every template. */
    public static TaskPlan build(NamespaceContext context, Map<String, Object> task, DefaultsMerger.DefaultsSource source,
                                 TemplateEngine engine) {
        DefaultsMerger.Applied applied = DefaultsMerger.apply(task, source);
        Object root = node(applied.tree(), engine, "");
        return new TaskPlan(context, root, applied.explain());
    }

    /** The effective namespace the plan was built for: it stays valid while the resolver still serves it. */
    public NamespaceContext context() {
        return context;
    }

    public Map<String, PropertySource> explain() {
        return explain;
    }

    /** A fresh resolved tree: the frozen parts shared, the slots rendered in {@code scope}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> render(RenderScope scope) {
        return (Map<String, Object>) materialize(root, scope);
    }

    private static Object materialize(Object node, RenderScope scope) {
        if (node instanceof Slot slot) {
            return slot.render(scope);
        }
        if (node instanceof MapNode m) {
            Object[] values = m.values.clone();
            for (int i : m.dynamic) {
                values[i] = materialize(values[i], scope);
            }
            return new FrozenMap(m.keys, m.index, values);
        }
        if (node instanceof ListNode l) {
            Object[] values = l.values.clone();
            for (int i : l.dynamic) {
                values[i] = materialize(values[i], scope);
            }
            return new FrozenList(values);
        }
        return node; // frozen
    }

    /** A map with slots below it: shared keys, values (frozen, or nodes), and which positions hold nodes. */
    private record MapNode(String[] keys, Map<String, Integer> index, Object[] values, int[] dynamic) { }

    private record ListNode(Object[] values, int[] dynamic) { }

    /**
     * A templated string and the property path its errors name. A template that does not compile fails when its
     * slot is rendered, so errors come in the same order as a walk of the tree would meet them.
     */
    private record Slot(TemplateEngine.Prepared template, String path, TemplateRenderException compileError) {
        String render(RenderScope scope) {
            if (compileError != null) {
                throw prefixed(compileError, path);
            }
            try {
                return template.render(scope);
            } catch (TemplateRenderException e) {
                throw prefixed(e, path);
            }
        }
    }

    private static TemplateRenderException prefixed(TemplateRenderException e, String path) {
        return new TemplateRenderException(e.kind(), e.line(), "Property '" + path + "': " + e.getMessage());
    }

    private static boolean isDynamic(Object node) {
        return node instanceof Slot || node instanceof MapNode || node instanceof ListNode;
    }

    @SuppressWarnings("unchecked")
    private static Object node(Object value, TemplateEngine engine, String path) {
        if (value instanceof String s) {
            if (TemplateEngine.isLiteral(s)) {
                return s;
            }
            try {
                return new Slot(engine.prepare(s), path, null);
            } catch (TemplateRenderException e) {
                return new Slot(null, path, e);
            }
        }
        if (value instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            String[] keys = new String[map.size()];
            Object[] values = new Object[map.size()];
            List<Integer> dynamic = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                keys[i] = e.getKey();
                values[i] = node(e.getValue(), engine, path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                if (isDynamic(values[i])) {
                    dynamic.add(i);
                }
                i++;
            }
            Map<String, Integer> index = null;
            if (keys.length > INDEXED_MAP_SIZE) {
                index = new HashMap<>();
                for (int k = 0; k < keys.length; k++) {
                    index.put(keys[k], k);
                }
            }
            if (dynamic.isEmpty()) {
                return new FrozenMap(keys, index, values);
            }
            return new MapNode(keys, index, values, dynamic.stream().mapToInt(Integer::intValue).toArray());
        }
        if (value instanceof List<?> list) {
            Object[] values = new Object[list.size()];
            List<Integer> dynamic = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                values[i] = node(list.get(i), engine, path + "[" + i + "]");
                if (isDynamic(values[i])) {
                    dynamic.add(i);
                }
            }
            if (dynamic.isEmpty()) {
                return new FrozenList(values);
            }
            return new ListNode(values, dynamic.stream().mapToInt(Integer::intValue).toArray());
        }
        return value;
    }
}
