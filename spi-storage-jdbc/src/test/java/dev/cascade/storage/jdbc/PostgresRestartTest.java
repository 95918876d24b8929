package dev.cascade.storage.jdbc;

import dev.cascade.BackendException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real PostgreSQL restart. The shared test server must not be restarted, so this test creates a private
 * throw-away cluster with the installed server binaries ({@code initdb}, {@code pg_ctl}) on a free port,
 * restarts it under two running nodes, and checks that both recover: reads, writes and the change feed.
 *
 * <p>Needs the PostgreSQL server binaries on this machine (found under {@code /usr/lib/postgresql/<v>/bin}
 * or {@code CASCADE_TEST_PG_BINDIR}). Where only a remote server is available, set
 * {@code CASCADE_TEST_PG_RESTART=skip}; the test then reports itself skipped, never silently passed.
 */
@SuppressWarnings("try") // the subscription is held open by try-with-resources on purpose
class PostgresRestartTest {
    private static Path dir;
    private static Path bin;
    private static int port;
    private static boolean asRoot;

    @BeforeAll
    static void startPrivateCluster() throws Exception {
        Assumptions.assumeFalse("skip".equalsIgnoreCase(System.getenv("CASCADE_TEST_PG_RESTART")),
                "CASCADE_TEST_PG_RESTART=skip: the real-restart test was switched off");
        bin = findBinaries();
        asRoot = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("cascade-pg-restart");
        if (asRoot) {
            run(List.of("chown", "-R", "postgres", dir.toString()));
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U",
                "postgres", "--no-sync", "-E", "UTF8"));
        pgCtl("start");
    }

    @AfterAll
    static void stopPrivateCluster() throws Exception {
        if (dir != null) {
            try {
                pgCtl("stop");
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static Path findBinaries() throws IOException {
        String configured = System.getenv("CASCADE_TEST_PG_BINDIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.naturalOrder());
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new AssertionError("The restart test needs the PostgreSQL server binaries (initdb, pg_ctl) and found "
                + "none under /usr/lib/postgresql/<version>/bin. Install the server package, set CASCADE_TEST_PG_BINDIR,"
                + " or set CASCADE_TEST_PG_RESTART=skip to report this test as skipped.");
    }

    private static void pgCtl(String action) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "30", "-m", "fast")); // fast: disconnects clients
        cmd.addAll(List.of("-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", action));
        pg(cmd);
    }

    private static void pg(List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asRoot) {
            // the server refuses to run as root
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        run(cmd);
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("Command failed: " + cmd + "\n" + out);
        }
    }

    @Test
    void nodesRecoverAfterTheServerRestarts() throws Exception {
        JdbcConfig config = JdbcConfig.builder().url("jdbc:postgresql://127.0.0.1:" + port + "/postgres")
                .user("postgres").tablePrefix("cascade_").poolSize(3).pollInterval(Duration.ofMillis(200)).build();
        TenantId tenant = TenantId.of("restart");
        NamespaceId ns = NamespaceId.of("company");
        BlockingQueue<ChangeEvent> seen = new LinkedBlockingQueue<>();
        try (JdbcStorage a = JdbcStorage.create(config); JdbcStorage b = JdbcStorage.create(config);
             Subscription ignored = b.subscribe(seen::add)) {
            a.namespaces().create(tenant, ns, NamespaceProperties.EMPTY);
            a.variables().put(tenant, ns, Map.of("before", "restart"), 0);
            assertThat(seen.poll(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(seen.poll(30, TimeUnit.SECONDS)).isNotNull();

            long restartStart = System.nanoTime();
            pgCtl("restart");
            System.out.printf("[restart] private PostgreSQL restarted in %.0f ms%n", (System.nanoTime() - restartStart) / 1e6);

            // committed data survived; reads work at once (dead pooled connections are evicted and retried)
            assertThat(b.variables().get(tenant, ns).orElseThrow().value()).containsEntry("before", "restart");
            long version = 1;
            int failures = 0;
            long writeStart = System.nanoTime();
            while (version == 1 && System.nanoTime() - writeStart < TimeUnit.SECONDS.toNanos(20)) {
                try {
                    version = a.variables().put(tenant, ns, Map.of("after", "restart"), 1).version();
                } catch (BackendException e) {
                    failures++;
                    assertThat(e.getMessage()).contains("put variables");
                    Thread.sleep(100);
                }
            }
            System.out.printf("[restart] first write after restart succeeded after %d failed attempt(s)%n", failures);
            assertThat(version).isEqualTo(2);
            // B's watcher lost its LISTEN connection in the restart, reconnects, and delivers A's new write
            ChangeEvent event = seen.poll(30, TimeUnit.SECONDS);
            assertThat(event).as("change event after the restart").isNotNull();
            assertThat(event.kind()).isEqualTo(ChangeEvent.Kind.VARIABLES);
            assertThat(b.variables().get(tenant, ns).orElseThrow().version()).isEqualTo(2);
        }
    }
}
