package dev.cascade.storage.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Test databases: the real PostgreSQL and MariaDB servers (required, never skipped) and private H2 in-memory
 * databases. The MariaDB server is used through both drivers: MariaDB Connector/J ({@code jdbc:mariadb:}) and
 * MySQL Connector/J ({@code jdbc:mysql:}).
 */
final class TestDatabases {
    static final String PG_URL = env("CASCADE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = env("CASCADE_TEST_PG_USER", "postgres");
    static final String PG_PASSWORD = env("CASCADE_TEST_PG_PASSWORD", "");
    static final String MARIADB_HOST = env("CASCADE_TEST_MARIADB_HOST", "127.0.0.1:3306");
    static final String MARIADB_DATABASE = env("CASCADE_TEST_MARIADB_DATABASE", "test");
    static final String MARIADB_USER = env("CASCADE_TEST_MARIADB_USER", "root");
    static final String MARIADB_PASSWORD = env("CASCADE_TEST_MARIADB_PASSWORD", "");
    static final String MARIADB_URL = "jdbc:mariadb://" + MARIADB_HOST + "/" + MARIADB_DATABASE;
    /** The same MariaDB server through MySQL Connector/J. */
    static final String MYSQL_DRIVER_URL = "jdbc:mysql://" + MARIADB_HOST + "/" + MARIADB_DATABASE;
    /** The two ways of reaching the MariaDB server, as parameter values: {@code mariadb} and {@code mysql}. */
    static final String[] MARIADB_DRIVERS = {"mariadb", "mysql"};
    private static volatile boolean checked;
    private static volatile boolean mariaDbChecked;

    private TestDatabases() {
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A table prefix no other run uses: {@code t<tag>_<random>_}. */
    static String uniquePrefix(String tag) {
        return "t" + tag + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
    }

    /** A 256-bit key, Base64. */
    static String newKey() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    /** Fails loudly, with how to provide a server, when PostgreSQL cannot be reached. */
    static void requirePostgres() {
        if (checked) {
            return;
        }
        try (Connection c = pgConnection()) {
            c.createStatement().execute("SELECT 1");
            checked = true;
        } catch (SQLException e) {
            throw new AssertionError("The JDBC storage tests need a PostgreSQL 15+ server and none answered at " + PG_URL
                    + " as user '" + PG_USER + "' (" + e.getMessage() + "). Start the local server (.ci/run starts the"
                    + " installed cluster: pg_ctlcluster <version> main start) or point the tests at one with"
                    + " CASCADE_TEST_PG_URL=jdbc:postgresql://host:port/db (plus CASCADE_TEST_PG_USER and"
                    + " CASCADE_TEST_PG_PASSWORD).", e);
        }
    }

    static Connection pgConnection() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PG_USER);
        if (!PG_PASSWORD.isEmpty()) {
            p.setProperty("password", PG_PASSWORD);
        }
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(PG_URL, p);
    }

    static JdbcConfig.Builder postgres(String prefix) {
        requirePostgres();
        return JdbcConfig.builder().url(PG_URL).user(PG_USER).password(PG_PASSWORD).tablePrefix(prefix).poolSize(5)
                .pollInterval(Duration.ofMillis(200));
    }

    /** Fails loudly, with how to provide a server, when MariaDB cannot be reached. */
    static void requireMariaDb() {
        if (mariaDbChecked) {
            return;
        }
        try (Connection c = mariaDbConnection()) {
            c.createStatement().execute("SELECT 1");
            mariaDbChecked = true;
        } catch (SQLException e) {
            throw new AssertionError("The JDBC storage tests need a MariaDB 10.6+ (or MySQL 8+) server and none answered"
                    + " at " + MARIADB_URL + " as user '" + MARIADB_USER + "' (" + e.getMessage() + "). Start the local"
                    + " server (.ci/run starts it: start-stop-daemon --start --oknodo --background --exec"
                    + " /usr/sbin/mariadbd) or point the tests at one with CASCADE_TEST_MARIADB_HOST=host:port (plus"
                    + " CASCADE_TEST_MARIADB_DATABASE, CASCADE_TEST_MARIADB_USER and CASCADE_TEST_MARIADB_PASSWORD).", e);
        }
    }

    static Connection mariaDbConnection() throws SQLException {
        return DriverManager.getConnection(MARIADB_URL, mariaDbProperties());
    }

    private static Properties mariaDbProperties() {
        Properties p = new Properties();
        p.setProperty("user", MARIADB_USER);
        if (!MARIADB_PASSWORD.isEmpty()) {
            p.setProperty("password", MARIADB_PASSWORD);
        }
        p.setProperty("connectTimeout", "5000");
        return p;
    }

    /**
     * The MariaDB server through {@code driver}: {@code mariadb} (MariaDB Connector/J) or {@code mysql} (MySQL
     * Connector/J), in tables named with {@code prefix}.
     */
    static JdbcConfig.Builder mariaDb(String driver, String prefix) {
        requireMariaDb();
        String url = switch (driver) {
            case "mariadb" -> MARIADB_URL;
            case "mysql" -> MYSQL_DRIVER_URL;
            default -> throw new IllegalArgumentException(driver);
        };
        return JdbcConfig.builder().url(url).user(MARIADB_USER).password(MARIADB_PASSWORD).tablePrefix(prefix)
                .poolSize(5).pollInterval(Duration.ofMillis(200));
    }

    /** Drops every table whose name starts with {@code prefix} from the MariaDB test database. */
    static void dropMariaDbTables(String prefix) {
        try (Connection c = mariaDbConnection()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() AND table_name LIKE ?")) {
                ps.setString(1, prefix.replace("_", "\\_") + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                // the session alone: tables referencing each other go in any order
                s.execute("SET foreign_key_checks = 0");
                for (String t : tables) {
                    s.execute("DROP TABLE IF EXISTS `" + t + "`");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test tables with prefix " + prefix, e);
        }
    }

    /** A private in-memory H2 database that lives until the JVM ends. */
    static String h2Url(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    }

    static JdbcConfig.Builder h2(String name) {
        return JdbcConfig.builder().url(h2Url(name)).poolSize(5).pollInterval(Duration.ofMillis(100));
    }

    /** Drops every table whose name starts with {@code prefix} from the PostgreSQL test database. */
    static void dropPostgresTables(String prefix) {
        try (Connection c = pgConnection()) {
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
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test tables with prefix " + prefix, e);
        }
    }
}
