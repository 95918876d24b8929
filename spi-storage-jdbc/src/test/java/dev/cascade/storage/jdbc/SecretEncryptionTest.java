package dev.cascade.storage.jdbc;

import dev.cascade.BackendException;
import dev.cascade.ConfigurationException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encryption at rest, on every dialect (MariaDB through both drivers): what is stored, wrong keys, tampering, rotation. */
class SecretEncryptionTest {
    private static final java.util.List<String> PG_PREFIXES = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final java.util.List<String> MARIADB_PREFIXES = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final TenantId TENANT = TenantId.of("enc");
    private static final NamespaceId NS = NamespaceId.of("company.secrets");
    private static final String VALUE = "s3cr3t-value-that-must-stay-encrypted";

    @AfterAll
    static void dropTables() {
        PG_PREFIXES.forEach(TestDatabases::dropPostgresTables);
        MARIADB_PREFIXES.forEach(TestDatabases::dropMariaDbTables);
    }

    /** A fresh database (H2) or fresh prefix (PostgreSQL, MariaDB through either driver) per call. */
    private static JdbcConfig.Builder config(String dialect) {
        if (dialect.equals("h2")) {
            return TestDatabases.h2(TestDatabases.uniquePrefix("ench2"));
        }
        if (!dialect.equals("postgresql")) {
            String prefix = TestDatabases.uniquePrefix("enc" + dialect);
            MARIADB_PREFIXES.add(prefix);
            return TestDatabases.mariaDb(dialect, prefix);
        }
        String prefix = TestDatabases.uniquePrefix("enc");
        PG_PREFIXES.add(prefix);
        return TestDatabases.postgres(prefix);
    }

    private static Connection raw(JdbcConfig config) throws SQLException {
        String url = config.url().orElseThrow();
        if (url.startsWith("jdbc:h2:")) {
            return DriverManager.getConnection(url);
        }
        return url.startsWith("jdbc:postgresql:") ? TestDatabases.pgConnection() : TestDatabases.mariaDbConnection();
    }

