package dev.cascade.storage.jdbc;

import dev.cascade.NotFoundException;
import dev.cascade.audit.DiffEntry;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.Versioned;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Revision history of variables and plugin defaults: every write keeps the version it produced. List a
 * namespace's revisions, read one, diff two, or restore one — restoring writes its content as a new version
 * (with the usual optimistic check), so history is never rewritten. Deleting a namespace deletes its
 * history with it.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public final class JdbcRevisionHistory {
    private final JdbcStorage storage;

    JdbcRevisionHistory(JdbcStorage storage) {
        this.storage = storage;
    }

    /** Every revision of a namespace's variables, oldest first; empty when none. */
    public List<Revision<Map<String, Object>>> variables(TenantId tenant, NamespaceId namespace) {
        return list(storage.variableDocuments(), tenant, namespace, OptionalVersion.ALL);
    }

    /** One revision of a namespace's variables. */
    public Optional<Revision<Map<String, Object>>> variables(TenantId tenant, NamespaceId namespace, long version) {
        return list(storage.variableDocuments(), tenant, namespace, new OptionalVersion(version)).stream().findFirst();
    }

    /** What changed in the variables from version {@code from} to version {@code to}. */
    public List<DiffEntry> diffVariables(TenantId tenant, NamespaceId namespace, long from, long to) {
        return Json.diff(require(variables(tenant, namespace, from), "variables", tenant, namespace, from).value(),
                require(variables(tenant, namespace, to), "variables", tenant, namespace, to).value());
    }

    /**
     * Writes revision {@code version}'s variables as a new version.
     *
     * @param expectedVersion the current version the caller read (optimistic check)
     * @throws NotFoundException when there is no such revision
     */
    public Versioned<Map<String, Object>> restoreVariables(TenantId tenant, NamespaceId namespace, long version,
                                                           long expectedVersion) {
        Revision<Map<String, Object>> r = require(variables(tenant, namespace, version), "variables", tenant,
                namespace, version);
        return storage.variables().put(tenant, namespace, r.value(), expectedVersion);
    }

    /** Every revision of a namespace's plugin defaults, oldest first; empty when none. */
    public List<Revision<List<PluginDefault>>> pluginDefaults(TenantId tenant, NamespaceId namespace) {
        return list(storage.defaultDocuments(), tenant, namespace, OptionalVersion.ALL);
    }

    /** One revision of a namespace's plugin defaults. */
    public Optional<Revision<List<PluginDefault>>> pluginDefaults(TenantId tenant, NamespaceId namespace, long version) {
        return list(storage.defaultDocuments(), tenant, namespace, new OptionalVersion(version)).stream().findFirst();
    }

    /** What changed in the plugin defaults from {@code from} to {@code to}; paths start at the rule index. */
    public List<DiffEntry> diffPluginDefaults(TenantId tenant, NamespaceId namespace, long from, long to) {
        return Json.diff(
                Json.rulesAsTree(require(pluginDefaults(tenant, namespace, from), "plugin defaults", tenant, namespace,
                        from).value()),
                Json.rulesAsTree(require(pluginDefaults(tenant, namespace, to), "plugin defaults", tenant, namespace,
                        to).value()));
    }

    /** Writes revision {@code version}'s plugin defaults as a new version (optimistic check on {@code expectedVersion}). */
    public Versioned<List<PluginDefault>> restorePluginDefaults(TenantId tenant, NamespaceId namespace, long version,
                                                                long expectedVersion) {
        Revision<List<PluginDefault>> r = require(pluginDefaults(tenant, namespace, version), "plugin defaults", tenant,
                namespace, version);
        return storage.pluginDefaults().put(tenant, namespace, r.value(), expectedVersion);
    }

    private record OptionalVersion(long version) {
        static final OptionalVersion ALL = new OptionalVersion(-1);
    }

    private static <T> Revision<T> require(Optional<Revision<T>> r, String what, TenantId tenant, NamespaceId namespace,
                                           long version) {
        return r.orElseThrow(() -> new NotFoundException("No revision " + version + " of the " + what + " of namespace '"
                + namespace + "' (tenant '" + tenant + "')"));
    }

    private <T> List<Revision<T>> list(JdbcStorage.DocumentStore<T> docs, TenantId tenant, NamespaceId namespace,
                                       OptionalVersion which) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        JdbcDatabase db = storage.database();
        return db.read(new JdbcDatabase.Context("read revisions", tenant.value(), namespace.value(), null), c -> {
            String sql = "SELECT version, written, document FROM " + db.table("revision")
                    + " WHERE tenant = ? AND namespace = ? AND kind = ?"
                    + (which.version() >= 0 ? " AND version = ?" : "") + " ORDER BY version";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                ps.setString(2, namespace.value());
                ps.setString(3, docs.revisionKind());
                if (which.version() >= 0) {
                    ps.setLong(4, which.version());
                }
                List<Revision<T>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Revision<>(rs.getLong(1), db.instant(rs, 2),
                                docs.parse(rs.getString(3))));
                    }
                }
                return List.copyOf(out);
            }
        });
    }
}
