package dev.cascade.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascade.BackendException;
import dev.cascade.CascadeException;
import dev.cascade.ConfigurationException;
import dev.cascade.WriteOutcomeUnknownException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One database as the JDBC stores see it: a {@link DataSource}, its dialect, the table prefix, schema
 * migration and transaction helpers. Thread-safe. Package-private: not part of the API.
 */
final class JdbcDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);

    /** The SQL dialects supported. */
    enum Dialect {
        H2("h2"), POSTGRESQL("postgresql");

        final String folder;

        Dialect(String folder) {
            this.folder = folder;
        }
    }

    /** Code run with a connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** What an operation is about, for error messages. */
    record Context(String operation, String tenant, String namespace, String key) {
    }

    static final String BACKEND = "jdbc";

    /**
     * The highest migration version shipped for every dialect ({@code V<n>__*.sql}); a start whose schema history
     * already records it skips Flyway (and its log lines). JdbcSchemaVersionTest keeps it in step.
     */
    static final int SCHEMA_VERSION = 3;

    /**
     * Connections of the transactions opened by {@link #transaction} on this thread, by data source: every
     * store, secret store and audit sink on the same data source joins them.
     */
    private static final ThreadLocal<Map<DataSource, Connection>> BOUND = new ThreadLocal<>();

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final JdbcConfig config;
    private final Dialect dialect;
    private final String prefix;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcDatabase(DataSource dataSource, HikariDataSource ownedPool, JdbcConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.config = config;
        this.prefix = config.tablePrefix();
        this.clock = clock;
        this.dialect = detectDialect();
        if (config.migrate()) {
            migrate();
        }
    }

    /** Opens a database from configuration: a HikariCP pool on {@code config.url()}. */
    static JdbcDatabase open(JdbcConfig config, Clock clock) {
        String url = JdbcConfig.requireUrl(config);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        config.user().ifPresent(hc::setUsername);
        config.password().ifPresent(hc::setPassword);
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setPoolName("cascade-" + config.tablePrefix());
        hc.setConnectionTimeout(10_000);
        // fail at once when the database cannot be reached at start; later outages are survived
        hc.setInitializationFailTimeout(1);
        if (url.startsWith("jdbc:postgresql:")) {
            hc.addDataSourceProperty("ApplicationName", "cascade-" + config.tablePrefix());
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            throw new BackendException(BACKEND, "connect", null, null, null, "cannot open a connection to '"
                    + JdbcConfig.redactUrl(url) + "': " + root.getMessage(), root);
        }
        try {
            return new JdbcDatabase(pool, pool, config, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Wraps a host's data source; the host keeps ownership and closes it. */
    static JdbcDatabase wrap(DataSource dataSource, JdbcConfig config, Clock clock) {
        return new JdbcDatabase(Objects.requireNonNull(dataSource, "dataSource"), null, config, clock);
    }

    private Dialect detectDialect() {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if ("H2".equalsIgnoreCase(product)) {
                return Dialect.H2;
            }
            if ("PostgreSQL".equalsIgnoreCase(product)) {
                return Dialect.POSTGRESQL;
            }
            throw new ConfigurationException("JDBC storage supports H2 and PostgreSQL, but the database is '" + product + "'");
        } catch (SQLException e) {
            throw new BackendException(BACKEND, "connect", null, null, null,
                    "cannot open a connection to " + describe() + " (" + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    private String describe() {
        return config.url().map(u -> "'" + JdbcConfig.redactUrl(u) + "'").orElse("the given DataSource");
    }

    private void migrate() {
        if (schemaIsCurrent()) {
            LOG.debug("Schema with table prefix '{}' is at version {}: no migration", prefix, SCHEMA_VERSION);
            return;
        }
        try {
            Flyway.configure(JdbcDatabase.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:dev/cascade/storage/jdbc/migration/" + dialect.folder)
                    .table(prefix + "schema_history")
                    .placeholders(Map.of("prefix", prefix))
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new BackendException(BACKEND, "migrate", null, null, null,
                    "schema migration with table prefix '" + prefix + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the schema history records every shipped migration as applied. Any doubt — no history table, a
     * failed migration, another version, a database that does not understand the query — means no, and Flyway
     * runs (validating and migrating as usual).
     */
    boolean schemaIsCurrent() {
        String sql = "SELECT MAX(CAST(\"version\" AS INTEGER)), MIN(CASE WHEN \"success\" THEN 1 ELSE 0 END) FROM \""
                + prefix + "schema_history\" WHERE \"version\" IS NOT NULL AND \"version\" <> '0'";
        try (Connection c = dataSource.getConnection();
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getInt(1) == SCHEMA_VERSION && rs.getInt(2) == 1;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    Dialect dialect() {
        return dialect;
    }

    JdbcConfig config() {
        return config;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** A table name with the configured prefix. */
    String table(String name) {
        return prefix + name;
    }

    /** The notification channel of this prefix. */
    String channel() {
        return prefix + "change";
    }

    /** Now, truncated to what both databases store (microseconds). */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A connection outside the pool, for the change listener (it is held for long periods). Falls back to the
     * data source when the host passed one.
     */
    Connection dedicatedConnection() throws SQLException {
        if (ownedPool != null) {
            Properties p = new Properties();
            config.user().ifPresent(u -> p.setProperty("user", u));
            config.password().ifPresent(pw -> p.setProperty("password", pw));
            if (dialect == Dialect.POSTGRESQL) {
                p.setProperty("ApplicationName", "cascade-" + prefix + "listener");
            }
            return DriverManager.getConnection(config.url().orElseThrow(), p);
        }
        return dataSource.getConnection();
    }

    /**
     * Runs read-only work. When a pooled connection turns out to be dead (the database restarted), the pool's
     * idle connections are replaced and the work runs again, at most twice more. A pool that cannot hand out a
     * connection at all fails at once.
     */
    <T> T read(Context ctx, SqlWork<T> work) {
        Connection joined = bound();
        if (joined != null) {
            try {
                return work.run(joined);
            } catch (SQLException e) {
                throw failure(ctx, e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (SQLException e) {
                throw failure(ctx, e);
            }
            try (c) {
                return work.run(c);
            } catch (SQLException e) {
                if (isConnectionFailure(e)) {
                    evictIdleConnections();
                    if (attempt < 3) {
                        LOG.debug("Retrying {} after a connection failure ({})", ctx.operation(), e.getSQLState());
                        continue;
                    }
                }
                throw failure(ctx, e);
            }
        }
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws. Cascade exceptions
     * thrown by the work (conflict, not found) pass through after the rollback.
     */
    <T> T write(Context ctx, SqlWork<T> work) {
        Connection joined = bound();
        if (joined != null) {
            try {
                return work.run(joined); // committed or rolled back with the enclosing transaction
            } catch (SQLException e) {
                throw failure(ctx, e);
            }
        }
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw failure(ctx, e);
        }
        try (c) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result;
                try {
                    result = work.run(c);
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
                commit(ctx, c);
                return result;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                evictIdleConnections();
            }
            throw failure(ctx, e);
        }
    }

    /**
     * Runs {@code work} in one transaction that every write, read and audit insert on this data source made by
     * the same thread joins: all of it commits, or none. A transaction already open on this thread is joined.
     *
     * @throws dev.cascade.WriteOutcomeUnknownException when the commit was sent but its result is unknown
     */
    <T> T transaction(Context ctx, Supplier<T> work) {
        if (bound() != null) {
            return work.get();
        }
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw failure(ctx, e);
        }
        try (c) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result;
                bind(c);
                try {
                    result = work.get();
                } catch (RuntimeException | Error e) {
                    unbind();
                    rollbackQuietly(c);
                    throw e;
                }
                unbind();
                commit(ctx, c);
                return result;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                evictIdleConnections();
            }
            throw failure(ctx, e);
        }
    }

    /** Commits; a failure of the commit itself leaves the outcome unknown (the database may have committed). */
    private void commit(Context ctx, Connection c) {
        try {
            c.commit();
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                evictIdleConnections();
            }
            throw new WriteOutcomeUnknownException(BACKEND, ctx.operation(), ctx.tenant(), ctx.namespace(), ctx.key(),
                    "the commit was sent but its outcome is unknown (SQLState " + e.getSQLState() + "): "
                            + firstLine(e.getMessage()) + "; read the current state before retrying", e);
        }
    }

    private Connection bound() {
        Map<DataSource, Connection> map = BOUND.get();
        return map == null ? null : map.get(dataSource);
    }

    private void bind(Connection c) {
        Map<DataSource, Connection> map = BOUND.get();
        if (map == null) {
            map = new IdentityHashMap<>();
            BOUND.set(map);
        }
        map.put(dataSource, c);
    }

    private void unbind() {
        Map<DataSource, Connection> map = BOUND.get();
        if (map != null) {
            map.remove(dataSource);
            if (map.isEmpty()) {
                BOUND.remove();
            }
        }
    }

    /**
     * One dead connection usually means all of them died (a database restart, a failover): the pool replaces
     * its idle connections at once instead of handing them out one failure at a time.
     */
    private void evictIdleConnections() {
        HikariDataSource pool = ownedPool;
        if (pool == null) {
            try {
                if (dataSource.isWrapperFor(HikariDataSource.class)) {
                    pool = dataSource.unwrap(HikariDataSource.class);
                }
            } catch (SQLException ignored) {
                // not a Hikari pool: the host's pool handles dead connections its own way
            }
        }
        if (pool != null && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is probably dead; the database rolls the transaction back itself
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException ignored) {
            // a dead connection is evicted by the pool
        }
    }

    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03")));
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static boolean isForeignKeyViolation(SQLException e) {
        // 23503 in both PostgreSQL and H2; H2 reports a missing parent as 23506
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
    }

    static CascadeException failure(Context ctx, SQLException e) {
        String reason = (isConnectionFailure(e) ? "connection failed" : "SQL error") + " (SQLState "
                + e.getSQLState() + "): " + firstLine(e.getMessage());
        return new BackendException(BACKEND, ctx.operation(), ctx.tenant(), ctx.namespace(), ctx.key(), reason, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    boolean ownsPool() {
        return ownedPool != null;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.close();
        }
    }
}
