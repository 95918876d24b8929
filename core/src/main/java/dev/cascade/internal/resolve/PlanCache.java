package dev.cascade.internal.resolve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plans {@code resolveTask} reuses, per (effective namespace, flow rules, task content). Keyed safely: a
 * plan is used only while the host's task still equals, key order included, the snapshot the plan was built
 * from, and while its flow rules still equal theirs, so a host that mutates its maps between calls gets a plan
 * for what it passes now. Two levels:
 * <ol>
 *   <li>a direct-mapped front by the identity of the task map (a host passing the same map again): one
 *       order-sensitive comparison of the task with the snapshot, no hashing;</li>
 *   <li>a bounded Caffeine cache keyed by content (a host that builds an equal map per call): one hash of the
 *       task, then the same comparison.</li>
 * </ol>
 * A plan belongs to one {@link NamespaceContext}: when the resolver serves a new context (a write, an expiry),
 * old plans no longer match and age out; invalidations also drop them at once. Thread-safe. Not API.
 */
public final class PlanCache {
    private static final int FRONT_SLOTS = 512;

    /** A plan and the snapshots it was built from. */
    private record Stored(TaskPlan plan, Object taskSnapshot, List<PluginDefault> flowRules) { }

    private record FrontEntry(Map<String, Object> task, List<PluginDefault> flowRef, Stored stored) { }

    /** Content key; a probe holds the host's live task, a stored key its snapshot. */
    private static final class Key {
        final NamespaceContext context;
        final List<PluginDefault> flowRules;
        final Object task;
        final int hash;

        Key(NamespaceContext context, List<PluginDefault> flowRules, Object task, int hash) {
            this.context = context;
            this.flowRules = flowRules;
            this.task = task;
            this.hash = hash;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.context == context && k.flowRules.equals(flowRules)
                    && TaskSnapshot.same(k.task, task);
        }
    }

    /** Builds the plan of a task snapshot under a context and flow rules (called on a miss only). */
    @FunctionalInterface
    public interface PlanBuilder {
        TaskPlan build(NamespaceContext context, Map<String, Object> snapshot, List<PluginDefault> flowRules);
    }

    /** The content hash of the last unmodifiable flow-rules list (immutable records: the hash cannot change). */
    private record FlowHash(List<PluginDefault> rules, int hash) { }

    private volatile FlowHash lastFlow;
    private final AtomicReferenceArray<FrontEntry> front = new AtomicReferenceArray<>(FRONT_SLOTS);
    private final Cache<Key, Stored> plans;
    private final LongAdder frontHits = new LongAdder();

    public PlanCache(long maximumSize) {
        this.plans = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).recordStats().build();
    }

    /**
     * The plan for {@code task} under {@code context} and {@code flowRules} (the validated, unmodifiable list the
     * host passed, or an empty list), built by {@code build} from a snapshot of the task on a miss.
     */
    public TaskPlan get(NamespaceContext context, Map<String, Object> task, List<PluginDefault> flowRules,
                        PlanBuilder build) {
        int slot = (System.identityHashCode(task) * 31 + System.identityHashCode(context)) & (FRONT_SLOTS - 1);
        FrontEntry e = front.getAcquire(slot);
        if (e != null && e.task == task && e.stored.plan.context() == context && sameFlow(e, flowRules)
                && TaskSnapshot.same(task, e.stored.taskSnapshot)) {
            frontHits.increment();
            return e.stored.plan;
        }
        int hash = (System.identityHashCode(context) * 31 + flowHash(flowRules)) * 31 + TaskSnapshot.hash(task);
        Stored stored = plans.getIfPresent(new Key(context, flowRules, task, hash));
        if (stored == null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> snapshot = (Map<String, Object>) TaskSnapshot.copy(task);
            List<PluginDefault> flowCopy = List.copyOf(flowRules);
            stored = new Stored(build.build(context, snapshot, flowCopy), snapshot, flowCopy);
            plans.put(new Key(context, flowCopy, snapshot, hash), stored);
        }
        front.setRelease(slot, new FrontEntry(task, flowRules, stored));
        return stored.plan;
    }

    private int flowHash(List<PluginDefault> rules) {
        FlowHash f = lastFlow;
        if (f != null && f.rules == rules) {
            return f.hash;
        }
        int h = rules.hashCode();
        if (List.copyOf(rules) == rules) { // unmodifiable (copyOf returns it as is, allocating nothing)
            lastFlow = new FlowHash(rules, h);
        }
        return h;
    }

    private static boolean sameFlow(FrontEntry e, List<PluginDefault> flowRules) {
        // an unmodifiable list is its own snapshot (List.copyOf returns it): no comparison needed
        return e.flowRef == flowRules && (e.stored.flowRules == flowRules || e.stored.flowRules.equals(flowRules));
    }

    /** Drops the plans of {@code namespace}'s subtree (a write there). */
    public void invalidateSubtree(TenantId tenant, NamespaceId namespace) {
        plans.asMap().keySet().removeIf(k -> k.context.effective().tenant().equals(tenant)
                && namespace.isAncestorOrSelfOf(k.context.effective().id()));
    }

    public void invalidateAll() {
        plans.invalidateAll();
    }

    /** Counters of the content-keyed cache (its hits exclude {@link #frontHits()}; its misses built a plan). */
    public CacheStats stats() {
        return plans.stats();
    }

    /** Lookups served by the identity front. */
    public long frontHits() {
        return frontHits.sum();
    }

    public long size() {
        return plans.estimatedSize();
    }
}
