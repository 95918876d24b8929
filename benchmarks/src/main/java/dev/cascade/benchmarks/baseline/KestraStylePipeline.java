package dev.cascade.benchmarks.baseline;

import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Baseline: a whole-task resolution pipeline modelled on Kestra's documented behaviour, for comparison
 * with Cascade's resolver. Per task:
 * <ol>
 *   <li>deep-copy the task, then for every level's matching plugin defaults deep-copy the values and
 *       deep-merge them under the task (maps merge, <b>lists are concatenated</b> as Kestra's merge does,
 *       the task's scalars win);</li>
 *   <li>render every string of the result through {@link KestraStyleRenderer};</li>
 *   <li>{@code secret('KEY')} asks the secret store on every call, climbing the namespace chain, with no
 *       cache.</li>
 * </ol>
 * Written from documented behaviour; no code copied. Thread-safe.
 */
public final class KestraStylePipeline {
    private final KestraStyleRenderer renderer;
    private final SecretStore store;
    private final TenantId tenant;

    public KestraStylePipeline(SecretStore store, TenantId tenant) {
        this.store = store;
        this.tenant = tenant;
        this.renderer = new KestraStyleRenderer(new SecretExtension());
    }

    /**
     * @param levels plugin-defaults levels, lowest precedence first (global, namespaces root to leaf, flow)
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> resolve(Map<String, Object> task, List<List<PluginDefault>> levels,
                                       Map<String, Object> context) {
        Map<String, Object> merged = (Map<String, Object>) deepCopy(task);
        String type = (String) task.get("type");
        // closest level first: each level fills what the task and closer levels left unset
        for (int i = levels.size() - 1; i >= 0; i--) {
            for (PluginDefault rule : levels.get(i)) {
                if (type != null && rule.matches(type)) {
                    merged = mergeUnder(merged, (Map<String, Object>) deepCopy(rule.values()));
                }
            }
        }
        return (Map<String, Object>) renderAll(merged, context);
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> copy.put(k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }

    /** Kestra-style merge: the task wins on scalars, maps merge recursively, lists are concatenated. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeUnder(Map<String, Object> task, Map<String, Object> defaults) {
        Map<String, Object> result = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, Object> e : task.entrySet()) {
            Object d = result.get(e.getKey());
            Object t = e.getValue();
            if (d instanceof Map<?, ?> dm && t instanceof Map<?, ?> tm) {
                result.put(e.getKey(), mergeUnder((Map<String, Object>) tm, (Map<String, Object>) dm));
            } else if (d instanceof List<?> dl && t instanceof List<?> tl) {
                List<Object> both = new ArrayList<>(dl);
                both.addAll(tl);
                result.put(e.getKey(), both);
            } else if (t != null) {
                result.put(e.getKey(), t);
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private Object renderAll(Object value, Map<String, Object> context) {
        if (value instanceof String s) {
            return renderer.render(s, context);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, renderAll(v, context)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(renderAll(v, context)));
            return out;
        }
        return value;
    }

    /** {@code secret('KEY')}: reads the store on every call, closest namespace first. */
    private final class SecretExtension extends AbstractExtension {
        @Override
        public Map<String, Function> getFunctions() {
            return Map.of("secret", new Function() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of("key");
                }

                @Override
                public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                                      int lineNumber) {
                    SecretKey key = SecretKey.of((String) args.get("key"));
                    Map<String, Object> flow = (Map<String, Object>) context.getVariable("flow");
                    List<NamespaceId> chain = NamespaceId.of((String) flow.get("namespace")).ancestors();
                    for (int i = chain.size() - 1; i >= 0; i--) {
                        Optional<SecretValue> v = store.get(tenant, chain.get(i), key);
                        if (v.isPresent()) {
                            return v.get().reveal();
                        }
                    }
                    throw new IllegalStateException("secret " + key + " not found");
                }
            });
        }
    }
}
