package dev.cascade.storage.jdbc;

import dev.cascade.ConflictException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.Versioned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures variables-write throughput on the real PostgreSQL server and prints it (not asserted: numbers
 * depend on the machine; the benchmarks module is the place for tracked numbers). Correctness of the
 * written data is asserted.
 */
class PostgresWriteThroughputTest {
    private static final String PREFIX = TestDatabases.uniquePrefix("thr");
    private static final int THREADS = 4;

    @AfterAll
    static void dropTables() {
        TestDatabases.dropPostgresTables(PREFIX);
    }

    @Test
    void measureWriteThroughput() throws Exception {
        TenantId tenant = TenantId.of("thr-" + UUID.randomUUID().toString().substring(0, 8));
        try (JdbcStorage storage = JdbcStorage.create(TestDatabases.postgres(PREFIX).poolSize(THREADS + 1).build())) {
            // warm-up: connections, statement plans, JIT
            NamespaceId warm = NamespaceId.of("warm");
            storage.namespaces().create(tenant, warm, NamespaceProperties.EMPTY);
            for (int i = 0; i < 100; i++) {
                storage.variables().put(tenant, warm, Map.of("i", i), i);
            }

            // 1. one namespace, one writer: sequential CAS writes
            NamespaceId single = NamespaceId.of("single");
            storage.namespaces().create(tenant, single, NamespaceProperties.EMPTY);
            int n = 500;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                storage.variables().put(tenant, single, Map.of("i", i, "region", "eu-west-1"), i);
            }
            report("single namespace, 1 writer", n, System.nanoTime() - start, 0);
            assertThat(storage.variables().get(tenant, single).orElseThrow().version()).isEqualTo(n);

            // 2. one namespace, 4 writers contending (read, CAS write, retry on conflict)
            AtomicInteger conflicts = new AtomicInteger();
            int perThread = 75;
            start = System.nanoTime();
            runThreads(t -> {
                for (int i = 0; i < perThread; i++) {
                    while (true) {
                        Versioned<Map<String, Object>> cur = storage.variables().get(tenant, single).orElseThrow();
                        try {
                            storage.variables().put(tenant, single, Map.of("i", cur.version()), cur.version());
                            break;
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
            });
            report("single namespace, " + THREADS + " contending writers", THREADS * perThread,
                    System.nanoTime() - start, conflicts.get());
            assertThat(storage.variables().get(tenant, single).orElseThrow().version())
                    .isEqualTo(n + (long) THREADS * perThread);

            // 3. many namespaces, 4 writers, each write to its own namespace
            int namespaces = 400;
            for (int i = 0; i < namespaces; i++) {
                storage.namespaces().create(tenant, NamespaceId.of("many.ns" + i), NamespaceProperties.EMPTY);
            }
            start = System.nanoTime();
            runThreads(t -> {
                for (int i = t; i < namespaces; i += THREADS) {
                    NamespaceId ns = NamespaceId.of("many.ns" + i);
                    storage.variables().put(tenant, ns, Map.of("n", i), 0);
                    storage.variables().put(tenant, ns, Map.of("n", i, "again", true), 1);
                }
            });
            report(namespaces + " namespaces, " + THREADS + " writers", 2 * namespaces, System.nanoTime() - start, 0);
            assertThat(storage.variables().get(tenant, NamespaceId.of("many.ns7")).orElseThrow().version()).isEqualTo(2);
        }
    }

    private interface Work {
        void run(int thread) throws Exception;
    }

    private static void runThreads(Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    work.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(String label, int writes, long nanos, int conflicts) {
        double seconds = nanos / 1e9;
        System.out.printf("[throughput postgresql] %s: %d writes in %.2f s = %.0f writes/s, %.2f ms/write%s%n", label,
                writes, seconds, writes / seconds, seconds * 1000 / writes,
                conflicts > 0 ? ", " + conflicts + " conflicts retried" : "");
    }
}
