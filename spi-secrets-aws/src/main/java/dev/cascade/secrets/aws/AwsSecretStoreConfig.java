package dev.cascade.secrets.aws;

import dev.cascade.ConfigurationException;
import dev.cascade.config.ConfigSource;
import dev.cascade.config.ConfigValues;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Configuration of an {@link AwsSecretStore}. Built with {@link #builder()} or read from provider properties
 * with {@link #fromProperties(Map)}; every bad property is reported at once, as
 * {@code "<property> was '<value>' but it <reason>"}, with the secret access key and session token shown as
 * {@code '<redacted>'}. Immutable and thread-safe; {@link #toString()} never shows credentials.
 */
public final class AwsSecretStoreConfig {

    /** How a read-only store finds the secrets it adopts. */
    public enum AdoptBy {
        /** By name: {@code {prefix}/{tenant}/{namespace}/{key}} (the only mode of a writable store). */
        NAME,
        /** By the tags {@code tenant}, {@code namespace} and {@code key}, whatever the secret's name. */
        TAGS
    }

    /** Retry modes of the AWS SDK. */
    public enum RetryMode { STANDARD, ADAPTIVE, LEGACY }

    public static final String DEFAULT_PREFIX = "cascade";
    public static final int DEFAULT_RECOVERY_WINDOW_DAYS = 30;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Longest secret name Secrets Manager accepts. */
    public static final int MAX_NAME_LENGTH = 512;

    /** Tag names this store writes on every secret it creates and never lets a caller overwrite. */
    public static final String TAG_TENANT = "tenant";
    public static final String TAG_NAMESPACE = "namespace";
    public static final String TAG_KEY = "key";
    static final Set<String> RESERVED_TAGS = Set.of(TAG_TENANT, TAG_NAMESPACE, TAG_KEY);

    /** Property names understood by {@link #fromProperties(Map)}. */
    public static final Set<String> PROPERTIES = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "region", "endpoint", "accessKeyId", "secretAccessKey", "sessionToken", "prefix", "readOnly", "adoptBy",
            "adoptNamePrefix", "requiredTags", "recoveryWindowDays", "forceDelete", "kmsKeyId", "batchGet",
            "maxAttempts", "retryMode", "connectTimeout", "readTimeout", "apiCallTimeout", "tagCacheTtl")));

    private static final String REDACTED = "<redacted>";

    private final String region;
    private final URI endpoint;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String prefix;
    private final boolean readOnly;
    private final AdoptBy adoptBy;
    private final String adoptNamePrefix;
    private final Map<String, String> requiredTags;
    private final int recoveryWindowDays;
    private final boolean forceDelete;
    private final String kmsKeyId;
    private final boolean batchGet;
    private final int maxAttempts;
    private final RetryMode retryMode;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration apiCallTimeout;
    private final Duration tagCacheTtl;

    private AwsSecretStoreConfig(Builder b) {
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        this.sessionToken = b.sessionToken;
        this.prefix = b.prefix;
        this.readOnly = b.readOnly;
        this.adoptBy = b.adoptBy;
        this.adoptNamePrefix = b.adoptNamePrefix;
        this.requiredTags = Collections.unmodifiableMap(new TreeMap<>(b.requiredTags));
        this.recoveryWindowDays = b.recoveryWindowDays;
        this.forceDelete = b.forceDelete;
        this.kmsKeyId = b.kmsKeyId;
        this.batchGet = b.batchGet;
        this.tagCacheTtl = b.tagCacheTtl;
        this.maxAttempts = b.maxAttempts;
        this.retryMode = b.retryMode;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.apiCallTimeout = b.apiCallTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads provider properties (see {@link #PROPERTIES}); unknown and malformed properties are reported
     * together with every other problem.
     *
     * @throws ConfigurationException listing every bad property
     */
    public static AwsSecretStoreConfig fromProperties(Map<String, String> properties) {
        Map<String, String> props = properties == null ? Map.of() : properties;
        List<String> problems = new ArrayList<>();
        Builder b = builder();
        for (Map.Entry<String, String> e : new TreeMap<>(props).entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue();
            switch (k) {
                case "region" -> b.region(v);
                case "endpoint" -> {
                    try {
                        b.endpoint(new URI(v));
                    } catch (URISyntaxException ex) {
                        problems.add("endpoint was '" + (v.contains("@") ? REDACTED : v) + "' but it is not a URI ("
                                + ex.getReason() + ")");
                    }
                }
                case "accessKeyId" -> b.accessKeyId = v;
                case "secretAccessKey" -> b.secretAccessKey = v;
                case "sessionToken" -> b.sessionToken = v;
                case "prefix" -> b.prefix(v);
                case "readOnly" -> parseBoolean(k, v, problems).ifPresent(b::readOnly);
                case "adoptBy" -> {
                    try {
                        b.adoptBy(AdoptBy.valueOf(v.trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException ex) {
                        problems.add("adoptBy was '" + v + "' but it must be name or tags");
                    }
                }
                case "adoptNamePrefix" -> b.adoptNamePrefix(v);
                case "requiredTags" -> parseTags(v, problems).ifPresent(b::requiredTags);
                case "recoveryWindowDays" -> parseInt(k, v, problems).ifPresent(b::recoveryWindowDays);
                case "forceDelete" -> parseBoolean(k, v, problems).ifPresent(b::forceDelete);
                case "kmsKeyId" -> b.kmsKeyId(v);
                case "batchGet" -> parseBoolean(k, v, problems).ifPresent(b::batchGet);
                case "maxAttempts" -> parseInt(k, v, problems).ifPresent(b::maxAttempts);
                case "retryMode" -> {
                    try {
                        b.retryMode(RetryMode.valueOf(v.trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException ex) {
                        problems.add("retryMode was '" + v + "' but it must be standard, adaptive or legacy");
                    }
                }
                case "connectTimeout" -> parseDuration(k, v, problems).ifPresent(b::connectTimeout);
                case "readTimeout" -> parseDuration(k, v, problems).ifPresent(b::readTimeout);
                case "apiCallTimeout" -> parseDuration(k, v, problems).ifPresent(b::apiCallTimeout);
                case "tagCacheTtl" -> parseDuration(k, v, problems).ifPresent(b::tagCacheTtl);
                default -> problems.add(k + " was '" + (isSensitiveName(k) ? REDACTED : v)
                        + "' but it is not a property of the aws-secrets-manager store (known: "
                        + String.join(", ", PROPERTIES) + ")");
            }
        }
        return b.build(problems);
    }

    /**
     * Reads the properties of {@link #fromProperties(Map)} from a source of module {@code aws}: with
     * {@link ConfigSource#standard(Map)}, {@code region} may also come from {@code cascade.aws.region} or
     * {@code CASCADE_AWS_REGION}.
     *
     * @throws ConfigurationException listing every bad property
     */
    public static AwsSecretStoreConfig from(ConfigSource source) {
        return fromProperties(source.properties("aws", PROPERTIES, Set.of()));
    }

    private static boolean isSensitiveName(String property) {
        String p = property.toLowerCase(Locale.ROOT);
        return p.contains("secret") || p.contains("token") || p.contains("password");
    }

    private static Optional<Boolean> parseBoolean(String k, String v, List<String> problems) {
        try {
            return Optional.of(ConfigValues.bool(v));
        } catch (IllegalArgumentException e) {
            problems.add(k + " was '" + v + "' but it " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseInt(String k, String v, List<String> problems) {
        try {
            return Optional.of(ConfigValues.integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            problems.add(k + " was '" + v + "' but it " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The configuration grammar of core: {@code 500ms}, {@code 30S}, {@code 2m}, {@code 1h}, ISO-8601 {@code PT30S}. */
    static Optional<Duration> parseDuration(String k, String v, List<String> problems) {
        try {
            return Optional.of(ConfigValues.duration(v));
        } catch (IllegalArgumentException e) {
            problems.add(k + " was '" + v + "' but it " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code k1=v1,k2=v2}. */
    private static Optional<Map<String, String>> parseTags(String v, List<String> problems) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (v.isBlank()) {
            return Optional.of(tags);
        }
        for (String pair : v.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                problems.add("requiredTags was '" + v + "' but it must be a list of key=value pairs separated by commas");
                return Optional.empty();
            }
            tags.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return Optional.of(tags);
    }

    static boolean isNameChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '_' || c == '+' || c == '=' || c == '.' || c == '@' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** AWS region, for example {@code eu-west-1}; empty means the SDK's default region chain. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** Endpoint override (a VPC endpoint, a local emulator); empty means the SDK's default. */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** Whether static credentials are configured; otherwise the SDK's default credentials chain is used. */
    public boolean hasStaticCredentials() {
        return accessKeyId != null;
    }

    public Optional<String> accessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    /** The static secret access key. Never log it. */
    Optional<String> secretAccessKey() {
        return Optional.ofNullable(secretAccessKey);
    }

    /** The static session token. Never log it. */
    Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    /** First part of every secret name. */
    public String prefix() {
        return prefix;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public AdoptBy adoptBy() {
        return adoptBy;
    }

    /** With {@link AdoptBy#TAGS}: only secrets whose name starts with this are adopted; empty means any name. */
    public Optional<String> adoptNamePrefix() {
        return Optional.ofNullable(adoptNamePrefix);
    }

    /** Tags a secret must carry to be seen; a writable store writes them on every secret it creates. */
    public Map<String, String> requiredTags() {
        return requiredTags;
    }

    /** Days a deleted secret can still be restored (7 to 30), unless {@link #forceDelete()}. */
    public int recoveryWindowDays() {
        return recoveryWindowDays;
    }

    /** Whether delete removes at once, without a recovery window. */
    public boolean forceDelete() {
        return forceDelete;
    }

    /** KMS key for secrets this store creates; empty means the account's {@code aws/secretsmanager} key. */
    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    /** Whether {@code getAll} uses {@code BatchGetSecretValue} (20 secrets a call) rather than one read per key. */
    public boolean batchGet() {
        return batchGet;
    }

    /**
     * With {@code adoptBy=tags}: how long the tag to secret mapping of a namespace (from one paginated
     * {@code ListSecrets}) is reused by {@code get} and {@code metadata}, which then read by ARN. Default 30
     * seconds; zero lists on every call. A secret tagged (or untagged) in AWS meanwhile shows up (or goes)
     * within this time; {@code list} and {@code getAll} always list afresh and refresh the mapping.
     */
    public Duration tagCacheTtl() {
        return tagCacheTtl;
    }

    /** Attempts per call, first one included, through the SDK's retry strategy. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public RetryMode retryMode() {
        return retryMode;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** Bound on one whole call, retries included. */
    public Duration apiCallTimeout() {
        return apiCallTimeout;
    }

    @Override
    public String toString() {
        return "AwsSecretStoreConfig[region=" + region + ", endpoint=" + endpoint + ", credentials="
                + (hasStaticCredentials() ? "static(" + accessKeyId + ")" : "default-chain") + ", prefix=" + prefix
                + ", readOnly=" + readOnly + ", adoptBy=" + adoptBy + ", adoptNamePrefix=" + adoptNamePrefix
                + ", requiredTags=" + requiredTags + ", recoveryWindowDays=" + recoveryWindowDays
                + ", forceDelete=" + forceDelete + ", batchGet=" + batchGet + ", maxAttempts=" + maxAttempts
                + ", retryMode=" + retryMode + ", tagCacheTtl=" + tagCacheTtl + "]";
    }

    /** Collects options; {@link #build()} validates them all at once. Not thread-safe. */
    public static final class Builder {
        private String region;
        private URI endpoint;
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private String prefix = DEFAULT_PREFIX;
        private boolean readOnly;
        private AdoptBy adoptBy = AdoptBy.NAME;
        private String adoptNamePrefix;
        private Map<String, String> requiredTags = Map.of();
        private int recoveryWindowDays = DEFAULT_RECOVERY_WINDOW_DAYS;
        private boolean forceDelete;
        private String kmsKeyId;
        private boolean batchGet = true;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private RetryMode retryMode = RetryMode.STANDARD;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration apiCallTimeout = Duration.ofSeconds(60);
        private Duration tagCacheTtl = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Static credentials; {@code sessionToken} may be null. Without them the default chain is used. */
        public Builder staticCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            this.sessionToken = sessionToken;
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder adoptBy(AdoptBy adoptBy) {
            this.adoptBy = adoptBy;
            return this;
        }

        public Builder adoptNamePrefix(String adoptNamePrefix) {
            this.adoptNamePrefix = adoptNamePrefix;
            return this;
        }

        public Builder requiredTags(Map<String, String> requiredTags) {
            this.requiredTags = requiredTags == null ? Map.of() : new LinkedHashMap<>(requiredTags);
            return this;
        }

        public Builder recoveryWindowDays(int days) {
            this.recoveryWindowDays = days;
            return this;
        }

        public Builder forceDelete(boolean forceDelete) {
            this.forceDelete = forceDelete;
            return this;
        }

        public Builder kmsKeyId(String kmsKeyId) {
            this.kmsKeyId = kmsKeyId;
            return this;
        }

        public Builder batchGet(boolean batchGet) {
            this.batchGet = batchGet;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder retryMode(RetryMode retryMode) {
            this.retryMode = retryMode;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /** See {@link AwsSecretStoreConfig#tagCacheTtl()}; zero turns the cache off. */
        public Builder tagCacheTtl(Duration tagCacheTtl) {
            this.tagCacheTtl = tagCacheTtl;
            return this;
        }

        public Builder apiCallTimeout(Duration apiCallTimeout) {
            this.apiCallTimeout = apiCallTimeout;
            return this;
        }

        /**
         * @throws ConfigurationException listing every bad option
         */
        public AwsSecretStoreConfig build() {
            return build(new ArrayList<>());
        }

        private AwsSecretStoreConfig build(List<String> problems) {
            region = blankToNull(region);
            accessKeyId = blankToNull(accessKeyId);
            secretAccessKey = blankToNull(secretAccessKey);
            sessionToken = blankToNull(sessionToken);
            adoptNamePrefix = blankToNull(adoptNamePrefix);
            kmsKeyId = blankToNull(kmsKeyId);
            if (region != null && !region.matches("[a-z0-9-]+")) {
                problems.add("region was '" + region + "' but it must look like eu-west-1 (lowercase letters, digits, '-')");
            }
            if (endpoint != null) {
                String scheme = endpoint.getScheme();
                if (endpoint.getRawUserInfo() != null || (endpoint.getRawAuthority() != null
                        && endpoint.getRawAuthority().contains("@"))) {
                    // user info may hold a password: never echo it (here, in toString or in errors)
                    problems.add("endpoint was '" + REDACTED + "' but it must not carry user information");
                } else if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
                    problems.add("endpoint was '" + endpoint + "' but it must be an absolute http or https URI with a host");
                }
            }
            if (accessKeyId != null && secretAccessKey == null) {
                problems.add("secretAccessKey was '' but it is required when accessKeyId is set");
            }
            if (accessKeyId == null && secretAccessKey != null) {
                problems.add("accessKeyId was '' but it is required when secretAccessKey is set");
            }
            if (accessKeyId == null && sessionToken != null) {
                problems.add("sessionToken was '" + REDACTED + "' but it needs accessKeyId and secretAccessKey");
            }
            if (prefix == null || prefix.isEmpty()) {
                problems.add("prefix was '' but it must not be empty");
            } else {
                if (!isNameChars(prefix)) {
                    problems.add("prefix was '" + prefix + "' but it may only use letters, digits and / _ + = . @ -");
                }
                if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
                    problems.add("prefix was '" + prefix + "' but it must not start or end with '/' nor contain '//'");
                }
                if (prefix.length() > 128) {
                    problems.add("prefix was '" + prefix + "' but it is longer than 128 characters");
                }
            }
            if (adoptBy == null) {
                problems.add("adoptBy was 'null' but it must be name or tags");
            } else if (adoptBy == AdoptBy.TAGS && !readOnly) {
                problems.add("adoptBy was 'tags' but it needs readOnly=true (a writable store names its secrets "
                        + "{prefix}/{tenant}/{namespace}/{key})");
            }
            if (adoptNamePrefix != null) {
                if (!isNameChars(adoptNamePrefix)) {
                    problems.add("adoptNamePrefix was '" + adoptNamePrefix + "' but it may only use letters, digits and / _ + = . @ -");
                }
                if (adoptBy != AdoptBy.TAGS) {
                    problems.add("adoptNamePrefix was '" + adoptNamePrefix + "' but it applies only with adoptBy=tags "
                            + "(by name, the prefix property is the filter)");
                }
            }
            for (Map.Entry<String, String> t : requiredTags.entrySet()) {
                String k = t.getKey() == null ? "" : t.getKey();
                String v = t.getValue() == null ? "" : t.getValue();
                if (k.isEmpty() || k.length() > 127) {
                    problems.add("requiredTags was '" + requiredTags + "' but tag key '" + k + "' must have 1 to 127 characters");
                } else if (RESERVED_TAGS.contains(k) || k.startsWith("aws:")) {
                    problems.add("requiredTags was '" + requiredTags + "' but tag key '" + k
                            + "' is reserved (tenant, namespace, key and aws:*)");
                }
                if (v.length() > 255) {
                    problems.add("requiredTags was '" + requiredTags + "' but the value of tag '" + k + "' is longer than 255 characters");
                }
            }
            if (requiredTags.size() > 40) {
                problems.add("requiredTags was '" + requiredTags + "' but it has more than 40 tags (Secrets Manager allows 50 per secret)");
            }
            if (recoveryWindowDays < 7 || recoveryWindowDays > 30) {
                problems.add("recoveryWindowDays was '" + recoveryWindowDays + "' but it must be between 7 and 30");
            }
            if (maxAttempts < 1 || maxAttempts > 20) {
                problems.add("maxAttempts was '" + maxAttempts + "' but it must be between 1 and 20");
            }
            if (retryMode == null) {
                problems.add("retryMode was 'null' but it must be standard, adaptive or legacy");
            }
            checkPositive("connectTimeout", connectTimeout, problems);
            checkPositive("readTimeout", readTimeout, problems);
            checkPositive("apiCallTimeout", apiCallTimeout, problems);
            if (tagCacheTtl == null || tagCacheTtl.isNegative() || tagCacheTtl.compareTo(Duration.ofHours(1)) > 0) {
                problems.add("tagCacheTtl was '" + tagCacheTtl + "' but it must be between zero and one hour");
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException("Invalid aws-secrets-manager secret store configuration: "
                        + String.join("; ", problems));
            }
            return new AwsSecretStoreConfig(this);
        }

        private static void checkPositive(String name, Duration d, List<String> problems) {
            if (d == null || d.isZero() || d.isNegative()) {
                problems.add(name + " was '" + d + "' but it must be a positive duration");
            }
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }
}
