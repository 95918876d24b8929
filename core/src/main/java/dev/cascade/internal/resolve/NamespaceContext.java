package dev.cascade.internal.resolve;

import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.internal.resolve.DefaultsMerger.TypeDefaults;
import dev.cascade.internal.template.RenderScope;
import dev.cascade.namespace.Namespace;
import dev.cascade.resolve.EffectiveNamespace;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A cached effective namespace with what the resolver precomputes from it: the existing chain closest
 * first (for secret lookups) and the merged plugin defaults per task type (global + namespace levels).
 * Thread-safe. Not API.
 */
public final class NamespaceContext {
    private static final int MAX_TYPES = 4096;

    private final EffectiveNamespace effective;
    private final List<Namespace> closestFirst;
    private final List<DefaultsLevel> levels;
    private final ListMerge listMerge;
    private final long loadGeneration;
    private final long loadedAt;
    /** Per-context objects every render needs, made once (benign race: any thread may make them). */
    private volatile RenderScope.SecretSource secretSource;
    private volatile TemplateVariables variablesWithoutHost;
    /** Created on first use: most cached namespaces never need it (100,000 of them should stay small). */
    private volatile ConcurrentHashMap<String, TypeDefaults> byType;
    /** Created on first use: most cached namespaces never need it (100,000 of them should stay small). */
    private volatile ConcurrentHashMap<String, SecretMemo> secretMemo;
    /** Created on first use: most cached namespaces never need it (100,000 of them should stay small). */
    private volatile ConcurrentHashMap<FlowKey, TypeDefaults> byFlowType;

    /** A flow's rules (compared by content) and a task type. */
    private record FlowKey(List<PluginDefault> flowRules, String type) {
    }

    /**
     * Where {@code secret('KEY')} (no {@code namespace=}) was last found from this namespace: the namespace that
     * holds it and its value, trusted while the secret cache's epoch is {@code epoch} and its clock is before
     * {@code validUntil} (the moment the first of the cached answers it came from is due for refresh).
     */
    public record SecretMemo(Namespace namespace, SecretKey key,
                             SecretValue value, long epoch, long validUntil) {
    }

    /**
     * @param loadedAt  when it was loaded, by the resolver's ticker
     * @param listMerge how the defaults merge lists
     */
    public NamespaceContext(EffectiveNamespace effective, DefaultsLevel global, long loadGeneration, long loadedAt,
                            ListMerge listMerge) {
        this.loadedAt = loadedAt;
        this.listMerge = listMerge;
        this.effective = effective;
        List<Namespace> reversed = new ArrayList<>(effective.existingChain());
        Collections.reverse(reversed);
        this.closestFirst = List.copyOf(reversed);
        List<DefaultsLevel> all = new ArrayList<>();
        if (global != null) {
            all.add(global);
        }
        all.addAll(effective.pluginDefaults().levels());
        this.levels = List.copyOf(all);
        this.loadGeneration = loadGeneration;
    }

    public EffectiveNamespace effective() {
        return effective;
    }

    /** Existing namespaces of the chain, closest first. */
    public List<Namespace> closestFirst() {
        return closestFirst;
    }

    /** The secret source renders in this namespace use, made by {@code make} on first use. */
    public RenderScope.SecretSource secretSource(
            Function<NamespaceContext, RenderScope.SecretSource> make) {
        RenderScope.SecretSource s = secretSource;
        if (s == null) {
            s = make.apply(this);
            secretSource = s;
        }
        return s;
    }

    /** The template variables for a render without host variables (an immutable view, shared). */
    TemplateVariables variablesWithoutHost() {
        TemplateVariables v = variablesWithoutHost;
        if (v == null) {
            v = new TemplateVariables(effective.variables(), Map.of());
            variablesWithoutHost = v;
        }
        return v;
    }

    /** When it was loaded (the resolver's ticker, nanoseconds). */
    public long loadedAt() {
        return loadedAt;
    }

    public long loadGeneration() {
        return loadGeneration;
    }

    private ConcurrentHashMap<String, TypeDefaults> byTypeMap() {
        ConcurrentHashMap<String, TypeDefaults> m = byType;
        if (m == null) {
            synchronized (this) {
                m = byType;
                if (m == null) {
                    byType = m = new ConcurrentHashMap<>();
                }
            }
        }
        return m;
    }

