package dev.cascade.storage.jdbc;

import dev.cascade.InvalidIdException;
import dev.cascade.internal.ChangeBroadcaster;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The change log shared by every node on one database: each write appends a row (tenant, namespace, kind,
 * secret key — never a value) in its own transaction; a watcher thread reads rows written by other nodes
 * and publishes them as {@link ChangeEvent}s. On PostgreSQL the writer also sends NOTIFY so the watcher
 * wakes at once; polling every {@code pollInterval} is the fallback and the only path on H2, MariaDB and
 * MySQL (they have no LISTEN/NOTIFY). An idle poll is one range read of the primary key ({@link #pollSql(int)}).
 *
 * <p>Sequence numbers are assigned when a row is inserted, not when it commits, so a row may become
 * visible after a higher one. The watcher therefore remembers skipped numbers for {@link #GAP_TIMEOUT_NANOS}
 * and picks them up when their transaction commits. Thread-safe. Package-private.
 */
final class ChangeLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);
    private static final long GAP_TIMEOUT_NANOS = 30_000_000_000L;
    private static final int MAX_GAPS = 500;
    private static final int BATCH = 1000;
    private static final long CLEANUP_EVERY_NANOS = 60_000_000_000L;

    private final JdbcDatabase db;
    private final String origin = UUID.randomUUID().toString();
    private final Predicate<ChangeEvent.Kind> kinds;
    private final ChangeBroadcaster broadcaster = new ChangeBroadcaster();
    private final AtomicLong appended = new AtomicLong();
    private final Object lifecycle = new Object();
    private final String threadName;
    private volatile long highWater;
    /** Skipped sequence numbers, with the nanoTime when they were first seen missing. */
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    private Thread watcher;
    private volatile boolean closed;
    private volatile Connection listenConnection;
    private long lastCleanup = System.nanoTime();

    ChangeLog(JdbcDatabase db, Predicate<ChangeEvent.Kind> kinds, String threadName) {
        this.db = db;
        this.kinds = kinds;
        this.threadName = threadName;
        this.highWater = db.read(new JdbcDatabase.Context("read change log", null, null, null), c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM " + db.table("change"))) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Appends a change inside the caller's transaction; it becomes visible (and is notified) on commit. */
    void append(Connection c, ChangeEvent event) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("change")
                + " (tenant, namespace, kind, secret_key, origin, created) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, event.tenant().value());
            ps.setString(2, event.namespace().value());
            ps.setString(3, event.kind().name());
            ps.setString(4, event.key().map(SecretKey::value).orElse(null));
            ps.setString(5, origin);
            ps.setObject(6, db.timestamp(db.now()));
            ps.executeUpdate();
        }
        if (db.dialect() == JdbcDatabase.Dialect.POSTGRESQL && db.config().listenNotify()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
                ps.setString(1, db.channel());
                ps.executeQuery().close();
            }
        }
    }

    /** Called after a write committed: now and then trims expired rows, outside the write's transaction. */
    void afterCommit() {
        if (appended.incrementAndGet() % 1000 == 0) {
            try {
                db.read(new JdbcDatabase.Context("trim change log", null, null, null), c -> {
                    deleteExpired(c);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.debug("Could not trim the change log: {}", e.getMessage());
            }
        }
    }

    /** Publishes a change made through this instance to local listeners, after its commit. */
    void publishLocal(ChangeEvent event) {
        afterCommit();
        broadcaster.publish(event);
    }

    Subscription subscribe(ChangeListener listener) {
        Subscription s = broadcaster.subscribe(listener);
        startWatcher();
        return s;
    }

    private void startWatcher() {
        synchronized (lifecycle) {
            if (watcher != null || closed) {
                return;
            }
            watcher = new Thread(this::watch, threadName);
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private void watch() {
        boolean failing = false;
        while (!closed) {
            try {
                boolean listen = db.dialect() == JdbcDatabase.Dialect.POSTGRESQL && db.config().listenNotify();
                try (Connection c = db.dedicatedConnection()) {
                    c.setAutoCommit(true);
                    Waiter waiter = listen ? PgNotifications.listen(c, db.channel()) : null;
                    if (waiter == null) {
                        waiter = millis -> Thread.sleep(millis);
                    }
                    listenConnection = c;
                    if (failing) {
                        LOG.info("Change-log watcher for table prefix '{}' reconnected", db.config().tablePrefix());
                        failing = false;
                    }
                    while (!closed) {
                        poll(c);
                        // with LISTEN, returns as soon as a notification arrives
                        waiter.await(db.config().pollInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!failing) {
                    LOG.warn("Change-log watcher for table prefix '{}' lost its connection ({}); retrying every {}",
                            db.config().tablePrefix(), e.getMessage(), db.config().pollInterval());
                    failing = true;
                } else {
                    LOG.debug("Change-log watcher still failing: {}", e.getMessage());
                }
                try {
                    Thread.sleep(db.config().pollInterval().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                listenConnection = null;
            }
        }
    }

    /** Waits for the next poll. */
    @FunctionalInterface
    interface Waiter {
        void await(long millis) throws SQLException, InterruptedException;
    }

    /** Reads new rows (and rows that filled a gap) and publishes the ones other nodes wrote. */
    private void poll(Connection c) throws SQLException {
        long now = System.nanoTime();
        gaps.values().removeIf(firstSeen -> now - firstSeen > GAP_TIMEOUT_NANOS);
        while (gaps.size() > MAX_GAPS) {
            gaps.pollFirstEntry();
        }
        int read;
        do {
            String sql = pollSql(gaps.size());
            read = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, highWater);
                for (Long gap : gaps.keySet()) {
                    ps.setLong(i++, gap);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        long seq = rs.getLong(1);
                        if (seq <= highWater) {
                            if (gaps.remove(seq) == null) {
                                continue;
                            }
                        } else {
                            for (long missing = highWater + 1; missing < seq && missing - highWater <= MAX_GAPS; missing++) {
                                gaps.put(missing, now);
                            }
                            highWater = seq;
                        }
                        if (origin.equals(rs.getString(6))) {
                            continue;
                        }
                        toEvent(rs).filter(e -> kinds.test(e.kind())).ifPresent(broadcaster::publish);
                    }
                }
            }
        } while (read == BATCH && !closed);
        if (now - lastCleanup > CLEANUP_EVERY_NANOS) {
            lastCleanup = now;
            deleteExpired(c);
        }
    }

    /**
     * The poll: rows after the high-water mark and the {@code gapCount} skipped numbers still awaited, in
     * sequence order. Served by the primary key on every dialect (a range read; no scan of the table).
     */
    String pollSql(int gapCount) {
        StringBuilder sql = new StringBuilder("SELECT seq, tenant, namespace, kind, secret_key, origin FROM ")
                .append(db.table("change")).append(" WHERE seq > ?");
        if (gapCount > 0) {
            sql.append(" OR seq IN (");
            for (int i = 0; i < gapCount; i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
        }
        return sql.append(" ORDER BY seq LIMIT ").append(BATCH).toString();
    }

    private static Optional<ChangeEvent> toEvent(ResultSet rs) throws SQLException {
        try {
            TenantId tenant = TenantId.of(rs.getString(2));
            NamespaceId namespace = NamespaceId.of(rs.getString(3));
            ChangeEvent.Kind kind = ChangeEvent.Kind.valueOf(rs.getString(4));
            String key = rs.getString(5);
            return Optional.of(new ChangeEvent(tenant, namespace, kind,
                    key == null ? Optional.empty() : Optional.of(SecretKey.of(key))));
        } catch (InvalidIdException | IllegalArgumentException e) {
            LOG.warn("Ignoring malformed change-log row: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void deleteExpired(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + db.table("change") + " WHERE created < ?")) {
            ps.setObject(1, db.timestamp(db.now().minus(db.config().changeLogRetention())));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("Could not trim the change log: {}", e.getMessage());
        }
    }

    /** Number of subscribed listeners' source: for tests and diagnostics. */
    long highWater() {
        return highWater;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            closed = true;
            t = watcher;
        }
        if (t != null) {
            Connection c = listenConnection;
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing to wake the watcher; it exits either way
                }
            }
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
