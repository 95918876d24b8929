package dev.cascade.storage.jdbc;

import dev.cascade.kit.StorageCompatibilityKit;
import dev.cascade.spi.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage contract on a PostgreSQL database whose collation (ICU {@code en-US}) does not order ids like
 * Java: keyset pages must still follow {@code NamespaceId} order (the storage falls back to
 * {@code COLLATE "C"}). The database is created for this class and dropped after it.
 */
class JdbcStoragePostgresIcuCollationTest extends StorageCompatibilityKit {
    private static final String DATABASE = "cascade_icu_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final String URL = TestDatabases.PG_URL.substring(0, TestDatabases.PG_URL.lastIndexOf('/') + 1) + DATABASE;

    @BeforeAll
    static void createDatabase() throws SQLException {
        TestDatabases.requirePostgres();
        try (Connection c = TestDatabases.pgConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE + " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
                    + " LOCALE 'C.UTF-8'");
        } catch (SQLException e) {
            // a server built without ICU, or a user who may not create databases: the rest of the suite still runs
            Assumptions.assumeFalse("0A000".equals(e.getSQLState()) || "42501".equals(e.getSQLState()),
                    "cannot create an ICU-collated database here: " + e.getMessage());
            throw e;
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = TestDatabases.pgConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Override
    protected Storage createStorage() {
        return JdbcStorage.create(TestDatabases.postgres("kiticu_").url(URL).build());
    }

    @Test
    void theDatabaseCollationReallyDiffersFromJavaOrder() throws SQLException {
        List<String> sorted = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL, TestDatabases.PG_USER, TestDatabases.PG_PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM (VALUES ('a.b'), ('a-b'), ('a_b'), ('ab')) AS t(v) ORDER BY v")) {
            while (rs.next()) {
                sorted.add(rs.getString(1));
            }
        }
        assertThat(sorted).isNotEqualTo(List.of("a-b", "a.b", "a_b", "ab"));
    }
}