    private ConcurrentHashMap<String, SecretMemo> secretMemoMap() {
        ConcurrentHashMap<String, SecretMemo> m = secretMemo;
        if (m == null) {
            synchronized (this) {
                m = secretMemo;
                if (m == null) {
                    secretMemo = m = new ConcurrentHashMap<>();
                }
            }
        }
        return m;
    }

    private ConcurrentHashMap<FlowKey, TypeDefaults> byFlowTypeMap() {
        ConcurrentHashMap<FlowKey, TypeDefaults> m = byFlowType;
        if (m == null) {
            synchronized (this) {
                m = byFlowType;
                if (m == null) {
                    byFlowType = m = new ConcurrentHashMap<>();
                }
            }
        }
        return m;
    }

    /** The remembered lookup of {@code key}, or null. */
    public SecretMemo secretMemo(String key) {
        ConcurrentHashMap<String, SecretMemo> m = secretMemo;
        return m == null ? null : m.get(key);
    }

    /** Remembers a lookup (bounded: beyond {@link #MAX_TYPES} keys nothing more is remembered). */
    public void rememberSecret(String key, SecretMemo memo) {
        ConcurrentHashMap<String, SecretMemo> m = secretMemoMap();
        if (m.size() < MAX_TYPES || m.containsKey(key)) {
            m.put(key, memo);
        }
    }

    /**
     * Merged global, namespace and flow defaults for a task type, computed once per (flow rules, type): hosts
     * resolve the tasks of the same flow again and again. {@code flow} must be the level built from
     * {@code flowRules} (already validated).
     */
    public TypeDefaults forType(String type, List<PluginDefault> flowRules, DefaultsLevel flow) {
        ConcurrentHashMap<FlowKey, TypeDefaults> m = byFlowType;
        TypeDefaults d = m == null ? null : m.get(new FlowKey(flowRules, type));
        if (d == null) {
            d = forType(type).withFlow(flow, type);
            m = byFlowTypeMap();
            if (m.size() < MAX_TYPES) {
                m.putIfAbsent(new FlowKey(List.copyOf(flowRules), type), d);
            }
        }
        return d;
    }

    /**
     * The defaults source for tasks of a flow: {@link #forType(String, List, DefaultsLevel)} behind a
     * one-entry front keyed by the identity of an unmodifiable rules list (the resolver passes {@code flow}
     * built from {@code flowRules}; an unmodifiable list of immutable rules cannot change content), so a
     * flow's tasks skip hashing the rules by content. The front lives in this context, which is dropped on
     * invalidation like everything else derived from the namespace.
     */
    public DefaultsMerger.DefaultsSource flowSource(List<PluginDefault> flowRules, DefaultsLevel flow) {
        if (flow.rules() != flowRules) {
            return type -> forType(type, flowRules, flow); // a modifiable list: compare by content every time
        }
        FlowSource s = flowFront;
        if (s != null && s.rules == flowRules) {
            return s;
        }
        s = new FlowSource(flowRules, flow);
        flowFront = s;
        return s;
    }

    private volatile FlowSource flowFront;

    /** The defaults of one (unmodifiable) flow-rules list, remembering the last task type asked for. */
    private final class FlowSource implements DefaultsMerger.DefaultsSource {
        final List<PluginDefault> rules;
        final DefaultsLevel flow;
        private volatile TypeEntry last;

        FlowSource(List<PluginDefault> rules, DefaultsLevel flow) {
            this.rules = rules;
            this.flow = flow;
        }

        @Override
        public TypeDefaults forType(String type) {
            TypeEntry e = last;
            if (e != null && e.type.equals(type)) {
                return e.defaults;
            }
            TypeDefaults d = NamespaceContext.this.forType(type, rules, flow);
            last = new TypeEntry(type, d);
            return d;
        }
    }

    private record TypeEntry(String type, TypeDefaults defaults) { }

    /** Merged global and namespace defaults for a task type, computed once per type. */
    public TypeDefaults forType(String type) {
        ConcurrentHashMap<String, TypeDefaults> m = byType;
        TypeDefaults d = m == null ? null : m.get(type);
        if (d == null) {
            d = DefaultsMerger.compile(levels, type, listMerge);
            m = byTypeMap();
            if (m.size() < MAX_TYPES) {
                m.putIfAbsent(type, d);
            }
        }
        return d;
    }
}
