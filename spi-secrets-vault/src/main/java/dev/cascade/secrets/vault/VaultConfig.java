package dev.cascade.secrets.vault;

import dev.cascade.ConfigurationException;
import dev.cascade.config.ConfigSource;
import dev.cascade.config.ConfigValues;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of a {@link VaultSecretStore}. Built with {@link #builder()} or from provider properties
 * with {@link #fromProperties(Map)}; {@link Builder#build()} checks every property and reports all bad ones
 * at once in a {@link ConfigurationException}, as {@code <property> was '<value>' but it <reason>}
 * (credentials are shown as {@code '<redacted>'}).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows a credential.
 */
public final class VaultConfig {
    /** Default KV mount. */
    public static final String DEFAULT_MOUNT = "secret";
    /** Default path prefix under the mount. */
    public static final String DEFAULT_PATH_PREFIX = "cascade";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    /** Property names understood by {@link #fromProperties(Map)}. */
    public static final List<String> PROPERTIES = List.of(
            "address", "mount", "kvVersion", "pathPrefix", "vaultNamespace", "readOnly",
            "auth.method", "auth.token",
            "auth.approle.roleId", "auth.approle.secretId", "auth.approle.mount",
            "auth.userpass.username", "auth.userpass.password", "auth.userpass.mount",
            "auth.kubernetes.role", "auth.kubernetes.jwtFile", "auth.kubernetes.mount",
            "tls.caCertFile", "tls.trustStoreFile", "tls.trustStorePassword", "tls.trustStoreType",
            "connectTimeout", "requestTimeout", "retry.maxRetries", "retry.initialBackoff", "retry.maxBackoff");

    private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final URI address;
    private final String mount;
    private final int kvVersion;
    private final String pathPrefix;
    private final String vaultNamespace;
    private final boolean readOnly;
    private final VaultAuth auth;
    private final Path caCertFile;
    private final Path trustStoreFile;
    private final String trustStorePassword;
    private final String trustStoreType;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private VaultConfig(Builder b, URI address) {
        this.address = address;
        this.mount = b.mount;
        this.kvVersion = b.kvVersion;
        this.pathPrefix = b.pathPrefix;
        this.vaultNamespace = b.vaultNamespace;
        this.readOnly = b.readOnly;
        this.auth = b.auth;
        this.caCertFile = b.caCertFile;
        this.trustStoreFile = b.trustStoreFile;
        this.trustStorePassword = b.trustStorePassword;
        this.trustStoreType = b.trustStoreType;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads provider properties (see {@link #PROPERTIES} and docs/vault.md). Unknown properties,
     * unparseable values and invalid combinations are all reported at once.
     *
     * @throws ConfigurationException listing every bad property
     */
    public static VaultConfig fromProperties(Map<String, String> properties) {
        Map<String, String> p = properties == null ? Map.of() : new LinkedHashMap<>(properties);
        Builder b = builder();
        for (String k : p.keySet()) {
            if (!PROPERTIES.contains(k)) {
                // an unknown name may be a misspelt credential (auth.tokne): never echo its value
                b.problem(k, "<redacted>",
                        "is not a property of the vault secret store (known: " + String.join(", ", PROPERTIES) + ")");
            }
        }
        String address = p.get("address");
        if (address != null) {
            b.address(address);
        }
        if (p.containsKey("mount")) {
            b.mount(p.get("mount"));
        }
        if (p.containsKey("kvVersion")) {
            String v = p.get("kvVersion").strip();
            if (v.equals("1") || v.equals("2")) {
                b.kvVersion(Integer.parseInt(v));
            } else {
                b.problem("kvVersion", v, "must be 1 or 2");
            }
        }
        if (p.containsKey("pathPrefix")) {
            b.pathPrefix(p.get("pathPrefix"));
        }
        if (p.containsKey("vaultNamespace")) {
            b.vaultNamespace(p.get("vaultNamespace"));
        }
        if (p.containsKey("readOnly")) {
            b.readOnly(parseBoolean(b, "readOnly", p.get("readOnly")));
        }
        String method = p.getOrDefault("auth.method", "token").strip().toLowerCase(Locale.ROOT);
        switch (method) {
            case "token" -> b.auth(VaultAuth.token(p.get("auth.token")));
            case "approle" -> b.auth(new VaultAuth.AppRole(p.get("auth.approle.roleId"), p.get("auth.approle.secretId"),
                    p.getOrDefault("auth.approle.mount", VaultAuth.AppRole.DEFAULT_MOUNT)));
            case "userpass" -> b.auth(new VaultAuth.UserPass(p.get("auth.userpass.username"),
                    p.get("auth.userpass.password"), p.getOrDefault("auth.userpass.mount", VaultAuth.UserPass.DEFAULT_MOUNT)));
            case "kubernetes" -> b.auth(new VaultAuth.Kubernetes(p.get("auth.kubernetes.role"),
                    p.containsKey("auth.kubernetes.jwtFile") ? Path.of(p.get("auth.kubernetes.jwtFile"))
                            : VaultAuth.Kubernetes.DEFAULT_JWT_FILE,
                    p.getOrDefault("auth.kubernetes.mount", VaultAuth.Kubernetes.DEFAULT_MOUNT)));
            default -> b.problem("auth.method", method, "must be one of token, approle, userpass, kubernetes");
        }
        if (p.containsKey("tls.caCertFile")) {
            b.caCertFile(Path.of(p.get("tls.caCertFile")));
        }
        if (p.containsKey("tls.trustStoreFile")) {
            b.trustStore(Path.of(p.get("tls.trustStoreFile")), p.get("tls.trustStorePassword"),
                    p.getOrDefault("tls.trustStoreType", "PKCS12"));
        } else if (p.containsKey("tls.trustStorePassword") || p.containsKey("tls.trustStoreType")) {
            b.problem("tls.trustStoreFile", "", "must be set when tls.trustStorePassword or tls.trustStoreType is");
        }
        if (p.containsKey("connectTimeout")) {
            b.connectTimeout(parseDuration(b, "connectTimeout", p.get("connectTimeout")));
        }
        if (p.containsKey("requestTimeout")) {
            b.requestTimeout(parseDuration(b, "requestTimeout", p.get("requestTimeout")));
        }
        if (p.containsKey("retry.maxRetries")) {
            try {
                b.maxRetries(ConfigValues.integer(p.get("retry.maxRetries"), Integer.MIN_VALUE, Integer.MAX_VALUE));
            } catch (IllegalArgumentException e) {
                b.problem("retry.maxRetries", p.get("retry.maxRetries"), e.getMessage());
            }
        }
        if (p.containsKey("retry.initialBackoff")) {
            b.initialBackoff(parseDuration(b, "retry.initialBackoff", p.get("retry.initialBackoff")));
        }
        if (p.containsKey("retry.maxBackoff")) {
            b.maxBackoff(parseDuration(b, "retry.maxBackoff", p.get("retry.maxBackoff")));
        }
        return b.build();
    }

    /**
     * Reads the properties of {@link #fromProperties(Map)} from a source of module {@code vault}: with
     * {@link ConfigSource#standard(Map)}, {@code address} may also come from {@code cascade.vault.address} or
     * {@code CASCADE_VAULT_ADDRESS}, {@code auth.token} from {@code CASCADE_VAULT_AUTH_TOKEN}.
     *
     * @throws ConfigurationException listing every bad property
     */
    public static VaultConfig from(ConfigSource source) {
        return fromProperties(source.properties("vault", Set.copyOf(PROPERTIES), Set.of()));
    }

    private static boolean parseBoolean(Builder b, String name, String value) {
        try {
            return ConfigValues.bool(value);
        } catch (IllegalArgumentException e) {
            b.problem(name, value, e.getMessage());
            return false;
        }
    }

    /** The configuration grammar of core: {@code 500ms}, {@code 10S}, {@code 2m}, {@code 1h}, ISO-8601 {@code PT10S}. */
    static Duration parseDuration(Builder b, String name, String value) {
        try {
            return ConfigValues.duration(value);
        } catch (IllegalArgumentException e) {
            b.problem(name, value, e.getMessage());
            return null;
        }
    }

    /** Vault's address, for example {@code https://vault.example.com:8200}. */
    public URI address() {
        return address;
    }

    /** Path of the KV secrets engine mount, for example {@code secret}. */
    public String mount() {
        return mount;
    }

    /** KV engine version: 1 or 2. */
    public int kvVersion() {
        return kvVersion;
    }

    /** Prefix of every secret path inside the mount; empty for none. */
    public String pathPrefix() {
        return pathPrefix;
    }

    /** The Vault Enterprise namespace sent as {@code X-Vault-Namespace}, if any. */
    public Optional<String> vaultNamespace() {
        return Optional.ofNullable(vaultNamespace);
    }

    public boolean readOnly() {
        return readOnly;
    }

    public VaultAuth auth() {
        return auth;
    }

    public Optional<Path> caCertFile() {
        return Optional.ofNullable(caCertFile);
    }

    public Optional<Path> trustStoreFile() {
        return Optional.ofNullable(trustStoreFile);
    }

    /** The trust store password; never log it. */
    Optional<String> trustStorePassword() {
        return Optional.ofNullable(trustStorePassword);
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Retries after the first attempt, on connection errors and 412, 429, 500, 502, 503 answers. */
    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    @Override
    public String toString() {
        return "VaultConfig[address=" + address + ", mount=" + mount + ", kvVersion=" + kvVersion + ", pathPrefix="
                + pathPrefix + ", vaultNamespace=" + vaultNamespace + ", readOnly=" + readOnly + ", auth=" + auth
                + ", caCertFile=" + caCertFile + ", trustStoreFile=" + trustStoreFile + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + "]";
    }

    /**
     * Builds a {@link VaultConfig}. Setters only record; {@link #build()} validates everything at once.
     * Not thread-safe; use one builder per thread.
     */
    public static final class Builder {
        private final List<String> problems = new ArrayList<>();
        private String address;
        private String mount = DEFAULT_MOUNT;
        private int kvVersion = 2;
        private String pathPrefix = DEFAULT_PATH_PREFIX;
        private String vaultNamespace;
        private boolean readOnly;
        private VaultAuth auth;
        private Path caCertFile;
        private Path trustStoreFile;
        private String trustStorePassword;
        private String trustStoreType = "PKCS12";
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

        private Builder() {
        }

        void problem(String property, String value, String reason) {
            problems.add(property + " was '" + value + "' but it " + reason);
        }

        /** Required: Vault's base URL, {@code http} or {@code https}. */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /** KV mount path, default {@code secret}; may contain {@code /}. */
        public Builder mount(String mount) {
            this.mount = mount;
            return this;
        }

        /** 2 (default) or 1. */
        public Builder kvVersion(int kvVersion) {
            this.kvVersion = kvVersion;
            return this;
        }

        /** Path prefix, default {@code cascade}; {@code ""} for none; may contain {@code /}. */
        public Builder pathPrefix(String pathPrefix) {
            this.pathPrefix = pathPrefix;
            return this;
        }

        /** Vault Enterprise namespace sent as {@code X-Vault-Namespace}; {@code null} or blank for none. */
        public Builder vaultNamespace(String vaultNamespace) {
            this.vaultNamespace = vaultNamespace == null || vaultNamespace.isBlank() ? null : vaultNamespace.strip();
            return this;
        }

        /** Never write; for an existing layout maintained elsewhere. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Required: how to authenticate. */
        public Builder auth(VaultAuth auth) {
            this.auth = auth;
            return this;
        }

        /** PEM file with the CA certificate(s) to trust instead of the JDK's defaults. */
        public Builder caCertFile(Path caCertFile) {
            this.caCertFile = caCertFile;
            return this;
        }

        /** A trust store (PKCS12 or JKS) to trust instead of the JDK's defaults. */
        public Builder trustStore(Path file, String password, String type) {
            this.trustStoreFile = file;
            this.trustStorePassword = password;
            this.trustStoreType = type == null ? "PKCS12" : type;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** Retries after the first attempt; 0 disables retrying. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Validates every property and builds the configuration.
         *
         * @throws ConfigurationException listing every bad property
         */
        public VaultConfig build() {
            List<String> all = new ArrayList<>(problems);
            URI uri = null;
            if (address == null || address.isBlank()) {
                all.add("address was '" + (address == null ? "" : address) + "' but it is required (for example https://vault.example.com:8200)");
            } else {
                try {
                    uri = new URI(address.strip());
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https")) {
                        all.add("address was '" + address + "' but it must start with http:// or https://");
                        uri = null;
                    } else if (uri.getHost() == null) {
                        all.add("address was '" + address + "' but it has no host");
                        uri = null;
                    } else if (uri.getUserInfo() != null) {
                        all.add("address was '<redacted>' but it must not carry user information");
                        uri = null;
                    }
                } catch (URISyntaxException e) {
                    all.add("address was '" + address + "' but it is not a valid URL (" + e.getReason() + ")");
                }
            }
            checkPath(all, "mount", mount, false);
            checkPath(all, "pathPrefix", pathPrefix, true);
            if (kvVersion != 1 && kvVersion != 2) {
                all.add("kvVersion was '" + kvVersion + "' but it must be 1 or 2");
            }
            if (vaultNamespace != null && !vaultNamespace.matches("[A-Za-z0-9_./-]+")) {
                all.add("vaultNamespace was '" + vaultNamespace + "' but it may only hold letters, digits, '_', '-', '.' and '/'");
            }
            checkAuth(all);
            if (caCertFile != null && trustStoreFile != null) {
                all.add("tls.caCertFile was '" + caCertFile + "' but it cannot be combined with tls.trustStoreFile; choose one");
            }
            if (caCertFile != null && !Files.isReadable(caCertFile)) {
                all.add("tls.caCertFile was '" + caCertFile + "' but it is not a readable file");
            }
            if (trustStoreFile != null && !Files.isReadable(trustStoreFile)) {
                all.add("tls.trustStoreFile was '" + trustStoreFile + "' but it is not a readable file");
            }
            if (trustStoreType != null && !trustStoreType.equalsIgnoreCase("PKCS12") && !trustStoreType.equalsIgnoreCase("JKS")) {
                all.add("tls.trustStoreType was '" + trustStoreType + "' but it must be PKCS12 or JKS");
            }
            checkPositive(all, "connectTimeout", connectTimeout);
            checkPositive(all, "requestTimeout", requestTimeout);
            if (maxRetries < 0 || maxRetries > 10) {
                all.add("retry.maxRetries was '" + maxRetries + "' but it must be between 0 and 10");
            }
            checkPositive(all, "retry.initialBackoff", initialBackoff);
            checkPositive(all, "retry.maxBackoff", maxBackoff);
            if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
                all.add("retry.maxBackoff was '" + maxBackoff + "' but it must not be shorter than retry.initialBackoff ("
                        + initialBackoff + ")");
            }
            if (!all.isEmpty()) {
                throw new ConfigurationException("Invalid vault secret store configuration: " + String.join("; ", all));
            }
            return new VaultConfig(this, uri);
        }

        private void checkAuth(List<String> all) {
            if (auth == null) {
                if (problems.stream().noneMatch(p -> p.startsWith("auth.method"))) {
                    all.add("auth was 'null' but it is required (token, approle, userpass or kubernetes)");
                }
                return;
            }
            if (auth instanceof VaultAuth.Token t) {
                if (t.token() == null || t.token().isBlank()) {
                    all.add("auth.token was '<redacted>' but it is required for auth.method token and must not be blank");
                }
            } else if (auth instanceof VaultAuth.AppRole a) {
                if (a.roleId() == null || a.roleId().isBlank()) {
                    all.add("auth.approle.roleId was '' but it is required for auth.method approle");
                }
                if (a.secretId() == null || a.secretId().isBlank()) {
                    all.add("auth.approle.secretId was '<redacted>' but it is required for auth.method approle and must not be blank");
                }
                checkPath(all, "auth.approle.mount", a.mount(), false);
            } else if (auth instanceof VaultAuth.UserPass u) {
                if (u.username() == null || !u.username().matches("[A-Za-z0-9_.@-]+")) {
                    all.add("auth.userpass.username was '" + (u.username() == null ? "" : u.username())
                            + "' but it is required and may only hold letters, digits, '_', '.', '@' and '-'");
                }
                if (u.password() == null || u.password().isEmpty()) {
                    all.add("auth.userpass.password was '<redacted>' but it is required for auth.method userpass");
                }
                checkPath(all, "auth.userpass.mount", u.mount(), false);
            } else if (auth instanceof VaultAuth.Kubernetes k) {
                if (k.role() == null || k.role().isBlank()) {
                    all.add("auth.kubernetes.role was '' but it is required for auth.method kubernetes");
                }
                if (k.jwtFile() == null) {
                    all.add("auth.kubernetes.jwtFile was 'null' but it is required");
                }
                // the JWT file is read at login, not here: a pod may mount it after the store is configured
                checkPath(all, "auth.kubernetes.mount", k.mount(), false);
            }
        }

        private static void checkPath(List<String> all, String name, String value, boolean emptyAllowed) {
            if (value == null || value.isEmpty()) {
                if (!emptyAllowed) {
                    all.add(name + " was '' but it must not be empty");
                }
                return;
            }
            for (String segment : value.split("/", -1)) {
                if (!PATH_SEGMENT.matcher(segment).matches() || segment.equals("..") || segment.equals(".")) {
                    all.add(name + " was '" + value + "' but it must be '/'-separated segments of letters, digits, "
                            + "'_', '-' and '.', without leading, trailing or doubled '/'");
                    return;
                }
            }
        }

        private static void checkPositive(List<String> all, String name, Duration d) {
            if (d == null) {
                return; // a parse problem was already recorded
            }
            if (d.isNegative() || d.isZero()) {
                all.add(name + " was '" + d + "' but it must be positive");
            }
        }
    }
}
