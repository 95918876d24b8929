package dev.cascade.storage.jdbc;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL LISTEN on the change channel. Kept apart so the PostgreSQL driver is only loaded when the
 * database is PostgreSQL (the driver is an optional dependency). Package-private.
 */
final class PgNotifications {
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifications.class);

    private PgNotifications() {
    }

    /** Starts listening on {@code connection}; null when the connection cannot expose the driver's API. */
    static ChangeLog.Waiter listen(Connection connection, String channel) throws SQLException {
        PGConnection pg;
        try {
            if (!connection.isWrapperFor(PGConnection.class)) {
                LOG.info("PostgreSQL connection does not expose PGConnection; polling the change log only");
                return null;
            }
            pg = connection.unwrap(PGConnection.class);
        } catch (LinkageError e) {
            LOG.info("PostgreSQL driver classes are not visible; polling the change log only");
            return null;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("LISTEN " + channel);
        }
        return millis -> pg.getNotifications((int) Math.max(1, millis));
    }
}
