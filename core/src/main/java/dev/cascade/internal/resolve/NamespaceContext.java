package dev.cascade.internal.resolve;

import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.internal.resolve.DefaultsMerger.TypeDefaults;
import dev.cascade.namespace.Namespace;
import dev.cascade.resolve.EffectiveNamespace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

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
    private final long loadGeneration;
    private final long loadedAt;
    private final ConcurrentHashMap<String, TypeDefaults> byType = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SecretMemo> secretMemo = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FlowKey, TypeDefaults> byFlowType = new ConcurrentHashMap<>();

    /** A flow's rules (compared by content) and a task type. */
    private record FlowKey(List<dev.cascade.defaults.PluginDefault> flowRules, String type) {
    }

    /**
     * Where {@code secret('KEY')} (no {@code namespace=}) was last found from this namespace: the namespace that
     * holds it and its value, trusted while the secret cache's epoch is {@code epoch} and its clock is before
     * {@code validUntil} (the moment the first of the cached answers it came from is due for refresh).
     */
    public record SecretMemo(Namespace namespace, dev.cascade.secret.SecretKey key,
                             dev.cascade.secret.SecretValue value, long epoch, long validUntil) {
    }

    public NamespaceContext(EffectiveNamespace effective, DefaultsLevel global, long loadGeneration) {
        this(effective, global, loadGeneration, 0);
    }

    /** @param loadedAt when it was loaded, by the resolver's ticker */
    public NamespaceContext(EffectiveNamespace effective, DefaultsLevel global, long loadGeneration, long loadedAt) {
        this.loadedAt = loadedAt;
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

    /** When it was loaded (the resolver's ticker, nanoseconds). */
    public long loadedAt() {
        return loadedAt;
    }

    public long loadGeneration() {
        return loadGeneration;
    }

    /** The remembered lookup of {@code key}, or null. */
    public SecretMemo secretMemo(String key) {
        return secretMemo.get(key);
    }

    /** Remembers a lookup (bounded: beyond {@link #MAX_TYPES} keys nothing more is remembered). */
    public void rememberSecret(String key, SecretMemo memo) {
        if (secretMemo.size() < MAX_TYPES || secretMemo.containsKey(key)) {
            secretMemo.put(key, memo);
        }
    }

    /**
     * Merged global, namespace and flow defaults for a task type, computed once per (flow rules, type): hosts
     * resolve the tasks of the same flow again and again. {@code flow} must be the level built from
     * {@code flowRules} (already validated).
     */
    public TypeDefaults forType(String type, List<dev.cascade.defaults.PluginDefault> flowRules, DefaultsLevel flow) {
        TypeDefaults d = byFlowType.get(new FlowKey(flowRules, type));
        if (d == null) {
            d = forType(type).withFlow(flow, type);
            if (byFlowType.size() < MAX_TYPES) {
                byFlowType.putIfAbsent(new FlowKey(List.copyOf(flowRules), type), d);
            }
        }
        return d;
    }

    /** Merged global and namespace defaults for a task type, computed once per type. */
    public TypeDefaults forType(String type) {
        TypeDefaults d = byType.get(type);
        if (d == null) {
            d = DefaultsMerger.compile(levels, type);
            if (byType.size() < MAX_TYPES) {
                byType.putIfAbsent(type, d);
            }
        }
        return d;
    }
}
