package dev.cascade.storage.jdbc;

import dev.cascade.access.Action;
import dev.cascade.audit.AuditEvent;
import dev.cascade.audit.AuditSink;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Persists audit events in the {@code <prefix>audit} table, one row per event, and answers queries by
 * tenant, namespace (or namespace tree), time range and actor. Audit events never hold secret values, so
 * nothing secret is stored here either. Obtain one from {@link JdbcStorage#auditSink()} or
 * {@link #create(DataSource, JdbcConfig)}.
 *
 * <p><b>Thread-safety:</b> thread-safe. A failed insert throws {@code BackendException}.
 */
public final class JdbcAuditSink implements AuditSink {
    private final JdbcDatabase db;

    JdbcAuditSink(JdbcDatabase db) {
        this.db = db;
    }

    /** A sink on the host's data source (runs the migrations when {@code config.migrate()}). */
    public static JdbcAuditSink create(DataSource dataSource, JdbcConfig config) {
        return new JdbcAuditSink(JdbcDatabase.wrap(dataSource, config, Clock.systemUTC()));
    }

    @Override
    public void record(AuditEvent e) {
        Objects.requireNonNull(e, "event");
        db.write(new JdbcDatabase.Context("record audit event", e.tenant().value(),
                e.namespace() == null ? null : e.namespace().value(), e.resourceKey().orElse(null)), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("audit")
                    + " (tenant, namespace, resource, resource_key, action, actor, event_time, version_before,"
                    + " version_after, diff, value_changed, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, e.tenant().value());
                ps.setString(2, e.namespace() == null ? null : e.namespace().value());
                ps.setString(3, e.resource().name());
                ps.setString(4, e.resourceKey().orElse(null));
                ps.setString(5, e.action().name());
                ps.setString(6, e.actor());
                ps.setObject(7, db.timestamp(e.time()));
                ps.setLong(8, e.versionBefore());
                ps.setLong(9, e.versionAfter());
                ps.setString(10, Json.diffsToJson(e.diff()));
                ps.setBoolean(11, e.valueChanged());
                ps.setString(12, e.outcome().name());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Events matching {@code query}, oldest first. */
    public List<AuditEvent> query(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        StringBuilder sql = new StringBuilder("SELECT tenant, namespace, resource, resource_key, action, actor,"
                + " event_time, version_before, version_after, diff, value_changed, outcome FROM ")
                .append(db.table("audit")).append(" WHERE tenant = ?");
        List<Object> args = new ArrayList<>();
        args.add(query.tenant().value());
        query.namespace().ifPresent(ns -> {
            if (query.includeDescendants()) {
                sql.append(" AND (namespace = ? OR namespace LIKE ?)");
                args.add(ns.value());
                // ids hold no LIKE wildcard but '_', escaped with the default escape character '\\' (every dialect)
                args.add(ns.value().replace("_", "\\_") + ".%");
            } else {
                sql.append(" AND namespace = ?");
                args.add(ns.value());
            }
        });
        query.from().ifPresent(f -> {
            sql.append(" AND event_time >= ?");
            args.add(db.timestamp(f));
        });
        query.to().ifPresent(t -> {
            sql.append(" AND event_time < ?");
            args.add(db.timestamp(t));
        });
        query.actor().ifPresent(a -> {
            sql.append(" AND actor = ?");
            args.add(a);
        });
        sql.append(" ORDER BY event_time, seq LIMIT ").append(query.limit());
        return db.read(new JdbcDatabase.Context("query audit events", query.tenant().value(),
                query.namespace().map(NamespaceId::value).orElse(null), null), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<AuditEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    private AuditEvent map(ResultSet rs) throws SQLException {
        String ns = rs.getString(2);
        return new AuditEvent(TenantId.of(rs.getString(1)), ns == null ? null : NamespaceId.of(ns),
                AuditEvent.Resource.valueOf(rs.getString(3)), Optional.ofNullable(rs.getString(4)),
                Action.valueOf(rs.getString(5)), rs.getString(6), db.instant(rs, 7),
                rs.getLong(8), rs.getLong(9), Json.diffsFromJson(rs.getString(10)), rs.getBoolean(11),
                AuditEvent.Outcome.valueOf(rs.getString(12)));
    }

    @Override
    public String toString() {
        return "JdbcAuditSink{tablePrefix=" + db.config().tablePrefix() + "}";
    }
}
