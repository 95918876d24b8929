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
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One database as the JDBC stores see it: a {@link DataSource}, its dialect, the table prefix, schema
 * migration and transaction helpers. Thread-safe. Package-private: not part of the API.
 */
final class JdbcDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);

    /**
     * The SQL dialects supported, and the few statements and bindings that differ between them. Everything else
     * is the same SQL on every database.
     */
    enum Dialect {
        H2("h2", Map.of("jdbc:h2:", "com.h2database:h2")),
        POSTGRESQL("postgresql", Map.of("jdbc:postgresql:", "org.postgresql:postgresql")),
        /** MySQL 8+ and MariaDB 10.6+, through either driver. */
        MYSQL("mysql", Map.of("jdbc:mariadb:", "org.mariadb.jdbc:mariadb-java-client",
                "jdbc:mysql:", "com.mysql:mysql-connector-j"));

        /** Folder of the dialect's migrations, and the name {@link JdbcStorage#dialect()} reports. */
        final String folder;
        /** URL prefix -> the Maven coordinates of the driver that serves it. */
        private final Map<String, String> drivers;

        Dialect(String folder, Map<String, String> drivers) {
            this.folder = folder;
            this.drivers = drivers;
        }

        /** The Maven coordinates of the driver a host must add for {@code url}; empty for an unsupported URL. */
        static Optional<String> driverArtifact(String url) {
            for (Dialect d : values()) {
                for (Map.Entry<String, String> e : d.drivers.entrySet()) {
                    if (url != null && url.startsWith(e.getKey())) {
                        return Optional.of(e.getValue());
                    }
                }
            }
            return Optional.empty();
        }

        /** The URL prefixes accepted, for messages: {@code jdbc:h2:, jdbc:postgresql:, ...}. */
        static String urlPrefixes() {
            return "jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:";
        }

        /** An insert of one row that does nothing when a row with the same primary key exists. */
        String insertIfAbsent(String table, String columns, String keyColumns) {
            String params = columns.replaceAll("[^,]+", "?").replace("?,", "?, ");
            return switch (this) {
                case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + params + ") ON CONFLICT DO NOTHING";
                case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + keyColumns + ") VALUES (" + params + ")";
                // a no-op update rather than INSERT IGNORE, which would also silence errors other than the duplicate
                case MYSQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + params + ") ON DUPLICATE KEY UPDATE "
                        + keyColumns.split(",")[0].strip() + " = " + keyColumns.split(",")[0].strip();
            };
        }

        /** An insert of one row that replaces {@code valueColumn} when a row with the same primary key exists. */
        String upsert(String table, String columns, String keyColumns, String valueColumn) {
            String params = columns.replaceAll("[^,]+", "?").replace("?,", "?, ");
            return switch (this) {
                case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + params + ") ON CONFLICT ("
                        + keyColumns + ") DO UPDATE SET " + valueColumn + " = EXCLUDED." + valueColumn;
                case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + keyColumns + ") VALUES (" + params + ")";
                case MYSQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + params + ") ON DUPLICATE KEY UPDATE "
                        + valueColumn + " = VALUES(" + valueColumn + ")";
            };
        }

        /**
         * A point in time as the dialect's timestamp column takes it: {@code TIMESTAMP WITH TIME ZONE} on H2 and
         * PostgreSQL; on MySQL and MariaDB a {@code DATETIME(6)} holding UTC, bound as its text form
         * ({@code 2026-01-31 12:00:00.123456}): no driver converts it through the JVM's or the session's time
         * zone, and MySQL Connector/J, which takes MariaDB's {@code 5.5.5-} version prefix for a server without
         * fractional seconds, cannot drop the microseconds.
         */
        Object timestamp(Instant instant) {
            return this == MYSQL ? DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC))
                    : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }

        /** Reads a column written with {@link #timestamp(Instant)}. */
        Instant instant(ResultSet rs, String column) throws SQLException {
            return this == MYSQL ? parseDateTime(rs.getString(column))
                    : rs.getObject(column, OffsetDateTime.class).toInstant();
        }

        /** Reads a column written with {@link #timestamp(Instant)}. */
        Instant instant(ResultSet rs, int column) throws SQLException {
            return this == MYSQL ? parseDateTime(rs.getString(column))
                    : rs.getObject(column, OffsetDateTime.class).toInstant();
        }

        private static Instant parseDateTime(String text) {
            return LocalDateTime.parse(text, DATETIME).toInstant(ZoneOffset.UTC);
        }
    }

    /** {@code DATETIME(6)} as text: {@code 2026-01-31 12:00:00.123456} (reading also takes fewer digits). */
    private static final DateTimeFormatter DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ')
            .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter(Locale.ROOT);

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
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            // see readCommitted(): set once per pooled connection instead of once per transaction
            hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            requireDriver(url);
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

    /**
     * Fails with the Maven coordinates to add when no driver on the class path accepts {@code url} (the drivers
     * are optional dependencies: the host adds the one of its database).
     */
    static void requireDriver(String url) {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            String artifact = Dialect.driverArtifact(url).orElse("the JDBC driver of that database");
            throw new ConfigurationException("No JDBC driver on the class path accepts '" + JdbcConfig.redactUrl(url)
                    + "': add the dependency " + artifact + " to the application (cascade-storage-jdbc declares its"
                    + " drivers as optional)");
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
            if ("MySQL".equalsIgnoreCase(product) || "MariaDB".equalsIgnoreCase(product)) {
                return Dialect.MYSQL;
            }
            throw new ConfigurationException("JDBC storage supports H2, PostgreSQL, MariaDB and MySQL, but the database is '"
                    + product + "'");
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
                    .placeholders(Map.of("prefix", prefix, "collation", binaryCollation()))
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
     * The collation of every text column on MySQL and MariaDB: utf8mb4, binary, and where the server has one,
     * without trailing-space padding (so {@code 'a'} and {@code 'a '} differ, as on PostgreSQL): MariaDB's
     * {@code utf8mb4_nopad_bin}, MySQL 8's {@code utf8mb4_0900_bin}, else {@code utf8mb4_bin}. Empty on other
     * dialects (their migrations do not use it).
     */
    private String binaryCollation() {
        if (dialect != Dialect.MYSQL) {
            return "";
        }
        return read(new Context("migrate", null, null, null), c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COLLATION_NAME FROM"
                    + " information_schema.COLLATIONS WHERE COLLATION_NAME IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin')")) {
                return rs.next() ? rs.getString(1) : "utf8mb4_bin";
            }
        });
    }

    /**
     * Whether the schema history records every shipped migration as applied. Any doubt — no history table, a
     * failed migration, another version, a database that does not understand the query — means no, and Flyway
     * runs (validating and migrating as usual).
     */
    boolean schemaIsCurrent() {
        // Flyway quotes its column names; MySQL and MariaDB quote with backticks and cast to SIGNED
        String q = dialect == Dialect.MYSQL ? "`" : "\"";
        String sql = "SELECT MAX(CAST(" + q + "version" + q + " AS " + (dialect == Dialect.MYSQL ? "SIGNED" : "INTEGER")
                + ")), MIN(CASE WHEN " + q + "success" + q + " THEN 1 ELSE 0 END) FROM " + q + prefix + "schema_history"
                + q + " WHERE " + q + "version" + q + " IS NOT NULL AND " + q + "version" + q + " <> '0'";
        try (Connection c = dataSource.getConnection()) {
            // ask the catalogue first: a failing query on a new database would leave an H2 trace file behind
            try (ResultSet tables = c.getMetaData().getTables(c.getCatalog(), null, prefix + "schema_history",
                    new String[] {"TABLE"})) {
                if (!tables.next()) {
                    return false;
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() && rs.getInt(1) == SCHEMA_VERSION && rs.getInt(2) == 1;
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    Dialect dialect() {
        return dialect;
    }

    /** {@link Dialect#timestamp(Instant)} of this database. */
    Object timestamp(Instant instant) {
        return dialect.timestamp(instant);
    }

    /** {@link Dialect#instant(ResultSet, String)} of this database. */
    Instant instant(ResultSet rs, String column) throws SQLException {
        return dialect.instant(rs, column);
    }

    /** {@link Dialect#instant(ResultSet, int)} of this database. */
    Instant instant(ResultSet rs, int column) throws SQLException {
        return dialect.instant(rs, column);
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
                    readCommitted(c);
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
     * On MySQL and MariaDB, writes run at READ COMMITTED instead of InnoDB's REPEATABLE READ: a compare-and-set
     * {@code UPDATE} that matches no row then takes no gap lock, so two nodes creating the same row race on the
     * primary key (one gets a duplicate-key error and retries or reports a conflict) instead of deadlocking, and
     * the version re-read after a failed compare-and-set sees the latest commit. Our own pool sets the level on
     * each connection once; a host's data source gets it for each write transaction.
     */
    private void readCommitted(Connection c) throws SQLException {
        if (dialect == Dialect.MYSQL && ownedPool == null) {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
            }
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
                readCommitted(c);
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

    /**
     * Commits. A commit refused by the database (a deferred constraint, a serialization failure) rolled back: an
     * ordinary failure. A commit whose connection failed, or that failed without saying why, may or may not have
     * been applied: its outcome is unknown.
     */
    private void commit(Context ctx, Connection c) {
        try {
            c.commit();
        } catch (SQLException e) {
            if (!isConnectionFailure(e) && e.getSQLState() != null) {
                throw failure(ctx, e);
            }
            evictIdleConnections();
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
        // MySQL and MariaDB share SQLState 23000 among all integrity errors: 1062 is ER_DUP_ENTRY
        return "23505".equals(e.getSQLState()) || ("23000".equals(e.getSQLState()) && e.getErrorCode() == 1062);
    }

    static boolean isForeignKeyViolation(SQLException e) {
        // 23503 in both PostgreSQL and H2; H2 reports a missing parent as 23506; MySQL and MariaDB 1452 (and the
        // older 1216) under 23000
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState())
                || ("23000".equals(e.getSQLState()) && (e.getErrorCode() == 1452 || e.getErrorCode() == 1216));
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
