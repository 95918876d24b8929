package dev.cascade.benchmarks;

import dev.cascade.backend.InMemoryStorage;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.resolve.Resolver;
import dev.cascade.resolve.ResolverCacheConfig;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scenario 9: 100,000 namespaces ({@code org.teamNNN.flowNN}, 1,000 teams × 100) with 20 variables each,
 * every effective namespace resolved and held in the resolver's cache (sized to keep them all). Reports
 * the used heap after {@code System.gc()} (MemoryMXBean) before and after resolving: the difference is what
 * the resolver's cache retains; the storage's own copy is reported separately. Run it in its own JVM:
 * {@code java -cp benchmarks.jar dev.cascade.benchmarks.HeapFootprint}; prints one {@code key=value} line
 * per figure. Single-threaded.
 */
public final class HeapFootprint {
    public static final int TEAMS = 1_000;
    public static final int PER_TEAM = 100;
    public static final int VARIABLES = 20;

    private HeapFootprint() {
    }

    public static void main(String[] args) {
        long empty = usedAfterGc();
        InMemoryStorage storage = new InMemoryStorage();
        Scenarios.create(storage, "org");
        NamespaceId[] leaves = new NamespaceId[TEAMS * PER_TEAM];
        int n = 0;
        for (int t = 0; t < TEAMS; t++) {
            String team = "org.team" + t;
            Scenarios.create(storage, team);
            for (int f = 0; f < PER_TEAM; f++) {
                NamespaceId id = NamespaceId.of(team + ".flow" + f);
                storage.namespaces().create(Scenarios.TENANT, id, NamespaceProperties.EMPTY);
                Map<String, Object> vars = new LinkedHashMap<>();
                for (int v = 0; v < VARIABLES; v++) {
                    vars.put("var" + v, "value-" + t + "-" + f + "-" + v);
                }
                storage.variables().put(Scenarios.TENANT, id, vars, 0);
                leaves[n++] = id;
            }
        }
        long withStorage = usedAfterGc();
        Resolver resolver = Resolver.builder().storage(storage).cacheConfig(ResolverCacheConfig.builder()
                .namespaceCacheSize(2L * leaves.length).build()).build();
        long checksum = 0;
        for (NamespaceId id : leaves) {
            checksum += resolver.effectiveNamespace(Scenarios.TENANT, id).variables().size();
        }
        if (checksum != (long) leaves.length * VARIABLES) {
            throw new IllegalStateException("expected " + VARIABLES + " variables per namespace, got " + checksum);
        }
        long cached = resolver.stats().namespaces().size();
        long withCache = usedAfterGc();
        // keep everything reachable until the measurement is taken
        System.out.println("namespaces=" + leaves.length);
        System.out.println("variablesPerNamespace=" + VARIABLES);
        System.out.println("cachedEntries=" + cached);
        System.out.println("storageBytes=" + (withStorage - empty));
        System.out.println("resolverCacheBytes=" + (withCache - withStorage));
        System.out.println("totalBytes=" + (withCache - empty));
        if (resolver.effectiveNamespace(Scenarios.TENANT, leaves[0]) == null || storage.name() == null) {
            throw new IllegalStateException();
        }
        resolver.close();
    }

    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= previous - 1024 * 1024) {
                return Math.min(used, previous);
            }
            previous = used;
        }
        return previous;
    }
}
