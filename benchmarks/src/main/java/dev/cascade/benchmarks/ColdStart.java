package dev.cascade.benchmarks;

import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.Resolver;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.NamespaceStore;
import dev.cascade.spi.PluginDefaultsStore;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.storage.jdbc.JdbcStorage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scenario 10, cold namespaces on PostgreSQL: 1,111 namespaces ({@code org}, 10 departments, 100 teams, 1,000
 * projects at depth 4), each with 20 variables and 5 secrets (JDBC encrypted secret store), one plugin-defaults
 * rule at the root. For each of the 1,000 projects, a fresh resolver's first {@code resolveTask} of a task with
 * two variables and one of the project's secrets is timed, next to a primary-key {@code SELECT} round trip
 * measured in the same loop (alternately); also a task with three of the project's secrets. Also measured: the same with the storage seen through a wrapper
 * that reads the chain level by level (the SPI's default), i.e. before {@code Storage.chain} had one query.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cascade.benchmarks.ColdStart [jdbcUrl] [user]</pre>
 */
public final class ColdStart {
    private static final TenantId TENANT = TenantId.DEFAULT;

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        String prefix = "bench_cold_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        JdbcStorage storage = JdbcStorage.create(JdbcConfig.builder().url(url).user(user).tablePrefix(prefix).poolSize(4)
                .encryptionKey("bench", Base64.getEncoder().encodeToString(key)).build());
        try {
            List<NamespaceId> leaves = fill(storage);
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("type", "io.kestra.plugin.jdbc.Query");
            task.put("url", "jdbc://{{ namespace.v0 }}/{{ namespace.v19 }}");
            task.put("password", "{{ secret('S4') }}");
            // pass 1: the JVM is cold as well; pass 2: fresh resolvers (every namespace cold again) in a JVM
            // that has run the code once over (JIT-compiled, as in a running service)
            for (int pass = 1; pass <= 2; pass++) {
                System.out.println(pass == 1 ? "pass 1 (cold JVM):" : "pass 2 (fresh resolvers, warm JVM):");
                try (Connection plain = DriverManager.getConnection(url, user, "")) {
                    long[] oneQuery = new long[leaves.size()];
                    long[] levelByLevel = new long[leaves.size()];
                    long[] namespaceOnly = new long[leaves.size()];
                    long[] noSecret = new long[leaves.size()];
                    long[] pk = new long[leaves.size()];
                    long[] chainQuery = new long[leaves.size()];
                    long[] threeSecrets = new long[leaves.size()];
                    long[] sameThread = new long[leaves.size()];
                    SecretStores secrets = SecretStores.single(storage.secretStore());
                    Map<String, Object> plainTask = new LinkedHashMap<>(task);
                    plainTask.remove("password");
                    Map<String, Object> secretsTask = new LinkedHashMap<>(task);
                    secretsTask.put("user", "{{ secret('S1') }}");
                    secretsTask.put("token", "{{ secret('S2') }}");
                    try (Resolver fresh = Resolver.builder().storage(storage).secretStores(secrets).build();
                         Resolver perLevel = Resolver.builder().storage(new LevelByLevel(storage)).secretStores(secrets)
                                 .build();
                         Resolver nsOnly = Resolver.builder().storage(storage).secretStores(secrets).build();
                         Resolver withoutSecret = Resolver.builder().storage(storage).secretStores(secrets).build();
                         Resolver severalSecrets = Resolver.builder().storage(storage).secretStores(secrets).build();
                         // secret-backend calls on the calling thread: no hand-off, and so no backendTimeout
                         Resolver onCaller = Resolver.builder().storage(storage).secretStores(secrets)
                                 .executor(Runnable::run).build();
                         PreparedStatement select = plain.prepareStatement("SELECT version FROM " + prefix
                                 + "namespace WHERE tenant = ? AND id = ?")) {
                        for (int i = 0; i < leaves.size(); i++) {
                            NamespaceId leaf = leaves.get(i);
                            // rotate the order, so that no variant always meets the database's caches warmed by another
                            chainQuery[i] = time(() -> storage.chain(TENANT, leaf));
                            for (int k = 0; k < 7; k++) {
                                switch ((i + k) % 7) {
                                    case 0 -> pk[i] = timeSelect(select, leaf);
                                    case 1 -> oneQuery[i] = time(() -> fresh.resolveTask(TENANT, leaf, task, List.of(), Map.of()));
                                    case 2 -> levelByLevel[i] = time(() -> perLevel.resolveTask(TENANT, leaf, task, List.of(),
                                            Map.of()));
                                    case 3 -> namespaceOnly[i] = time(() -> nsOnly.effectiveNamespace(TENANT, leaf));
                                    case 5 -> sameThread[i] = time(() -> onCaller.resolveTask(TENANT, leaf, task, List.of(),
                                            Map.of()));
                                    case 4 -> threeSecrets[i] = time(() -> severalSecrets.resolveTask(TENANT, leaf, secretsTask,
                                            List.of(), Map.of()));
                                    default -> noSecret[i] = time(() -> withoutSecret.resolveTask(TENANT, leaf, plainTask,
                                            List.of(), Map.of()));
                                }
                            }
                        }
                    }
                    Arrays.sort(oneQuery);
                    Arrays.sort(levelByLevel);
                    Arrays.sort(namespaceOnly);
                    Arrays.sort(noSecret);
                    Arrays.sort(pk);
                    Arrays.sort(chainQuery);
                    Arrays.sort(threeSecrets);
                    Arrays.sort(sameThread);
                    double rt = pk[pk.length / 2] / 1e3;
                    System.out.printf("| 10 cold resolveTask on PostgreSQL, %d namespaces (chain in one query) | p50 %.0f µs, p99 %.0f µs"
                                    + " | PK SELECT round trip p50 %.0f µs, p99 %.0f µs | p50 = %.1f round trips | ≤ 3 round trips |%n",
                            leaves.size(), p(oneQuery, 50), p(oneQuery, 99), rt, p(pk, 99), p(oneQuery, 50) / rt);
                    System.out.printf("| 10b same, chain read level by level (SPI default, as before) | p50 %.0f µs, p99 %.0f µs"
                                    + " | | p50 = %.1f round trips | — |%n",
                            p(levelByLevel, 50), p(levelByLevel, 99), p(levelByLevel, 50) / rt);
                    System.out.printf("| 10c cold effectiveNamespace only (the chain query) | p50 %.0f µs, p99 %.0f µs"
                                    + " | | p50 = %.1f round trips | — |%n",
                            p(namespaceOnly, 50), p(namespaceOnly, 99), p(namespaceOnly, 50) / rt);
                    System.out.printf("| 10e `Storage.chain` alone (the one query, warm database) | p50 %.0f µs, p99 %.0f µs"
                                    + " | | p50 = %.1f round trips | — |%n",
                            p(chainQuery, 50), p(chainQuery, 99), p(chainQuery, 50) / rt);
                    System.out.printf("| 10d cold resolveTask without the secret | p50 %.0f µs, p99 %.0f µs"
                                    + " | | p50 = %.1f round trips | — |%n",
                            p(noSecret, 50), p(noSecret, 99), p(noSecret, 50) / rt);
                    System.out.printf("| 10f cold resolveTask with 3 of the namespace's secrets | p50 %.0f µs, p99 %.0f µs"
                                    + " | | p50 = %.1f round trips | — |%n",
                            p(threeSecrets, 50), p(threeSecrets, 99), p(threeSecrets, 50) / rt);
                    System.out.printf("| 10g same as 10, secret read on the calling thread (executor Runnable::run, no timeout)"
                                    + " | p50 %.0f µs, p99 %.0f µs | | p50 = %.1f round trips | — |%n",
                            p(sameThread, 50), p(sameThread, 99), p(sameThread, 50) / rt);
                    System.out.printf("load average (1/5/15 min) at the end: %s%n", loadAverage());
                }
            }
        } finally {
            storage.close();
            drop(url, user, prefix);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double p(long[] sorted, int percentile) {
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e3;
    }

    private static long time(Runnable call) {
        long t0 = System.nanoTime();
        call.run();
        return System.nanoTime() - t0;
    }

    private static long timeSelect(PreparedStatement select, NamespaceId id) throws SQLException {
        long t0 = System.nanoTime();
        select.setString(1, TENANT.value());
        select.setString(2, id.value());
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
        }
        return System.nanoTime() - t0;
    }

    /** Creates the tree with 4 writer threads; returns the 1,000 projects. */
    private static List<NamespaceId> fill(JdbcStorage storage) throws Exception {
        SecretStore secrets = storage.secretStore();
        List<NamespaceId> all = new ArrayList<>();
        List<NamespaceId> leaves = new ArrayList<>();
        all.add(NamespaceId.of("org"));
        for (int d = 0; d < 10; d++) {
            all.add(NamespaceId.of("org.d" + d));
            for (int t = 0; t < 10; t++) {
                all.add(NamespaceId.of("org.d" + d + ".t" + t));
                for (int p = 0; p < 10; p++) {
                    NamespaceId leaf = NamespaceId.of("org.d" + d + ".t" + t + ".p" + p);
                    all.add(leaf);
                    leaves.add(leaf);
                }
            }
        }
        storage.namespaces().create(TENANT, all.get(0), NamespaceProperties.EMPTY);
        storage.pluginDefaults().put(TENANT, all.get(0), List.of(PluginDefault.of("io.kestra.plugin.jdbc",
                Map.of("fetchSize", 500, "timeout", "PT1M"))), 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // parents before children: one depth at a time
            for (int depth = 2; depth <= 4; depth++) {
                List<Future<?>> writes = new ArrayList<>();
                for (NamespaceId id : all) {
                    if (id.ancestors().size() == depth) {
                        writes.add(pool.submit(() -> {
                            storage.namespaces().create(TENANT, id, NamespaceProperties.EMPTY);
                            return null;
                        }));
                    }
                }
                for (Future<?> f : writes) {
                    f.get();
                }
            }
            List<Future<?>> writes = new ArrayList<>();
            for (NamespaceId id : all) {
                writes.add(pool.submit(() -> {
                    Map<String, Object> vars = new LinkedHashMap<>();
                    for (int v = 0; v < 20; v++) {
                        vars.put("v" + v, id.value() + "-value-" + v);
                    }
                    storage.variables().put(TENANT, id, vars, 0);
                    for (int s = 0; s < 5; s++) {
                        secrets.put(TENANT, id, SecretKey.of("S" + s), SecretValue.of("secret-" + s + "-" + id.value()),
                                SecretAttributes.NONE, SecretStore.ANY_VERSION);
                    }
                    return null;
                }));
            }
            for (Future<?> f : writes) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return leaves;
    }

    private static void drop(String url, String user, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_name LIKE ?")) {
                ps.setString(1, prefix.replace("_", "\\_") + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String t : tables) {
                    s.execute("DROP TABLE IF EXISTS \"" + t + "\" CASCADE");
                }
            }
        }
    }

    /** The same storage seen without its one-query chain: the resolver reads level by level (the SPI default). */
    private record LevelByLevel(Storage delegate) implements Storage {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public NamespaceStore namespaces() {
            return delegate.namespaces();
        }

        @Override
        public VariableStore variables() {
            return delegate.variables();
        }

        @Override
        public PluginDefaultsStore pluginDefaults() {
            return delegate.pluginDefaults();
        }

        @Override
        public Subscription subscribe(ChangeListener listener) {
            return delegate.subscribe(listener);
        }
    }
}
