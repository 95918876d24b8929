package dev.cascade.storage.jdbc;

import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.TreeData;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.audit.AuditSink;
import dev.cascade.spi.Backend;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.NamespaceLevel;
import dev.cascade.spi.NamespaceQuery;
import dev.cascade.spi.NamespaceStore;
import dev.cascade.spi.PluginDefaultsStore;
import dev.cascade.spi.RevisionStore;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;
import dev.cascade.spi.Versioned;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Namespaces, variables and plugin defaults on a relational database (H2, PostgreSQL, MariaDB or MySQL), with revision
 * history ({@link #revisions()}), a persistent audit trail ({@link #auditSink()}), roles, bindings and group
 * memberships for the role-based access policy ({@link #accessControl()}) and an encrypted secret store on
 * the same connections ({@link #secretStore()}). As a {@link Backend} it hands all of them to
 * {@code Cascade.builder().backend(storage)} in one call, over one pool and one migration run.
 *
 * <p><b>Ownership:</b> a storage built from a {@link JdbcConfig} owns its pool and closes it; a storage built on
 * the host's {@link DataSource} never closes it. Closing the storage closes the secret store it made.
 *
 * <p>Every write is one transaction whose version check happens in SQL ({@code UPDATE ... WHERE version = ?},
 * or an insert guarded by the primary key), so two nodes writing the same namespace never lose an update:
 * one of them gets a {@link ConflictException}. Deleting a namespace removes its variables, plugin defaults
 * and revisions in the same transaction (foreign keys with {@code ON DELETE CASCADE}).
 *
 * <p>{@link #subscribe(ChangeListener)} delivers this instance's changes at once and other nodes' changes
 * through the shared change log: within milliseconds on PostgreSQL (LISTEN/NOTIFY), within the poll
 * interval otherwise (H2, MariaDB, MySQL: one indexed query per interval while someone is subscribed).
 *
 * <p><b>Thread-safety:</b> thread-safe; one instance is meant to be shared by the whole process.
 */
public final class JdbcStorage implements Storage, Backend {
    private final JdbcDatabase db;
    private final ChangeLog changes;
    private final Namespaces namespaces = new Namespaces();
    private volatile String idCollation;   // see idCollation(Connection); null until the first paged query
    private final DocumentStore<Map<String, Object>> variables;
    private final DocumentStore<List<PluginDefault>> defaults;
    private final JdbcRevisionHistory revisions;
    private final JdbcAuditSink auditSink;
    private final JdbcAccessControlStore accessControl;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object secretStoreLock = new Object();
    private JdbcSecretStore secretStore;   // guarded by secretStoreLock; created on first use

    private JdbcStorage(JdbcDatabase db) {
        this.db = db;
        try {
            this.changes = new ChangeLog(db, k -> k != ChangeEvent.Kind.SECRET, "cascade-jdbc-changes-"
                    + db.config().tablePrefix());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        this.variables = new DocumentStore<>("variables", "VARIABLES", ChangeEvent.Kind.VARIABLES,
                v -> Json.toJson(v),
                Json::variablesFromJson);
        this.defaults = new DocumentStore<>("plugin_defaults", "PLUGIN_DEFAULTS", ChangeEvent.Kind.PLUGIN_DEFAULTS,
                r -> Json.toJson(Json.rulesAsTree(r)),
                Json::rulesFromJson);
        this.revisions = new JdbcRevisionHistory(this);
        this.auditSink = new JdbcAuditSink(db);
        this.accessControl = new JdbcAccessControlStore(db);
    }

    /** A storage on a pool that {@code config} describes (HikariCP); closing the storage closes the pool. */
    public static JdbcStorage create(JdbcConfig config) {
        return new JdbcStorage(JdbcDatabase.open(Objects.requireNonNull(config, "config"), Clock.systemUTC()));
    }

    /** A storage on the host's data source; the host keeps ownership of it. {@code config.url()} is ignored. */
    public static JdbcStorage create(DataSource dataSource, JdbcConfig config) {
        return new JdbcStorage(JdbcDatabase.wrap(dataSource, Objects.requireNonNull(config, "config"),
                Clock.systemUTC()));
    }

    /**
     * The embedded default, for development and single-node use: an H2 database in files under
     * {@code directory} (created when missing), with secrets encrypted under a key kept in the same directory
     * ({@link #LOCAL_KEY_FILE}, created on first use with owner-only permissions where the file system has
     * them). Whoever can read the directory can read the secrets: in production, pass keys from outside with
     * {@link #create(JdbcConfig)}.
     */
    public static JdbcStorage h2(Path directory) {
        return create(JdbcConfig.builder().url(h2Url(directory)).poolSize(4)
                .encryptionKey(LocalKeyFile.KEY_ID, LocalKeyFile.readOrCreate(directory.resolve(LOCAL_KEY_FILE))).build());
    }

    /** The name of the key file {@link #h2(Path)} keeps beside the database. */
    public static final String LOCAL_KEY_FILE = "cascade-secrets.key";

    /** The JDBC URL {@link #h2(Path)} uses for {@code directory}. */
    public static String h2Url(Path directory) {
        Path dir = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        return "jdbc:h2:file:" + dir.resolve("cascade").toString().replace('\\', '/') + ";LOCK_TIMEOUT=10000";
    }

    @Override
    public String name() {
        return JdbcDatabase.BACKEND;
    }

    @Override
    public NamespaceStore namespaces() {
        return namespaces;
    }

    @Override
    public VariableStore variables() {
        return variables.asVariableStore();
    }

    @Override
    public PluginDefaultsStore pluginDefaults() {
        return defaults.asPluginDefaultsStore();
    }

    /**
     * Runs {@code work} in one database transaction: writes through these stores, through a
     * {@link JdbcSecretStore} and a {@link JdbcAuditSink} on the same data source (for example
     * {@link #auditSink()} and {@link #secretStore(JdbcConfig)}) made by this thread commit together or not at
     * all. The management facade runs every change with its audit event this way.
     *
     * @throws dev.cascade.WriteOutcomeUnknownException when the connection failed after the commit was sent
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return db.transaction(new JdbcDatabase.Context("transaction", null, null, null), work);
    }

    /**
     * Revision history of namespaces' properties, variables and plugin defaults. Read and restore it through
     * {@code ManagementSession.history/diff/restore}, which check access, audit and invalidate caches.
     */
    @Override
    public Optional<RevisionStore> revisions() {
        return Optional.of(revisions);
    }

    /** An audit sink writing to this storage's database, with a query API. */
    public JdbcAuditSink auditSink() {
        return auditSink;
    }

    /**
     * Custom roles, role bindings and group memberships in this storage's database (always present; a
     * {@link JdbcAccessControlStore}). Not cached: a change through any node applies to the next check.
     */
    @Override
    public Optional<dev.cascade.spi.AccessControlStore> accessControl() {
        return Optional.of(accessControl);
    }

    /** This storage itself. */
    @Override
    public Storage storage() {
        return this;
    }

    /**
     * The encrypted secret store on this storage's connections, with the encryption keys of this storage's
     * configuration; the same instance on every call, closed with the storage.
     *
     * @throws dev.cascade.ConfigurationException when the configuration has no {@code encryptionKey.<id>}
     */
    public JdbcSecretStore secretStore() {
        synchronized (secretStoreLock) {
            if (closed.get()) {
                throw new IllegalStateException("JdbcStorage is closed");
            }
            if (secretStore == null) {
                secretStore = new JdbcSecretStore(db, db.config(), false);
            }
            return secretStore;
        }
    }

    /** {@link #secretStore()} when the configuration has an encryption key; empty otherwise. */
    @Override
    public Optional<SecretStore> defaultSecretStore() {
        return db.config().activeKeyId().isPresent() ? Optional.of(secretStore()) : Optional.empty();
    }

    /** {@link #auditSink()}: the audit trail in this storage's database. */
    @Override
    public Optional<AuditSink> defaultAuditSink() {
        return Optional.of(auditSink);
    }

    /**
     * An encrypted secret store on this storage's connections. {@code keys} supplies the encryption keys
     * (its connection settings are ignored; its table prefix must match). Close it before the storage.
     */
    public JdbcSecretStore secretStore(JdbcConfig keys) {
        return new JdbcSecretStore(db, keys, false);
    }

    /** The dialect in use: {@code h2}, {@code postgresql} or {@code mysql} (MySQL and MariaDB). */
    public String dialect() {
        return db.dialect().folder;
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
        return changes.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (secretStoreLock) {
                if (secretStore != null) {
                    secretStore.close();
                }
            }
            changes.close();
            db.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcStorage{" + db.dialect().folder + ", tablePrefix=" + db.config().tablePrefix() + "}";
    }

    /**
     * The chain query for up to {@code slots} ids, by slot count; built once. See {@link #chain}.
     */
    private final java.util.concurrent.ConcurrentHashMap<Integer, String> chainSql = new java.util.concurrent.ConcurrentHashMap<>();

    /** Id slots of the chain query for a chain of {@code depth}: 4, 8, 16, ... (at most 128 ids fit 255 chars). */
    static int chainSlots(int depth) {
        int slots = 4;
        while (slots < depth) {
            slots *= 2;
        }
        return slots;
    }

    private String chainSql(int slots) {
        return chainSql.computeIfAbsent(slots, n -> {
            StringBuilder sql = new StringBuilder("SELECT n.tenant, n.id, n.description, n.allowed_namespaces,"
                    + " n.secret_store, n.version, n.created, n.updated, v.document AS v_document, v.version AS v_version,"
                    + " v.updated AS v_updated, d.document AS d_document, d.version AS d_version, d.updated AS d_updated"
                    + " FROM " + db.table("namespace") + " n"
                    + " LEFT JOIN " + db.table("variables") + " v ON v.tenant = n.tenant AND v.namespace = n.id"
                    + " LEFT JOIN " + db.table("plugin_defaults") + " d ON d.tenant = n.tenant AND d.namespace = n.id"
                    + " WHERE n.tenant = ? AND n.id IN (");
            for (int i = 0; i < n; i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            return sql.append(')').toString();
        });
    }

    /**
     * The existing namespaces of the chain with their variables and plugin defaults in one query (one round
     * trip, one consistent snapshot): the namespace rows joined with their two documents, selected by primary
     * key. The id list has a fixed number of slots (4, then 8, 16, ...; unused slots repeat the namespace's own
     * id), so namespaces of every depth up to 4 share one statement text: a driver that prepares statements on
     * the server (PostgreSQL's after a few uses on a connection) and a database that keeps a generic plan for
     * them (PostgreSQL after five executions) then skip parsing and planning for all of them.
     */
    @Override
    public List<NamespaceLevel> chain(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        List<NamespaceId> ancestors = namespace.ancestors();
        int slots = chainSlots(ancestors.size());
        String sql = chainSql(slots);
        Map<String, NamespaceLevel> found = db.read(ctx("read namespace chain", tenant, namespace), c -> {
            Map<String, NamespaceLevel> rows = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                for (int i = 0; i < slots; i++) {
                    ps.setString(i + 2, ancestors.get(Math.min(i, ancestors.size() - 1)).value());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Namespace ns = namespaces.map(rs);
                        String vars = rs.getString("v_document");
                        String rules = rs.getString("d_document");
                        rows.put(ns.id().value(), new NamespaceLevel(ns,
                                vars == null ? Optional.empty() : Optional.of(new Versioned<>(variables.parse(vars),
                                        rs.getLong("v_version"), instant(rs, "v_updated"))),
                                rules == null ? Optional.empty() : Optional.of(new Versioned<>(defaults.parse(rules),
                                        rs.getLong("d_version"), instant(rs, "d_updated")))));
                    }
                }
            }
            return rows;
        });
        List<NamespaceLevel> levels = new ArrayList<>(found.size());
        for (NamespaceId a : ancestors) {
            NamespaceLevel level = found.get(a.value());
            if (level != null) {
                levels.add(level);
            }
        }
        return levels;
    }

    JdbcDatabase database() {
        return db;
    }

    DocumentStore<Map<String, Object>> variableDocuments() {
        return variables;
    }

    DocumentStore<List<PluginDefault>> defaultDocuments() {
        return defaults;
    }

    private static JdbcDatabase.Context ctx(String op, TenantId tenant, NamespaceId ns) {
        return new JdbcDatabase.Context(op, tenant == null ? null : tenant.value(), ns == null ? null : ns.value(), null);
    }

    private Object ts(Instant instant) {
        return db.timestamp(instant);
    }

    private Instant instant(ResultSet rs, String column) throws SQLException {
        return db.instant(rs, column);
    }

    private static ConflictException conflict(String what, TenantId tenant, NamespaceId id, long expected, long actual) {
        return new ConflictException("Conflict updating " + what + " of namespace '" + id + "' (tenant '" + tenant
                + "'): expected version " + expected + " but the current version is " + actual + "; re-read and retry");
    }

    private static NotFoundException namespaceNotFound(TenantId tenant, NamespaceId id, String hint) {
        return new NotFoundException("Namespace '" + id + "' does not exist (tenant '" + tenant + "')" + hint);
    }

    private void publish(ChangeEvent event) {
        changes.publishLocal(event);
    }

    /** Current version of a namespace row, empty when it does not exist. */
    private OptionalLong namespaceVersion(Connection c, TenantId tenant, NamespaceId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + db.table("namespace")
                + " WHERE tenant = ? AND id = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private final class Namespaces implements NamespaceStore {
        private static final String COLUMNS = "tenant, id, description, allowed_namespaces, secret_store, version, created, updated";

        private Namespace map(ResultSet rs) throws SQLException {
            List<AllowedNamespace> allowed = new ArrayList<>();
            for (String pattern : Json.stringListFromJson(rs.getString("allowed_namespaces"))) {
                allowed.add(AllowedNamespace.parse(pattern));
            }
            return new Namespace(TenantId.of(rs.getString("tenant")), NamespaceId.of(rs.getString("id")),
                    rs.getString("description"), allowed, Optional.ofNullable(rs.getString("secret_store")),
                    rs.getLong("version"), instant(rs, "created"), instant(rs, "updated"));
        }

        private Optional<Namespace> select(Connection c, TenantId tenant, NamespaceId id) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + db.table("namespace")
                    + " WHERE tenant = ? AND id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        }

        @Override
        public Optional<Namespace> get(TenantId tenant, NamespaceId id) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(id, "id");
            return db.read(ctx("get namespace", tenant, id), c -> select(c, tenant, id));
        }

        @Override
        public List<Namespace> list(TenantId tenant) {
            Objects.requireNonNull(tenant, "tenant");
            return db.read(ctx("list namespaces", tenant, null), c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + db.table("namespace")
                        + " WHERE tenant = ? ORDER BY id")) {
                    ps.setString(1, tenant.value());
                    List<Namespace> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(map(rs));
                        }
                    }
                    // the database's collation may differ from Java's; the contract is NamespaceId order
                    out.sort((a, b) -> a.id().compareTo(b.id()));
                    return List.copyOf(out);
                }
            });
        }

        /** The revision row of a namespace's properties, written in the same transaction as the change. */
        private void insertPropertiesRevision(Connection c, Namespace ns) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("revision")
                    + " (tenant, namespace, kind, version, document, written) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, ns.tenant().value());
                ps.setString(2, ns.id().value());
                ps.setString(3, JdbcRevisionHistory.PROPERTIES_KIND);
                ps.setLong(4, ns.version());
                ps.setString(5, Json.toJson(ns.properties().asTree()));
                ps.setObject(6, ts(ns.updated()));
                ps.executeUpdate();
            }
        }

        private static String allowedJson(NamespaceProperties p) {
            List<String> patterns = new ArrayList<>();
            for (AllowedNamespace a : p.allowedNamespaces()) {
                patterns.add(a.pattern());
            }
            return Json.toJson(patterns);
        }

        @Override
        public Namespace create(TenantId tenant, NamespaceId id, NamespaceProperties properties) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(properties, "properties");
            Instant now = db.now();
            Namespace created = new Namespace(tenant, id, properties.description(), properties.allowedNamespaces(),
                    properties.secretStore(), 1, now, now);
            db.write(ctx("create namespace", tenant, id), c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("namespace") + " (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
                    ps.setString(1, tenant.value());
                    ps.setString(2, id.value());
                    ps.setString(3, properties.description());
                    ps.setString(4, allowedJson(properties));
                    ps.setString(5, properties.secretStore().orElse(null));
                    ps.setObject(6, ts(now));
                    ps.setObject(7, ts(now));
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (JdbcDatabase.isUniqueViolation(e)) {
                        throw new ConflictException("Namespace '" + id + "' already exists (tenant '" + tenant + "')");
                    }
                    throw e;
                }
                insertPropertiesRevision(c, created);
                changes.append(c, ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
                return null;
            });
            publish(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
            return created;
        }

        @Override
        public Namespace update(TenantId tenant, NamespaceId id, NamespaceProperties properties, long expectedVersion) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(properties, "properties");
            Namespace updated = db.write(ctx("update namespace", tenant, id), c -> {
                int rows;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + db.table("namespace")
                        + " SET description = ?, allowed_namespaces = ?, secret_store = ?, version = version + 1,"
                        + " updated = ? WHERE tenant = ? AND id = ? AND version = ?")) {
                    ps.setString(1, properties.description());
                    ps.setString(2, allowedJson(properties));
                    ps.setString(3, properties.secretStore().orElse(null));
                    ps.setObject(4, ts(db.now()));
                    ps.setString(5, tenant.value());
                    ps.setString(6, id.value());
                    ps.setLong(7, expectedVersion);
                    rows = ps.executeUpdate();
                }
                if (rows == 0) {
                    OptionalLong current = namespaceVersion(c, tenant, id);
                    if (current.isEmpty()) {
                        throw namespaceNotFound(tenant, id, "");
                    }
                    throw conflict("properties", tenant, id, expectedVersion, current.getAsLong());
                }
                Namespace after = select(c, tenant, id).orElseThrow();
                insertPropertiesRevision(c, after);
                changes.append(c, ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
                return after;
            });
            publish(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
            return updated;
        }

        @Override
        public void delete(TenantId tenant, NamespaceId id, long expectedVersion) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(id, "id");
            db.write(ctx("delete namespace", tenant, id), c -> {
                int rows;
                // variables, plugin defaults and revisions go with it (ON DELETE CASCADE), in this transaction
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + db.table("namespace")
                        + " WHERE tenant = ? AND id = ? AND version = ?")) {
                    ps.setString(1, tenant.value());
                    ps.setString(2, id.value());
                    ps.setLong(3, expectedVersion);
                    rows = ps.executeUpdate();
                }
                if (rows == 0) {
                    OptionalLong current = namespaceVersion(c, tenant, id);
                    if (current.isEmpty()) {
                        throw namespaceNotFound(tenant, id, "");
                    }
                    throw conflict("properties", tenant, id, expectedVersion, current.getAsLong());
                }
                changes.append(c, ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
                return null;
            });
            publish(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
        }

        @Override
        public void markUsed(TenantId tenant, Collection<NamespaceId> ids) {
            Objects.requireNonNull(tenant, "tenant");
            Set<NamespaceId> copy = new LinkedHashSet<>();
            for (NamespaceId i : Objects.requireNonNull(ids, "ids")) {
                copy.add(Objects.requireNonNull(i, "namespace id"));
            }
            if (copy.isEmpty()) {
                return;
            }
            String sql = db.dialect().insertIfAbsent(db.table("used_namespace"), "tenant, id", "tenant, id");
            db.write(ctx("mark namespaces used", tenant, null), c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (NamespaceId id : copy) {
                        ps.setString(1, tenant.value());
                        ps.setString(2, id.value());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }

        @Override
        public Set<NamespaceId> used(TenantId tenant) {
            Objects.requireNonNull(tenant, "tenant");
            return db.read(ctx("list used namespaces", tenant, null), c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + db.table("used_namespace")
                        + " WHERE tenant = ?")) {
                    ps.setString(1, tenant.value());
                    Set<NamespaceId> out = new LinkedHashSet<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(NamespaceId.of(rs.getString(1)));
                        }
                    }
                    return Set.copyOf(out);
                }
            });
        }

        /** Keyset page on the primary key: {@code WHERE tenant = ? AND id > ? ... ORDER BY id LIMIT ?}. */
        @Override
        public List<Namespace> listPage(TenantId tenant, NamespaceQuery query) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(query, "query");
            return db.read(ctx("list a page of namespaces", tenant, null),
                    c -> page(c, "SELECT " + COLUMNS + " FROM " + db.table("namespace"), tenant, query, this::map, Namespace::id));
        }

        @Override
        public List<NamespaceId> usedPage(TenantId tenant, NamespaceQuery query) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(query, "query");
            return db.read(ctx("list a page of used namespaces", tenant, null),
                    c -> page(c, "SELECT id FROM " + db.table("used_namespace"), tenant, query,
                            rs -> NamespaceId.of(rs.getString(1)), id -> id));
        }

        /**
         * One index range per statement: {@code id > after}, or for a subtree the descendants' range
         * {@code [root + ".", root + "/")} (above the cursor), with the root itself added by a {@code UNION ALL}
         * when it lies after the cursor (an {@code OR} of the two would keep PostgreSQL from reading the index in
         * order). No {@code LIKE}, so '_' in ids needs no escaping.
         */
        private <T> List<T> page(Connection c, String select, TenantId tenant, NamespaceQuery query, RowMapper<T> mapper,
                                 Function<T, NamespaceId> key) throws SQLException {
            String id = "id" + idCollation(c);
            List<Object> args = new ArrayList<>();
            String sql;
            if (query.subtree().isEmpty()) {
                StringBuilder b = new StringBuilder(select).append(" WHERE tenant = ?");
                args.add(tenant.value());
                if (query.after().isPresent()) {
                    b.append(" AND ").append(id).append(" > ?");
                    args.add(query.after().get().value());
                }
                sql = b.append(" ORDER BY ").append(id).append(" LIMIT ?").toString();
                args.add(query.limit());
            } else {
                NamespaceId root = query.subtree().get();
                String low = root.value() + ".";
                boolean afterLow = query.after().isPresent() && query.after().get().value().compareTo(low) >= 0;
                String range = select + " WHERE tenant = ? AND " + id + (afterLow ? " > ?" : " >= ?") + " AND " + id
                        + " < ? ORDER BY " + id + " LIMIT ?";
                boolean withRoot = query.after().isEmpty() || root.compareTo(query.after().get()) > 0;
                if (withRoot) {
                    args.add(tenant.value());
                    args.add(root.value());
                }
                args.add(tenant.value());
                args.add(afterLow ? query.after().get().value() : low);
                args.add(NamespaceQuery.descendantsUpperBound(root));
                args.add(query.limit());
                // the root and at most limit descendants, sorted and cut below (no ORDER BY over a union:
                // PostgreSQL accepts only plain column names there, not a collated id)
                sql = withRoot ? "(" + select + " WHERE tenant = ? AND id = ?) UNION ALL (" + range + ")" : range;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object arg : args) {
                    if (arg instanceof Integer limit) {
                        ps.setInt(i++, limit);
                    } else {
                        ps.setString(i++, (String) arg);
                    }
                }
                List<T> out = new ArrayList<>(Math.min(query.limit() + 1, 256));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                if (query.subtree().isPresent()) {
                    out.sort(Comparator.comparing(key));
                    if (out.size() > query.limit()) {
                        out.subList(query.limit(), out.size()).clear();
                    }
                }
                return List.copyOf(out);
            }
        }
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * What follows the id column in paged comparisons and ordering so that the database orders ids as
     * {@link String#compareTo} does: nothing on H2 (Java order) and MySQL/MariaDB (binary collation columns);
     * on PostgreSQL nothing when the database's collation already sorts ids that way (C, C.UTF-8, POSIX,
     * checked once with a probe query), else {@code COLLATE "C"}, which is correct but cannot use the primary
     * key index, so large tenants want a database created with a C collation.
     */
    private String idCollation(Connection c) throws SQLException {
        String collation = idCollation;
        if (collation == null) {
            collation = "";
            if (db.dialect() == JdbcDatabase.Dialect.POSTGRESQL) {
                List<String> probe = List.of("a", "a-", "a-.b", "a-b", "a.a", "a.a-", "a.b", "a0", "a_", "aa", "b");
                List<String> sorted = new ArrayList<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM (VALUES ('b'),"
                        + " ('a.a-'), ('a_'), ('a-b'), ('a'), ('aa'), ('a.b'), ('a-.b'), ('a0'), ('a.a'), ('a-')) AS t(v)"
                        + " ORDER BY v")) {
                    while (rs.next()) {
                        sorted.add(rs.getString(1));
                    }
                }
                if (!sorted.equals(probe)) {
                    collation = " COLLATE \"C\"";
                }
            }
            idCollation = collation;
        }
        return collation;
    }

    /** Serializes a document to its stored JSON. */
    @FunctionalInterface
    interface Writer<T> {
        String toJson(T value);
    }

    /** Parses a stored JSON document. */
    @FunctionalInterface
    interface Reader<T> {
        T fromJson(String json);
    }

    /**
     * One versioned document per namespace (variables or plugin defaults), with a revision row per version.
     * Thread-safe.
     */
    final class DocumentStore<T> {
        private final String table;
        private final String revisionKind;
        private final ChangeEvent.Kind kind;
        private final Writer<T> writer;
        private final Reader<T> reader;
        private final String what;

        DocumentStore(String table, String revisionKind, ChangeEvent.Kind kind, Writer<T> writer, Reader<T> reader) {
            this.table = table;
            this.revisionKind = revisionKind;
            this.kind = kind;
            this.writer = writer;
            this.reader = reader;
            this.what = table.replace('_', ' ');
        }

        String revisionKind() {
            return revisionKind;
        }

        T parse(String json) {
            return reader.fromJson(json);
        }

        Optional<Versioned<T>> get(TenantId tenant, NamespaceId namespace) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(namespace, "namespace");
            return db.read(ctx("get " + what, tenant, namespace), c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT document, version, updated FROM "
                        + db.table(table) + " WHERE tenant = ? AND namespace = ?")) {
                    ps.setString(1, tenant.value());
                    ps.setString(2, namespace.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                        return Optional.of(new Versioned<>(reader.fromJson(rs.getString(1)), rs.getLong(2),
                                instant(rs, "updated")));
                    }
                }
            });
        }

        Versioned<T> put(TenantId tenant, NamespaceId namespace, T value, long expectedVersion) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(namespace, "namespace");
            String json = writer.toJson(value);
            T stored = reader.fromJson(json);
            Instant now = db.now();
            Versioned<T> written = db.write(ctx("put " + what, tenant, namespace), c -> {
                long newVersion = expectedVersion + 1;
                if (expectedVersion == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table(table)
                            + " (tenant, namespace, document, version, updated) VALUES (?, ?, ?, 1, ?)")) {
                        ps.setString(1, tenant.value());
                        ps.setString(2, namespace.value());
                        ps.setString(3, json);
                        ps.setObject(4, ts(now));
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (JdbcDatabase.isForeignKeyViolation(e)) {
                            throw missing(tenant, namespace);
                        }
                        if (JdbcDatabase.isUniqueViolation(e)) {
                            throw new ConflictException("Conflict updating " + what + " of namespace '" + namespace
                                    + "' (tenant '" + tenant + "'): expected no document (version 0) but one exists;"
                                    + " re-read and retry");
                        }
                        throw e;
                    }
                } else {
                    int rows;
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + db.table(table)
                            + " SET document = ?, version = version + 1, updated = ?"
                            + " WHERE tenant = ? AND namespace = ? AND version = ?")) {
                        ps.setString(1, json);
                        ps.setObject(2, ts(now));
                        ps.setString(3, tenant.value());
                        ps.setString(4, namespace.value());
                        ps.setLong(5, expectedVersion);
                        rows = ps.executeUpdate();
                    }
                    if (rows == 0) {
                        if (namespaceVersion(c, tenant, namespace).isEmpty()) {
                            throw missing(tenant, namespace);
                        }
                        throw conflict(what, tenant, namespace, expectedVersion, currentVersion(c, tenant, namespace));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("revision")
                        + " (tenant, namespace, kind, version, document, written) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, tenant.value());
                    ps.setString(2, namespace.value());
                    ps.setString(3, revisionKind);
                    ps.setLong(4, newVersion);
                    ps.setString(5, json);
                    ps.setObject(6, ts(now));
                    ps.executeUpdate();
                }
                changes.append(c, ChangeEvent.of(tenant, namespace, kind));
                return new Versioned<>(stored, newVersion, now);
            });
            publish(ChangeEvent.of(tenant, namespace, kind));
            return written;
        }

        private long currentVersion(Connection c, TenantId tenant, NamespaceId namespace) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + db.table(table)
                    + " WHERE tenant = ? AND namespace = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, namespace.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        }

        private NotFoundException missing(TenantId tenant, NamespaceId namespace) {
            return namespaceNotFound(tenant, namespace, "; create it before setting its " + what);
        }

        VariableStore asVariableStore() {
            @SuppressWarnings("unchecked")
            DocumentStore<Map<String, Object>> self = (DocumentStore<Map<String, Object>>) this;
            return new VariableStore() {
                @Override
                public Optional<Versioned<Map<String, Object>>> get(TenantId tenant, NamespaceId namespace) {
                    return self.get(tenant, namespace);
                }

                @Override
                public Versioned<Map<String, Object>> put(TenantId tenant, NamespaceId namespace,
                                                          Map<String, Object> vars, long expectedVersion) {
                    return self.put(tenant, namespace,
                            TreeData.storableCopy(Objects.requireNonNull(vars, "variables"),
                                    "variables of namespace '" + namespace + "'"), expectedVersion);
                }
            };
        }

        PluginDefaultsStore asPluginDefaultsStore() {
            @SuppressWarnings("unchecked")
            DocumentStore<List<PluginDefault>> self = (DocumentStore<List<PluginDefault>>) this;
            return new PluginDefaultsStore() {
                @Override
                public Optional<Versioned<List<PluginDefault>>> get(TenantId tenant, NamespaceId namespace) {
                    return self.get(tenant, namespace);
                }

                @Override
                public Versioned<List<PluginDefault>> put(TenantId tenant, NamespaceId namespace,
                                                          List<PluginDefault> rules, long expectedVersion) {
                    return self.put(tenant, namespace, TreeData.storableRules(Objects.requireNonNull(rules, "rules"),
                            "plugin defaults of namespace '" + namespace + "'"), expectedVersion);
                }
            };
        }
    }
}