    private static TenantId tenant() {
        return TenantId.of("enc-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    private static SecretKey key(String k) {
        return SecretKey.of(k);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void storedBytesAreCiphertextWithKeyIdAndFreshNonce(String dialect) throws Exception {
        JdbcConfig config = config(dialect).encryptionKey("k1", TestDatabases.newKey()).build();
        TenantId tenant = tenant();
        try (JdbcSecretStore store = JdbcSecretStore.create(config); Connection c = raw(config)) {
            store.put(tenant, NS, key("A"), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
            store.put(tenant, NS, key("B"), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id, nonce, ciphertext FROM "
                    + config.tablePrefix() + "secret WHERE tenant = ? ORDER BY secret_key")) {
                ps.setString(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    String keyId = rs.getString(1);
                    byte[] nonceA = rs.getBytes(2);
                    byte[] cipherA = rs.getBytes(3);
                    assertThat(rs.next()).isTrue();
                    byte[] nonceB = rs.getBytes(2);
                    byte[] cipherB = rs.getBytes(3);
                    assertThat(keyId).isEqualTo("k1");
                    assertThat(nonceA).hasSize(12);
                    assertThat(nonceA).isNotEqualTo(nonceB);
                    assertThat(cipherA).isNotEqualTo(cipherB);
                    // ciphertext = plaintext length + 16-byte tag, and holds no plaintext
                    assertThat(cipherA).hasSize(VALUE.getBytes(StandardCharsets.UTF_8).length + 16);
                    assertThat(new String(cipherA, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
                }
            }
            assertThat(store.get(tenant, NS, key("A"))).map(SecretValue::reveal).contains(VALUE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void wrongKeyForAKnownKeyIdIsRefusedNamingTheId(String dialect) {
        JdbcConfig.Builder base = config(dialect);
        JdbcConfig right = base.encryptionKey("prod-2024", TestDatabases.newKey()).build();
        try (JdbcSecretStore store = JdbcSecretStore.create(right)) {
            store.put(tenant(), NS, key("K"), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        }
        String wrongKey = TestDatabases.newKey();
        JdbcConfig wrong = right.toBuilder().encryptionKey("prod-2024", wrongKey).build();
        assertThatThrownBy(() -> JdbcSecretStore.create(wrong))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("prod-2024")
                .hasMessageContaining("Wrong encryption key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongKey).doesNotContain(VALUE));
    }

    /**
     * Stores {@code key} under key id {@code old}, then returns a configuration of the same tables that knows
     * only a new key id: the value becomes one under a retired key.
     */
    private static JdbcConfig retiredKeyHolding(String dialect, TenantId tenant, String key) {
        JdbcConfig old = config(dialect).encryptionKey("old", TestDatabases.newKey()).build();
        try (JdbcSecretStore store = JdbcSecretStore.create(old)) {
            store.put(tenant, NS, key(key), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        }
        return JdbcConfig.builder().url(old.url().orElseThrow()).user(old.user().orElse(null))
                .password(old.password().orElse(null)).tablePrefix(old.tablePrefix())
                .encryptionKey("new", TestDatabases.newKey()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void aValueUnderAnUnconfiguredKeyIdDoesNotStopTheNamespacesOtherSecrets(String dialect) {
        TenantId tenant = tenant();
        JdbcConfig onlyNew = retiredKeyHolding(dialect, tenant, "RETIRED");
        try (JdbcSecretStore store = JdbcSecretStore.create(onlyNew)) {
            store.put(tenant, NS, key("CURRENT"), SecretValue.of("current-value-1234"), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
            // the one-call prefetch declines (the resolver then lists and reads key by key) instead of failing
            assertThat(store.prefetch(tenant, NS, 64)).isEmpty();
            dev.cascade.backend.InMemoryStorage namespaces = new dev.cascade.backend.InMemoryStorage();
            namespaces.namespaces().create(tenant, NS, dev.cascade.namespace.NamespaceProperties.EMPTY);
            try (dev.cascade.resolve.Resolver resolver = dev.cascade.resolve.Resolver.builder()
                    .storage(namespaces)
                    .secretStores(dev.cascade.secret.SecretStores.single(store)).build()) {
                assertThat(resolver.render(tenant, NS, "{{ secret('CURRENT') }}", java.util.Map.of()).output())
                        .isEqualTo("current-value-1234");
                assertThatThrownBy(() -> resolver.render(tenant, NS, "{{ secret('RETIRED') }}", java.util.Map.of()))
                        .isInstanceOf(dev.cascade.CascadeException.class)
                        .hasMessageContaining("RETIRED")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void valueUnderAnUnconfiguredKeyIdGivesAClearError(String dialect) {
        TenantId tenant = tenant();
        JdbcConfig onlyNew = retiredKeyHolding(dialect, tenant, "K");
        try (JdbcSecretStore store = JdbcSecretStore.create(onlyNew)) {
            assertThatThrownBy(() -> store.get(tenant, NS, key("K")))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("key id 'old'")
                    .hasMessageContaining("not configured")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));
            // metadata stays readable without the key
            assertThat(store.metadata(tenant, NS, key("K"))).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void corruptedOrMovedCiphertextIsDetected(String dialect) throws Exception {
        JdbcConfig config = config(dialect).encryptionKey("k1", TestDatabases.newKey()).build();
        TenantId tenant = tenant();
        try (JdbcSecretStore store = JdbcSecretStore.create(config); Connection c = raw(config)) {
            store.put(tenant, NS, key("FLIPPED"), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            store.put(tenant, NS, key("SOURCE"), SecretValue.of("moved-value"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            store.put(tenant, NS, key("TARGET"), SecretValue.of("target-value"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            String table = config.tablePrefix() + "secret";
            // flip one bit of a stored ciphertext
            byte[] cipher = select(c, table, tenant, "FLIPPED", "ciphertext");
            cipher[3] ^= 0x01;
            update(c, table, tenant, "FLIPPED", "ciphertext", cipher);
            // copy another row's nonce and ciphertext over TARGET
            update(c, table, tenant, "TARGET", "nonce", select(c, table, tenant, "SOURCE", "nonce"));
            update(c, table, tenant, "TARGET", "ciphertext", select(c, table, tenant, "SOURCE", "ciphertext"));

            for (String k : new String[] {"FLIPPED", "TARGET"}) {
                assertThatThrownBy(() -> store.get(tenant, NS, key(k)))
                        .isInstanceOf(BackendException.class)
                        .hasMessageContaining("failed AES-GCM authentication with key id 'k1'")
                        .hasMessageContaining(k)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE).doesNotContain("moved-value"));
            }
            assertThat(store.get(tenant, NS, key("SOURCE"))).map(SecretValue::reveal).contains("moved-value");
            assertThatThrownBy(() -> store.getAll(tenant, NS)).isInstanceOf(BackendException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "mysql"})
    void rotationReEncryptsEverythingUnderTheNewKey(String dialect) throws Exception {
        String k1 = TestDatabases.newKey();
        String k2 = TestDatabases.newKey();
        JdbcConfig v1 = config(dialect).encryptionKey("k1", k1).build();
        TenantId tenant = tenant();
        TenantId other = tenant();
        try (JdbcSecretStore store = JdbcSecretStore.create(v1)) {
            for (int i = 0; i < 25; i++) {
                store.put(i % 2 == 0 ? tenant : other, NS, key("K" + i), SecretValue.of("value-" + i),
                        SecretAttributes.of("d" + i), SecretStore.ANY_VERSION);
            }
        }
        JdbcConfig both = v1.toBuilder().encryptionKey("k2", k2).activeKeyId("k1").build();
        long versionBefore;
        try (JdbcSecretStore store = JdbcSecretStore.create(both)) {
            versionBefore = store.metadata(tenant, NS, key("K0")).orElseThrow().version();
            assertThatThrownBy(() -> store.rotate("k3")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("k3");
            int rotated = store.rotate("k2");
            assertThat(rotated).isGreaterThanOrEqualTo(25);
            assertThat(store.activeKeyId()).isEqualTo("k2");
            assertThat(store.rotate("k2")).isZero();
            store.put(tenant, NS, key("NEW"), SecretValue.of("after-rotation"), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
        }
        try (Connection c = raw(v1); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT key_id FROM "
                + v1.tablePrefix() + "secret WHERE tenant IN (?, ?)")) {
            ps.setString(1, tenant.value());
            ps.setString(2, other.value());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("k2");
                assertThat(rs.next()).isFalse();
            }
        }
        // the old key is no longer needed
        JdbcConfig onlyK2 = JdbcConfig.builder().url(v1.url().orElseThrow()).user(v1.user().orElse(null))
                .password(v1.password().orElse(null)).tablePrefix(v1.tablePrefix()).encryptionKey("k2", k2).build();
        try (JdbcSecretStore store = JdbcSecretStore.create(onlyK2)) {
            for (int i = 0; i < 25; i++) {
                assertThat(store.get(i % 2 == 0 ? tenant : other, NS, key("K" + i))).map(SecretValue::reveal)
                        .contains("value-" + i);
            }
            assertThat(store.get(tenant, NS, key("NEW"))).map(SecretValue::reveal).contains("after-rotation");
            assertThat(store.metadata(tenant, NS, key("K0")).orElseThrow().version()).isEqualTo(versionBefore);
            assertThat(store.metadata(tenant, NS, key("K0")).orElseThrow().description()).isEqualTo("d0");
        }
    }

    private static byte[] select(Connection c, String table, TenantId tenant, String key, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM " + table
                + " WHERE tenant = ? AND namespace = ? AND secret_key = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, NS.value());
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Arrays.copyOf(rs.getBytes(1), rs.getBytes(1).length);
            }
        }
    }

    private static void update(Connection c, String table, TenantId tenant, String key, String column, byte[] value)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + column + " = ?"
                + " WHERE tenant = ? AND namespace = ? AND secret_key = ?")) {
            ps.setBytes(1, value);
            ps.setString(2, tenant.value());
            ps.setString(3, NS.value());
            ps.setString(4, key);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
