package dev.cascade.storage.jdbc;

import dev.cascade.ConfigurationException;
import dev.cascade.config.ConfigSource;
import dev.cascade.config.ConfigValues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Configuration of the JDBC storage and secret store. Built with {@link #builder()} or from provider
 * properties with {@link #fromProperties(Map)}; validated at construction, reporting every bad property at
 * once as {@code "<property> was '<value>' but it <reason>"} (passwords and keys are shown as
 * {@code '<redacted>'}). Immutable and thread-safe; {@link #toString()} reveals no password or key.
 *
 * <p>Properties (names as used by {@link JdbcStorageProvider} and {@link JdbcSecretStoreProvider}):
 * {@code url}, {@code user}, {@code password}, {@code poolSize}, {@code tablePrefix}, {@code pollInterval},
 * {@code listenNotify}, {@code migrate}, {@code changeLogRetention}, {@code encryptionKey.<keyId>} (Base64 of
 * 32 bytes) and {@code activeKeyId}.
 */
public final class JdbcConfig {
    /** Prefix used when none is configured. */
    public static final String DEFAULT_TABLE_PREFIX = "cascade_";
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_CHANGE_LOG_RETENTION = Duration.ofHours(1);

    static final String ENCRYPTION_KEY_PROPERTY = "encryptionKey.";
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> KNOWN = Set.of("url", "user", "password", "poolSize", "tablePrefix",
            "pollInterval", "listenNotify", "migrate", "changeLogRetention", "activeKeyId");

    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final int poolSize;
    private final String tablePrefix;
    private final Duration pollInterval;
    private final boolean listenNotify;
    private final boolean migrate;
    private final Duration changeLogRetention;
    private final Map<String, byte[]> encryptionKeys;
    private final Optional<String> activeKeyId;

    private JdbcConfig(Builder b, List<String> problems) {
        List<String> errors = new ArrayList<>(problems);
        url = Optional.ofNullable(b.url).filter(s -> !s.isBlank());
        url.ifPresent(u -> {
            if (JdbcDatabase.Dialect.driverArtifact(u).isEmpty()) {
                errors.add("url was '" + redactUrl(u) + "' but it must start with " + JdbcDatabase.Dialect.urlPrefixes());
            }
        });
        user = Optional.ofNullable(b.user).filter(s -> !s.isEmpty());
        password = Optional.ofNullable(b.password).filter(s -> !s.isEmpty());
        poolSize = b.poolSize;
        if (poolSize < 1 || poolSize > 200) {
            errors.add("poolSize was '" + poolSize + "' but it must be between 1 and 200");
        }
        tablePrefix = b.tablePrefix == null ? DEFAULT_TABLE_PREFIX : b.tablePrefix;
        if (!PREFIX.matcher(tablePrefix).matches()) {
            errors.add("tablePrefix was '" + tablePrefix + "' but it must match [a-z][a-z0-9_]{0,29}");
        }
        pollInterval = b.pollInterval;
        if (pollInterval == null || pollInterval.compareTo(Duration.ofMillis(10)) < 0
                || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            errors.add("pollInterval was '" + pollInterval + "' but it must be between 10ms and 1 minute");
        }
        listenNotify = b.listenNotify;
        migrate = b.migrate;
        changeLogRetention = b.changeLogRetention;
        if (changeLogRetention == null || changeLogRetention.compareTo(Duration.ofMinutes(1)) < 0) {
            errors.add("changeLogRetention was '" + changeLogRetention + "' but it must be at least 1 minute");
        }
        Map<String, byte[]> keys = new TreeMap<>();
        for (Map.Entry<String, String> e : b.encryptionKeys.entrySet()) {
            String id = e.getKey();
            if (id == null || !KEY_ID.matcher(id).matches()) {
                errors.add(ENCRYPTION_KEY_PROPERTY + id + " was '<redacted>' but its key id must match [A-Za-z0-9_.-]{1,64}");
                continue;
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(e.getValue() == null ? "" : e.getValue().strip());
            } catch (IllegalArgumentException ex) {
                errors.add(ENCRYPTION_KEY_PROPERTY + id + " was '<redacted>' but it is not valid Base64");
                continue;
            }
            if (decoded.length != 32) {
                errors.add(ENCRYPTION_KEY_PROPERTY + id + " was '<redacted>' but it must decode to 32 bytes "
                        + "(AES-256), not " + decoded.length);
                continue;
            }
            keys.put(id, decoded);
        }
        encryptionKeys = Collections.unmodifiableMap(keys);
        String active = b.activeKeyId;
        if (active == null && b.encryptionKeys.size() == 1) {
            active = b.encryptionKeys.keySet().iterator().next();
        }
        if (active != null && !b.encryptionKeys.containsKey(active)) {
            errors.add("activeKeyId was '" + active + "' but it names no configured key (configured: "
                    + b.encryptionKeys.keySet() + ")");
        } else if (active == null && b.encryptionKeys.size() > 1) {
            errors.add("activeKeyId was '' but it is required when several encryption keys are configured "
                    + b.encryptionKeys.keySet());
        }
        activeKeyId = Optional.ofNullable(active);
        if (!errors.isEmpty()) {
            throw new ConfigurationException("Invalid JDBC configuration: " + String.join("; ", errors));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads provider properties. Unknown properties are refused together with every other problem.
     *
     * @throws ConfigurationException listing every bad property
     */
    public static JdbcConfig fromProperties(Map<String, String> properties) {
        Map<String, String> p = properties == null ? Map.of() : properties;
        Builder b = builder();
        for (Map.Entry<String, String> e : p.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (name.startsWith(ENCRYPTION_KEY_PROPERTY)) {
                b.encryptionKeys.put(name.substring(ENCRYPTION_KEY_PROPERTY.length()), value);
                continue;
            }
            if (!KNOWN.contains(name)) {
                b.problems.add(name + " was '" + (looksSecret(name) ? "<redacted>" : value)
                        + "' but it is not a known property (known: " + new TreeMap<>(toMap(KNOWN)).keySet()
                        + ", encryptionKey.<keyId>)");
                continue;
            }
            switch (name) {
                case "url" -> b.url(value);
                case "user" -> b.user(value);
                case "password" -> b.password(value);
                case "poolSize" -> b.poolSize = parseInt(b, name, value);
                case "tablePrefix" -> b.tablePrefix(value);
                case "pollInterval" -> b.pollInterval = parseDuration(b, name, value);
                case "listenNotify" -> b.listenNotify = parseBoolean(b, name, value);
                case "migrate" -> b.migrate = parseBoolean(b, name, value);
                case "changeLogRetention" -> b.changeLogRetention = parseDuration(b, name, value);
                case "activeKeyId" -> b.activeKeyId(value);
                default -> throw new IllegalStateException(name);
            }
        }
        return b.build();
    }

    /**
     * Reads the properties of {@link #fromProperties(Map)} from a source of module {@code jdbc}: with
     * {@link ConfigSource#standard(Map)}, {@code url} may also come from the system property
     * {@code cascade.jdbc.url} or the environment variable {@code CASCADE_JDBC_URL}, and
     * {@code encryptionKey.k1} from {@code CASCADE_JDBC_ENCRYPTION_KEY_k1}.
     *
     * @throws ConfigurationException listing every bad property
     */
    public static JdbcConfig from(ConfigSource source) {
        return fromProperties(source.properties("jdbc", KNOWN, Set.of(ENCRYPTION_KEY_PROPERTY)));
    }

    private static Map<String, String> toMap(Set<String> names) {
        Map<String, String> m = new LinkedHashMap<>();
        names.forEach(n -> m.put(n, n));
        return m;
    }

    private static boolean looksSecret(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.contains("pass") || n.contains("key") || n.contains("secret") || n.contains("token");
    }

    private static int parseInt(Builder b, String name, String value) {
        try {
            return ConfigValues.integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE);   // the range is checked below
        } catch (IllegalArgumentException e) {
            b.problems.add(name + " was '" + value + "' but it " + e.getMessage());
            return DEFAULT_POOL_SIZE;
        }
    }

    private static boolean parseBoolean(Builder b, String name, String value) {
        try {
            return ConfigValues.bool(value);
        } catch (IllegalArgumentException e) {
            b.problems.add(name + " was '" + value + "' but it " + e.getMessage());
            return true;
        }
    }

    /** The configuration grammar of core: {@code 500ms}, {@code 10S}, {@code 1h}, ISO-8601 {@code PT0.5S}. */
    static Duration parseDuration(Builder b, String name, String value) {
        try {
            return ConfigValues.duration(value);
        } catch (IllegalArgumentException e) {
            b.problems.add(name + " was '" + value + "' but it " + e.getMessage());
            return null;
        }
    }

    /** JDBC URL; empty when the host passes its own {@code DataSource}. */
    public Optional<String> url() {
        return url;
    }

    public Optional<String> user() {
        return user;
    }

    /** The password. Never log it. */
    public Optional<String> password() {
        return password;
    }

    public int poolSize() {
        return poolSize;
    }

    public String tablePrefix() {
        return tablePrefix;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public boolean listenNotify() {
        return listenNotify;
    }

    public boolean migrate() {
        return migrate;
    }

    public Duration changeLogRetention() {
        return changeLogRetention;
    }

    /** Configured key ids, sorted. */
    public Set<String> encryptionKeyIds() {
        return encryptionKeys.keySet();
    }

    /** The key id new secrets are encrypted with; empty when no key is configured. */
    public Optional<String> activeKeyId() {
        return activeKeyId;
    }

    /** A copy of one key's bytes. */
    Optional<byte[]> encryptionKey(String keyId) {
        byte[] k = encryptionKeys.get(keyId);
        return k == null ? Optional.empty() : Optional.of(k.clone());
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url.orElse(null);
        b.user = user.orElse(null);
        b.password = password.orElse(null);
        b.poolSize = poolSize;
        b.tablePrefix = tablePrefix;
        b.pollInterval = pollInterval;
        b.listenNotify = listenNotify;
        b.migrate = migrate;
        b.changeLogRetention = changeLogRetention;
        encryptionKeys.forEach((id, k) -> b.encryptionKeys.put(id, Base64.getEncoder().encodeToString(k)));
        b.activeKeyId = activeKeyId.orElse(null);
        return b;
    }

    @Override
    public String toString() {
        return "JdbcConfig{url=" + url.map(JdbcConfig::redactUrl).orElse("<DataSource>") + ", user=" + user.orElse("") + ", password="
                + (password.isPresent() ? "<redacted>" : "") + ", poolSize=" + poolSize + ", tablePrefix=" + tablePrefix
                + ", pollInterval=" + pollInterval + ", listenNotify=" + listenNotify + ", migrate=" + migrate
                + ", encryptionKeys=" + encryptionKeys.keySet() + ", activeKeyId=" + activeKeyId.orElse("") + "}";
    }

    /** Builds a {@link JdbcConfig}. Not thread-safe; {@link #build()} validates everything at once. */
    public static final class Builder {
        private final List<String> problems = new ArrayList<>();
        private String url;
        private String user;
        private String password;
        private int poolSize = DEFAULT_POOL_SIZE;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean listenNotify = true;
        private boolean migrate = true;
        private Duration changeLogRetention = DEFAULT_CHANGE_LOG_RETENTION;
        private final Map<String, String> encryptionKeys = new LinkedHashMap<>();
        private String activeKeyId;

        private Builder() {
        }

        /**
         * {@code jdbc:h2:...}, {@code jdbc:postgresql:...}, {@code jdbc:mariadb:...} or {@code jdbc:mysql:...}; not
         * needed when a {@code DataSource} is passed.
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Maximum connections of the pool built from {@link #url(String)} (default 10). */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Prefix of every table, index and the migration history table (default {@code cascade_}). */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
            return this;
        }

        /**
         * How often the change log is polled for other nodes' writes (default 500ms): the delivery delay on H2,
         * MariaDB and MySQL, the fallback on PostgreSQL. Each poll is one indexed query.
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** Whether to use PostgreSQL LISTEN/NOTIFY for prompt delivery (default true; ignored on other databases). */
        public Builder listenNotify(boolean listenNotify) {
            this.listenNotify = listenNotify;
            return this;
        }

        /** Whether to run the schema migrations at start (default true). */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** How long change-log entries are kept (default 1 hour). */
        public Builder changeLogRetention(Duration retention) {
            this.changeLogRetention = retention;
            return this;
        }

        /** Adds an AES-256 key: {@code keyId} is stored with each value; {@code base64Key} decodes to 32 bytes. */
        public Builder encryptionKey(String keyId, String base64Key) {
            encryptionKeys.put(keyId, base64Key);
            return this;
        }

        /** The key id new values are encrypted with; optional when exactly one key is configured. */
        public Builder activeKeyId(String keyId) {
            this.activeKeyId = keyId;
            return this;
        }

        /**
         * @throws ConfigurationException listing every bad property
         */
        public JdbcConfig build() {
            return new JdbcConfig(this, problems);
        }
    }

    /** The URL with any {@code password=} parameter masked, for messages. */
    static String redactUrl(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1<redacted>");
    }

    static String requireUrl(JdbcConfig config) {
        return config.url().orElseThrow(() -> new ConfigurationException(
                "Invalid JDBC configuration: url was '' but it is required when no DataSource is passed"));
    }

}
