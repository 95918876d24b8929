package dev.cascade.storage.jdbc;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.Revision;
import dev.cascade.spi.RevisionStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Revision history of namespaces' properties, variables and plugin defaults: every write stores the version
 * it produced in the same transaction. Read-only here: hosts read, diff and restore history through
 * {@code ManagementSession}, which checks access, audits and invalidates caches. Deleting a namespace deletes
 * its history with it.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
final class JdbcRevisionHistory implements RevisionStore {
    /** The {@code kind} column of properties revisions (variables and defaults use their stores' kinds). */
    static final String PROPERTIES_KIND = "PROPERTIES";

    private final JdbcStorage storage;

    JdbcRevisionHistory(JdbcStorage storage) {
        this.storage = storage;
    }

    @Override
    public List<Revision> list(TenantId tenant, NamespaceId namespace, Revision.Resource resource) {
        return read(tenant, namespace, resource, -1);
    }

    @Override
    public Optional<Revision> get(TenantId tenant, NamespaceId namespace, Revision.Resource resource, long version) {
        return version < 1 ? Optional.empty() : read(tenant, namespace, resource, version).stream().findFirst();
    }

    private List<Revision> read(TenantId tenant, NamespaceId namespace, Revision.Resource resource, long version) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(resource, "resource");
        String kind = switch (resource) {
            case PROPERTIES -> PROPERTIES_KIND;
            case VARIABLES -> storage.variableDocuments().revisionKind();
            case PLUGIN_DEFAULTS -> storage.defaultDocuments().revisionKind();
        };
        JdbcDatabase db = storage.database();
        return db.read(new JdbcDatabase.Context("read revisions", tenant.value(), namespace.value(), null), c -> {
            String sql = "SELECT version, written, document FROM " + db.table("revision")
                    + " WHERE tenant = ? AND namespace = ? AND kind = ?"
                    + (version >= 0 ? " AND version = ?" : "") + " ORDER BY version";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                ps.setString(2, namespace.value());
                ps.setString(3, kind);
                if (version >= 0) {
                    ps.setLong(4, version);
                }
                List<Revision> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String json = rs.getString(3);
                        Object content = switch (resource) {
                            case PROPERTIES -> Json.propertiesFromJson(json);
                            case VARIABLES -> storage.variableDocuments().parse(json);
                            case PLUGIN_DEFAULTS -> storage.defaultDocuments().parse(json);
                        };
                        out.add(new Revision(resource, rs.getLong(1), db.instant(rs, 2),
                                content));
                    }
                }
                return List.copyOf(out);
            }
        });
    }
}
