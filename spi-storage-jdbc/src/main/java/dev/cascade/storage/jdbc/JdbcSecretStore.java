package dev.cascade.storage.jdbc;

import dev.cascade.BackendException;
import dev.cascade.ConfigurationException;
import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Secret store {@code jdbc}: secrets per (tenant, namespace, key) in the {@code <prefix>secret} table,
 * encrypted at rest with AES-256-GCM. Each value gets a random 96-bit nonce; the key id is stored with it;
 * the authenticated data binds tenant, namespace, key and key id, so a ciphertext moved to another row, or
 * altered, fails to decrypt and is reported — never returned as garbage. At start every configured key is
 * checked against a check value stored the first time that key id was used, so a wrong key for a known id is
 * refused at once with an error naming the id.
 *
 * <p>{@link #rotate(String)} re-encrypts every value under another configured key. Writes are atomic
 * compare-and-set in SQL. {@link #subscribe(ChangeListener)} also delivers other nodes' secret changes (keys
 * only, never values).
 *
 * <p><b>Thread-safety:</b> thread-safe. <b>Secrecy:</b> plain values exist only in memory, in the arguments
 * and results of {@code put}, {@code get} and {@code getAll}; no log line, exception message or
 * {@code toString()} contains one.
 */
public final class JdbcSecretStore implements SecretStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSecretStore.class);
    private static final String META_COLUMNS = "secret_key, description, tags, version, updated";

    private final JdbcDatabase db;
    private final boolean ownsDatabase;
    private final SecretCipher cipher;
    private final ChangeLog changes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String activeKeyId;

    JdbcSecretStore(JdbcDatabase db, JdbcConfig keys, boolean ownsDatabase) {
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        try {
            Objects.requireNonNull(keys, "config");
            if (!keys.tablePrefix().equals(db.config().tablePrefix())) {
                throw new ConfigurationException("Invalid JDBC configuration: tablePrefix was '" + keys.tablePrefix()
                        + "' but it must equal the storage's table prefix '" + db.config().tablePrefix() + "'");
            }
            this.activeKeyId = keys.activeKeyId().orElseThrow(() -> new ConfigurationException(
                    "Invalid JDBC configuration: encryptionKey.<keyId> was '' but the jdbc secret store needs at least"
                            + " one AES-256 key (Base64 of 32 bytes), for example encryptionKey.k1"));
            this.cipher = new SecretCipher(keys);
            verifyKeys();
            this.changes = new ChangeLog(db, k -> k == ChangeEvent.Kind.SECRET, "cascade-jdbc-secret-changes-"
                    + db.config().tablePrefix());
        } catch (RuntimeException e) {
            if (ownsDatabase) {
                db.close();
            }
            throw e;
        }
    }

    /** A store on a pool built from {@code config}; closing the store closes the pool. */
    public static JdbcSecretStore create(JdbcConfig config) {
        return new JdbcSecretStore(JdbcDatabase.open(config, Clock.systemUTC()), config, true);
    }

    /** A store on the host's data source, which the host keeps and closes. */
    public static JdbcSecretStore create(DataSource dataSource, JdbcConfig config) {
        return new JdbcSecretStore(JdbcDatabase.wrap(dataSource, config, Clock.systemUTC()), config, false);
    }

    @Override
    public String name() {
        return JdbcDatabase.BACKEND;
    }

    /** The key id new values are encrypted with. */
    public String activeKeyId() {
        return activeKeyId;
    }

    private static JdbcDatabase.Context ctx(String op, TenantId tenant, NamespaceId ns, SecretKey key) {
        return new JdbcDatabase.Context(op, tenant == null ? null : tenant.value(), ns == null ? null : ns.value(),
                key == null ? null : key.value());
    }

    /** Stores a check value for each new key id and verifies the ones stored before. */
    private void verifyKeys() {
        List<String> wrong = new ArrayList<>();
        for (String keyId : cipher.keyIds()) {
            boolean ok = db.write(new JdbcDatabase.Context("verify encryption key", null, null, null), c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT check_nonce, check_value FROM "
                        + db.table("encryption_key") + " WHERE key_id = ?")) {
                    ps.setString(1, keyId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return cipher.verifyCheckValue(keyId, rs.getBytes(1), rs.getBytes(2));
                        }
                    }
                }
                SecretCipher.Sealed check = cipher.checkValue(keyId);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("encryption_key")
                        + " (key_id, check_nonce, check_value, created) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, keyId);
                    ps.setBytes(2, check.nonce());
                    ps.setBytes(3, check.ciphertext());
                    ps.setObject(4, db.timestamp(db.now()));
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (!JdbcDatabase.isUniqueViolation(e)) {
                        throw e;
                    }
                    // another node registered the same id at the same moment; verify on next start
                }
                return true;
            });
            if (!ok) {
                wrong.add(keyId);
            }
        }
        if (!wrong.isEmpty()) {
            throw new ConfigurationException("Wrong encryption key: the key configured for key id(s) " + wrong
                    + " is not the key that id had when secrets were first stored with table prefix '"
                    + db.config().tablePrefix() + "' (its check value does not verify); configure the original key"
                    + " for that id, or use a new key id");
        }
    }

    @Override
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        return db.read(ctx("get", tenant, namespace, key), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id, nonce, ciphertext FROM " + db.table("secret")
                    + " WHERE tenant = ? AND namespace = ? AND secret_key = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, namespace.value());
                ps.setString(3, key.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(decrypt("get", tenant, namespace, key, rs.getString(1), rs.getBytes(2),
                            rs.getBytes(3)));
                }
            }
        });
    }

    private SecretValue decrypt(String op, TenantId tenant, NamespaceId namespace, SecretKey key, String keyId,
                                byte[] nonce, byte[] ciphertext) {
        return decrypt(op, tenant, namespace, key, keyId, nonce, ciphertext, cipher.opener());
    }

    private SecretValue decrypt(String op, TenantId tenant, NamespaceId namespace, SecretKey key, String keyId,
                                byte[] nonce, byte[] ciphertext, SecretCipher.Opener opener) {
        if (!cipher.hasKey(keyId)) {
            throw new BackendException(JdbcDatabase.BACKEND, op, tenant.value(), namespace.value(), key.value(),
                    "the secret is encrypted with key id '" + keyId + "', which is not configured (configured key ids: "
                            + cipher.keyIds() + "); add encryptionKey." + keyId);
        }
        try {
            return SecretValue.of(opener.open(new SecretCipher.Sealed(keyId, nonce, ciphertext),
                    SecretCipher.aad(tenant.value(), namespace.value(), key.value(), keyId)));
        } catch (SecretCipher.AuthenticationFailure e) {
            throw new BackendException(JdbcDatabase.BACKEND, op, tenant.value(), namespace.value(), key.value(),
                    "the stored value failed AES-GCM authentication with key id '" + keyId + "': the ciphertext was "
                            + "corrupted or moved from another row, or the key configured for '" + keyId
                            + "' is not the one it was encrypted with");
        }
    }

    private SecretMetadata metadata(ResultSet rs) throws SQLException {
        return new SecretMetadata(SecretKey.of(rs.getString(1)), rs.getString(2), Json.stringsFromJson(rs.getString(3)),
                db.instant(rs, 5), rs.getLong(4));
    }

    @Override
    public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        return db.read(ctx("list", tenant, namespace, null), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + META_COLUMNS + " FROM " + db.table("secret")
                    + " WHERE tenant = ? AND namespace = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, namespace.value());
                List<SecretMetadata> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(metadata(rs));
                    }
                }
                out.sort(Comparator.comparing(SecretMetadata::key));
                return List.copyOf(out);
            }
        });
    }

    @Override
    public Optional<SecretMetadata> metadata(TenantId tenant, NamespaceId namespace, SecretKey key) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        return db.read(ctx("metadata", tenant, namespace, key), c -> selectMetadata(c, tenant, namespace, key));
    }

    private Optional<SecretMetadata> selectMetadata(Connection c, TenantId tenant, NamespaceId namespace, SecretKey key)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + META_COLUMNS + " FROM " + db.table("secret")
                + " WHERE tenant = ? AND namespace = ? AND secret_key = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, namespace.value());
            ps.setString(3, key.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(metadata(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public Map<SecretKey, SecretValue> getAll(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        return db.read(ctx("get all", tenant, namespace, null), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT secret_key, key_id, nonce, ciphertext FROM "
                    + db.table("secret") + " WHERE tenant = ? AND namespace = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, namespace.value());
                Map<SecretKey, SecretValue> out = new java.util.TreeMap<>();
                SecretCipher.Opener opener = cipher.opener();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SecretKey key = SecretKey.of(rs.getString(1));
                        out.put(key, decrypt("get all", tenant, namespace, key, rs.getString(2), rs.getBytes(3),
                                rs.getBytes(4), opener));
                    }
                }
                return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(out));
            }
        });
    }

    /** {@code true}: {@link #prefetch} is one {@code SELECT}. */
    @Override
    public boolean supportsPrefetch() {
        return true;
    }

    /**
     * The namespace's secrets in one {@code SELECT} of at most {@code maxKeys + 1} rows; empty, with nothing
     * decrypted, when there are more than {@code maxKeys}.
     */
    @Override
    public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys was '" + maxKeys + "' but it must be at least 1");
        }
        record Row(SecretKey key, String keyId, byte[] nonce, byte[] ciphertext) { }
        List<Row> rows = db.read(ctx("prefetch", tenant, namespace, null), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT secret_key, key_id, nonce, ciphertext FROM "
                    + db.table("secret") + " WHERE tenant = ? AND namespace = ? LIMIT ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, namespace.value());
                ps.setInt(3, maxKeys == Integer.MAX_VALUE ? maxKeys : maxKeys + 1);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(SecretKey.of(rs.getString(1)), rs.getString(2), rs.getBytes(3), rs.getBytes(4)));
                    }
                }
                return out;
            }
        });
        if (rows.size() > maxKeys) {
            return Optional.empty();
        }
        Map<SecretKey, SecretValue> out = new LinkedHashMap<>();
        SecretCipher.Opener opener = cipher.opener();
        for (Row r : rows) {
            try {
                out.put(r.key(), decrypt("prefetch", tenant, namespace, r.key(), r.keyId(), r.nonce(), r.ciphertext(),
                        opener));
            } catch (BackendException undecryptable) {
                // one value under a key id that is no longer configured (or tampered with) must not stop the
                // namespace's other secrets: the resolver then lists and reads key by key, and only a read of
                // that key fails, with this error
                return Optional.empty();
            }
        }
        return Optional.of(java.util.Collections.unmodifiableMap(out));
    }

    /** Raised inside a transaction to run it again (a concurrent create won the insert race). */
    private static final class RetryUpsert extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryUpsert() {
            super(null, null, false, false);
        }
    }

    @Override
    public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                              SecretAttributes attributes, long expectedVersion) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        SecretAttributes attrs = attributes == null ? SecretAttributes.NONE : attributes;
        String keyId = activeKeyId;
        SecretCipher.Sealed sealed = cipher.seal(keyId, value.reveal(),
                SecretCipher.aad(tenant.value(), namespace.value(), key.value(), keyId));
        String tags = Json.toJson(attrs.tags());
        for (int attempt = 1; ; attempt++) {
            try {
                SecretMetadata written = db.write(ctx("put", tenant, namespace, key), c -> {
                    Instant now = db.now();
                    boolean done = false;
                    if (expectedVersion != MUST_NOT_EXIST) {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE " + db.table("secret")
                                + " SET key_id = ?, nonce = ?, ciphertext = ?, description = ?, tags = ?,"
                                + " version = version + 1, updated = ? WHERE tenant = ? AND namespace = ? AND secret_key = ?"
                                + (expectedVersion == ANY_VERSION ? "" : " AND version = ?"))) {
                            ps.setString(1, keyId);
                            ps.setBytes(2, sealed.nonce());
                            ps.setBytes(3, sealed.ciphertext());
                            ps.setString(4, attrs.description());
                            ps.setString(5, tags);
                            ps.setObject(6, db.timestamp(now));
                            ps.setString(7, tenant.value());
                            ps.setString(8, namespace.value());
                            ps.setString(9, key.value());
                            if (expectedVersion != ANY_VERSION) {
                                ps.setLong(10, expectedVersion);
                            }
                            done = ps.executeUpdate() == 1;
                        }
                        if (!done && expectedVersion != ANY_VERSION) {
                            long current = selectMetadata(c, tenant, namespace, key).map(SecretMetadata::version).orElse(0L);
                            throw conflict("writing", tenant, namespace, key, expectedVersion, current);
                        }
                    }
                    if (!done) {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("secret")
                                + " (tenant, namespace, secret_key, key_id, nonce, ciphertext, description, tags, version,"
                                + " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")) {
                            ps.setString(1, tenant.value());
                            ps.setString(2, namespace.value());
                            ps.setString(3, key.value());
                            ps.setString(4, keyId);
                            ps.setBytes(5, sealed.nonce());
                            ps.setBytes(6, sealed.ciphertext());
                            ps.setString(7, attrs.description());
                            ps.setString(8, tags);
                            ps.setObject(9, db.timestamp(now));
                            ps.executeUpdate();
                        } catch (SQLException e) {
                            if (!JdbcDatabase.isUniqueViolation(e)) {
                                throw e;
                            }
                            if (expectedVersion == MUST_NOT_EXIST) {
                                throw new ConflictException("Conflict writing secret '" + key + "' in namespace '"
                                        + namespace + "' (tenant '" + tenant + "'): it already exists and the write"
                                        + " expected it not to");
                            }
                            throw new RetryUpsert();
                        }
                    }
                    changes.append(c, ChangeEvent.secret(tenant, namespace, key));
                    return selectMetadata(c, tenant, namespace, key).orElseThrow();
                });
                changes.publishLocal(ChangeEvent.secret(tenant, namespace, key));
                return written;
            } catch (RetryUpsert e) {
                if (attempt >= 5) {
                    throw new BackendException(JdbcDatabase.BACKEND, "put", tenant.value(), namespace.value(),
                            key.value(), "gave up after " + attempt + " concurrent create races");
                }
            }
        }
    }

    private static ConflictException conflict(String what, TenantId tenant, NamespaceId namespace, SecretKey key,
                                              long expected, long current) {
        return new ConflictException("Conflict " + what + " secret '" + key + "' in namespace '" + namespace
                + "' (tenant '" + tenant + "'): expected version " + expected + " but the current version is " + current);
    }

    @Override
    public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        boolean deleted = db.write(ctx("delete", tenant, namespace, key), c -> {
            int rows;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + db.table("secret")
                    + " WHERE tenant = ? AND namespace = ? AND secret_key = ?"
                    + (expectedVersion == ANY_VERSION ? "" : " AND version = ?"))) {
                ps.setString(1, tenant.value());
                ps.setString(2, namespace.value());
                ps.setString(3, key.value());
                if (expectedVersion != ANY_VERSION) {
                    ps.setLong(4, expectedVersion);
                }
                rows = ps.executeUpdate();
            }
            if (rows == 0) {
                if (expectedVersion == ANY_VERSION) {
                    return false;
                }
                Optional<SecretMetadata> current = selectMetadata(c, tenant, namespace, key);
                if (current.isEmpty()) {
                    throw new NotFoundException("Secret '" + key + "' does not exist in namespace '" + namespace
                            + "' (tenant '" + tenant + "')");
                }
                throw conflict("deleting", tenant, namespace, key, expectedVersion, current.get().version());
            }
            changes.append(c, ChangeEvent.secret(tenant, namespace, key));
            return true;
        });
        if (deleted) {
            changes.publishLocal(ChangeEvent.secret(tenant, namespace, key));
        }
        return deleted;
    }

    /**
     * Re-encrypts every stored value (all tenants) under {@code newKeyId}, which becomes this instance's key for
     * new writes. Each value is rewritten in its own small transaction guarded by its version, so rotation runs
     * while the store is in use; values keep their versions and no change events are sent (values are
     * unchanged). Other nodes must be given the new key (and {@code activeKeyId}) as well; old keys can be
     * removed from the configuration once rotation has returned on one node and every node writes with the
     * new key.
     *
     * @return the number of values re-encrypted
     * @throws ConfigurationException when {@code newKeyId} is not configured
     * @throws BackendException       when a stored value cannot be decrypted (naming its key id); values
     *                                rotated before it stay rotated
     */
    public int rotate(String newKeyId) {
        if (newKeyId == null || !cipher.hasKey(newKeyId)) {
            throw new ConfigurationException("Cannot rotate to key id '" + newKeyId + "': it is not configured"
                    + " (configured key ids: " + cipher.keyIds() + ")");
        }
        activeKeyId = newKeyId;
        int rotated = 0;
        int idlePasses = 0;
        while (true) {
            record Row(String tenant, String namespace, String key, String keyId, byte[] nonce, byte[] ciphertext,
                       long version) { }
            List<Row> batch = db.read(new JdbcDatabase.Context("rotate", null, null, null), c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT tenant, namespace, secret_key, key_id, nonce,"
                        + " ciphertext, version FROM " + db.table("secret") + " WHERE key_id <> ? ORDER BY tenant,"
                        + " namespace, secret_key LIMIT 200")) {
                    ps.setString(1, newKeyId);
                    List<Row> rows = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getBytes(5), rs.getBytes(6), rs.getLong(7)));
                        }
                    }
                    return rows;
                }
            });
            if (batch.isEmpty()) {
                break;
            }
            int progress = 0;
            for (Row r : batch) {
                TenantId tenant = TenantId.of(r.tenant());
                NamespaceId namespace = NamespaceId.of(r.namespace());
                SecretKey key = SecretKey.of(r.key());
                SecretValue plain = decrypt("rotate", tenant, namespace, key, r.keyId(), r.nonce(), r.ciphertext());
                SecretCipher.Sealed sealed = cipher.seal(newKeyId, plain.reveal(),
                        SecretCipher.aad(r.tenant(), r.namespace(), r.key(), newKeyId));
                int rows = db.write(ctx("rotate", tenant, namespace, key), c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + db.table("secret")
                            + " SET key_id = ?, nonce = ?, ciphertext = ? WHERE tenant = ? AND namespace = ?"
                            + " AND secret_key = ? AND version = ? AND key_id = ?")) {
                        ps.setString(1, newKeyId);
                        ps.setBytes(2, sealed.nonce());
                        ps.setBytes(3, sealed.ciphertext());
                        ps.setString(4, r.tenant());
                        ps.setString(5, r.namespace());
                        ps.setString(6, r.key());
                        ps.setLong(7, r.version());
                        ps.setString(8, r.keyId());
                        return ps.executeUpdate();
                    }
                });
                progress += rows;
            }
            rotated += progress;
            if (progress == 0 && ++idlePasses >= 3) {
                // values keep being rewritten under an old key by a node that has not been reconfigured
                throw new BackendException(JdbcDatabase.BACKEND, "rotate", null, null, null,
                        batch.size() + " values keep changing under old key ids while rotating; configure every node"
                                + " with activeKeyId '" + newKeyId + "' and rotate again");
            }
        }
        LOG.info("Re-encrypted {} secret values under key id '{}' (table prefix '{}')", rotated, newKeyId,
                db.config().tablePrefix());
        return rotated;
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
        return changes.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            changes.close();
            if (ownsDatabase) {
                db.close();
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcSecretStore{" + db.dialect().folder + ", tablePrefix=" + db.config().tablePrefix()
                + ", activeKeyId=" + activeKeyId + "}";
    }
}
