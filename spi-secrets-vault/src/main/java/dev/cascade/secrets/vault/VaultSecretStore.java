package dev.cascade.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.ReadOnlyStoreException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Secrets in a HashiCorp Vault KV secrets engine, version 2 (default) or 1.
 *
 * <p><b>Layout.</b> The secret {@code KEY} of namespace {@code company.marketing} in tenant {@code main}
 * lives at {@code {mount}/…/{pathPrefix}/main/company.marketing/KEY}: the namespace id is one path
 * segment, so a child namespace never appears as a sub-folder of its parent. The secret's data holds the
 * value in the field {@code value}. A secret written by other tools without a {@code value} field is
 * returned whole, as a JSON object, so {@code secret('KEY', subkey='field')} can pick one field.
 *
 * <p><b>KV v2.</b> Versions are Vault's own ({@code current_version}); writes use check-and-set
 * ({@code options.cas}), so {@link #put} is an atomic compare-and-set. The description is kept in the
 * key's {@code custom_metadata} under {@code description}; every other {@code custom_metadata} entry is a
 * tag. Vault stores data and {@code custom_metadata} through two endpoints, so a put that changes the
 * description or tags makes a second request after the value is written; should that request fail the
 * error says so and repeating the put completes it. Delete removes the metadata and all versions; Vault
 * has no conditional delete, so a delete with an expected version checks it just before deleting.
 * On a mount or key with {@code cas_required}, a put with {@link #ANY_VERSION} reads {@code current_version}
 * and sends it as {@code cas} (once more on a race). A version mismatch met by a write that needed a retry
 * is read back: if the current version is the expected one plus one and holds the value sent, the lost
 * answer was ours and the put succeeds. A create-only put over a soft-deleted latest version (which reads
 * as absent) writes with {@code cas} = that version. On a mount or key with {@code delete_version_after}
 * every version carries its future {@code deletion_time}: it is live until that time has passed (by this
 * host's clock). Description and tags are checked against Vault's {@code custom_metadata} rules before
 * anything is written ({@link VaultCustomMetadataRules}); they are stored as they are, not encoded.
 * Listing uses {@code GET …?list=true}, never the custom {@code LIST} method, which proxies may not route.
 *
 * <p><b>KV v1.</b> Vault keeps no versions or metadata, so the store keeps them itself in the data, next
 * to {@code value}, under the field {@code __cascade} ({@code version}, {@code description}, {@code tags},
 * {@code updated}). Writes check the expected version just before writing but cannot do so atomically:
 * {@link #supportsCompareAndSet()} is {@code false}.
 *
 * <p><b>Read-only.</b> With {@link VaultConfig#readOnly()} the store only reads (an existing layout kept
 * by other tools); {@link #put} and {@link #delete} throw {@link ReadOnlyStoreException}.
 *
 * <p>Thread-safe. No value or token ever reaches a log line, an exception message or {@link #toString()}.
 */
public final class VaultSecretStore implements SecretStore {
    /** The data field holding a secret's value. */
    public static final String VALUE_FIELD = "value";
    /** KV v1 only: the data field holding the store's own bookkeeping. */
    public static final String BOOKKEEPING_FIELD = "__cascade";
    /** KV v2: the {@code custom_metadata} entry holding the description. */
    public static final String DESCRIPTION_ENTRY = "description";

    private final VaultConfig config;
    private final VaultHttp http;
    private final ObjectMapper json;
    private volatile boolean casRequiredSeen;

    /** A store for the given configuration; no request is made until the first operation. */
    public VaultSecretStore(VaultConfig config) {
        this(config, VaultHttp.create(Objects.requireNonNull(config, "config"), new ObjectMapper()));
    }

    VaultSecretStore(VaultConfig config, VaultHttp http) {
        this.config = config;
        this.http = http;
        this.json = http.json();
    }

    @Override
    public String name() {
        return VaultHttp.BACKEND;
    }

    public VaultConfig config() {
        return config;
    }

    @Override
    public boolean isReadOnly() {
        return config.readOnly();
    }

    /** {@code true} for KV v2 (check-and-set), {@code false} for KV v1. */
    @Override
    public boolean supportsCompareAndSet() {
        return config.kvVersion() == 2;
    }

    /** The secret's path inside the mount: {@code {pathPrefix}/{tenant}/{namespace}/{key}}. */
    public String pathOf(TenantId tenant, NamespaceId namespace, SecretKey key) {
        return folderOf(tenant, namespace) + "/" + key.value();
    }

    private String folderOf(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        String prefix = config.pathPrefix().isEmpty() ? "" : config.pathPrefix() + "/";
        return prefix + tenant.value() + "/" + namespace.value();
    }

    private String dataPath(String path) {
        return config.kvVersion() == 2 ? config.mount() + "/data/" + path : config.mount() + "/" + path;
    }

    private String metadataPath(String path) {
        return config.kvVersion() == 2 ? config.mount() + "/metadata/" + path : config.mount() + "/" + path;
    }

    private static VaultHttp.Op op(String operation, TenantId tenant, NamespaceId namespace, SecretKey key) {
        return new VaultHttp.Op(operation, tenant.value(), namespace.value(), key == null ? null : key.value());
    }

    // ---- reads ------------------------------------------------------------------------------------------

    @Override
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        Objects.requireNonNull(key, "key");
        VaultHttp.Op op = op("get", tenant, namespace, key);
        return readData(pathOf(tenant, namespace, key), op).map(this::valueOf);
    }

    /** The secret's data object, empty when there is none (or its latest version is deleted). */
    private Optional<ObjectNode> readData(String path, VaultHttp.Op op) {
        String p = dataPath(path);
        VaultHttp.Response r = http.send("GET", p, null, op);
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw http.unexpected(r, "GET", p, op);
        }
        JsonNode data = config.kvVersion() == 2 ? r.body().path("data").path("data") : r.body().path("data");
        return data instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    }

    private SecretValue valueOf(ObjectNode data) {
        JsonNode v = data.get(VALUE_FIELD);
        if (v != null) {
            return SecretValue.of(v.isTextual() ? v.asText() : v.toString());
        }
        ObjectNode whole = data.deepCopy();
        whole.remove(BOOKKEEPING_FIELD);
        return SecretValue.of(whole.toString());
    }

    @Override
    public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        List<SecretMetadata> result = new ArrayList<>();
        for (SecretKey key : listKeys(tenant, namespace)) {
            metadata(tenant, namespace, key).ifPresent(result::add);
        }
        return List.copyOf(result);
    }

    /** Keys directly in the namespace's folder, sorted; folders and names that are not keys are skipped. */
    private List<SecretKey> listKeys(TenantId tenant, NamespaceId namespace) {
        VaultHttp.Op op = op("list", tenant, namespace, null);
        // GET with list=true rather than the custom LIST method, which proxies in front of Vault (ingresses,
        // WAFs) may not route; Vault documents both as the same operation
        // (https://developer.hashicorp.com/vault/api-docs#api-operations)
        String p = metadataPath(folderOf(tenant, namespace)) + "?list=true";
        VaultHttp.Response r = http.send("GET", p, null, op);
        if (r.status() == 404) {
            return List.of(); // Vault's answer for a folder with nothing in it
        }
        if (!r.ok()) {
            throw http.unexpected(r, "GET", p, op);
        }
        List<SecretKey> keys = new ArrayList<>();
        for (JsonNode k : r.body().path("data").path("keys")) {
            String name = k.asText();
            if (!name.endsWith("/") && SecretKey.isValid(name)) {
                keys.add(SecretKey.of(name));
            }
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public Optional<SecretMetadata> metadata(TenantId tenant, NamespaceId namespace, SecretKey key) {
        Objects.requireNonNull(key, "key");
        VaultHttp.Op op = op("metadata", tenant, namespace, key);
        String path = pathOf(tenant, namespace, key);
        if (config.kvVersion() == 1) {
            return readData(path, op).map(d -> v1Metadata(key, d));
        }
        return readV2Metadata(path, op).filter(m -> !m.latestVersionDeleted()).map(m -> v2Metadata(key, m.data()));
    }

    /** A key's metadata ({@code data} of the metadata endpoint) and the time it was read. */
    private record KeyMetadata(JsonNode data, Instant readAt) {
        long currentVersion() {
            return data.path("current_version").asLong(0);
        }

        /**
         * Whether the latest version reads as absent: destroyed, or its {@code deletion_time} has passed. A
         * {@code deletion_time} in the future is not a deletion: on a mount or key with
         * {@code delete_version_after} every new version carries the time it will be deleted
         * (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete_version_after), and Vault
         * serves the version until then. Judged by this host's clock: a clock behind Vault's shows a version
         * soft-deleted that instant as present in the metadata for as long as the skew (its value already
         * reads as absent). A time that cannot be read counts as passed.
         */
        boolean latestVersionDeleted() {
            long current = currentVersion();
            if (current == 0) {
                return true;
            }
            JsonNode v = data.path("versions").path(Long.toString(current));
            if (v.path("destroyed").asBoolean(false)) {
                return true;
            }
            String deletion = v.path("deletion_time").asText("");
            if (deletion.isEmpty()) {
                return false;
            }
            try {
                return !Instant.parse(deletion).isAfter(readAt);
            } catch (DateTimeParseException e) {
                return true;
            }
        }
    }

    private Optional<KeyMetadata> readV2Metadata(String path, VaultHttp.Op op) {
        String p = metadataPath(path);
        VaultHttp.Response r = http.send("GET", p, null, op);
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw http.unexpected(r, "GET", p, op);
        }
        return Optional.of(new KeyMetadata(r.body().path("data"), now()));
    }

    private Instant now() {
        return http.clock().instant();
    }

    private static SecretMetadata v2Metadata(SecretKey key, JsonNode meta) {
        Map<String, String> custom = customMetadata(meta.path("custom_metadata"));
        String description = custom.remove(DESCRIPTION_ENTRY);
        return new SecretMetadata(key, description, custom, instant(meta.path("updated_time")),
                meta.path("current_version").asLong());
    }

    private static SecretMetadata v1Metadata(SecretKey key, ObjectNode data) {
        JsonNode b = data.path(BOOKKEEPING_FIELD);
        Map<String, String> tags = customMetadata(b.path("tags"));
        return new SecretMetadata(key, b.path("description").asText(""), tags, instant(b.path("updated")),
                b.path("version").asLong(1));
    }

    private static Map<String, String> customMetadata(JsonNode node) {
        Map<String, String> m = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    private static Instant instant(JsonNode node) {
        String s = node == null ? "" : node.asText("");
        if (s.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** One LIST and one read per secret (the default would also read each secret's metadata). */
    @Override
    public Map<SecretKey, SecretValue> getAll(TenantId tenant, NamespaceId namespace) {
        Map<SecretKey, SecretValue> result = new LinkedHashMap<>();
        for (SecretKey key : listKeys(tenant, namespace)) {
            readData(pathOf(tenant, namespace, key), op("getAll", tenant, namespace, key))
                    .ifPresent(d -> result.put(key, valueOf(d)));
        }
        return result;
    }

    // ---- writes -----------------------------------------------------------------------------------------

    private void checkWritable(String operation, TenantId tenant, NamespaceId namespace, SecretKey key) {
        if (config.readOnly()) {
            throw new ReadOnlyStoreException("The vault secret store is read-only (mount '" + config.mount()
                    + "', path prefix '" + config.pathPrefix() + "'): refusing to " + operation + " secret '" + key
                    + "' in namespace '" + namespace + "' (tenant '" + tenant + "')");
        }
    }

    @Override
    public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                              SecretAttributes attributes, long expectedVersion) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        checkWritable("write", tenant, namespace, key);
        if (expectedVersion < ANY_VERSION) {
            throw new IllegalArgumentException("expectedVersion must be ANY_VERSION, MUST_NOT_EXIST or a version, not "
                    + expectedVersion);
        }
        SecretAttributes attrs = attributes == null ? SecretAttributes.NONE : attributes;
        VaultHttp.Op op = op("put", tenant, namespace, key);
        return config.kvVersion() == 2
                ? putV2(tenant, namespace, key, value, attrs, expectedVersion, op)
                : putV1(tenant, namespace, key, value, attrs, expectedVersion, op);
    }

    /** Vault's answer when {@code options.cas} is not the current version. */
    static final String CAS_MISMATCH = "did not match the current version";
    /** Vault's answer for a write without {@code options.cas} on a mount or key with {@code cas_required}. */
    static final String CAS_REQUIRED = "check-and-set parameter required";

    private SecretMetadata putV2(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                 SecretAttributes attrs, long expectedVersion, VaultHttp.Op op) {
        ObjectNode custom = customMetadataFor(attrs, op);
        String path = pathOf(tenant, namespace, key);
        String p = dataPath(path);
        JsonNode written = null;
        if (expectedVersion == ANY_VERSION && !casRequiredSeen) {
            VaultHttp.Response r = http.send("POST", p, dataBody(value, null), op, value.reveal());
            if (r.status() == 400 && r.errors().contains(CAS_REQUIRED)) {
                casRequiredSeen = true; // from now on read the version first on this store's mount
            } else {
                written = written(r, p, op, value);
            }
        }
        if (written == null && expectedVersion == ANY_VERSION) {
            // cas_required: write over whatever version is current; one more try if another writer gets between
            for (int attempt = 1; written == null; attempt++) {
                long current = readV2Metadata(path, op).map(KeyMetadata::currentVersion).orElse(0L);
                Optional<JsonNode> w = casWrite(p, path, value, current, op);
                if (w.isPresent()) {
                    written = w.get();
                } else if (attempt == 2) {
                    throw conflict("writing", tenant, namespace, key, expectedVersion);
                }
            }
        } else if (written == null) {
            long cas = expectedVersion == MUST_NOT_EXIST ? 0 : expectedVersion;
            Optional<JsonNode> w = casWrite(p, path, value, cas, op);
            if (w.isEmpty() && expectedVersion == MUST_NOT_EXIST) {
                // a secret whose latest version is soft-deleted reads as absent, but Vault's current_version is
                // still that deleted version: create-only means "over the deleted version" then
                Optional<KeyMetadata> meta = readV2Metadata(path, op);
                if (meta.isPresent() && meta.get().latestVersionDeleted()) {
                    w = casWrite(p, path, value, meta.get().currentVersion(), op);
                }
            }
            written = w.orElseThrow(() -> conflict("writing", tenant, namespace, key, expectedVersion));
        }
        long version = written.path("version").asLong();
        // Vault 1.9+ echoes custom_metadata (null when there is none); older versions omit it: then always write
        JsonNode echoed = written.get("custom_metadata");
        boolean unchanged = echoed != null && (echoed.isNull() ? custom.isEmpty() : custom.equals(echoed));
        if (!unchanged) {
            ObjectNode metaBody = json.createObjectNode();
            metaBody.set("custom_metadata", custom);
            String mp = metadataPath(path);
            VaultHttp.Response mr;
            try {
                mr = http.send("POST", mp, metaBody, op);
            } catch (BackendException e) {
                throw op.fail("the value was written as version " + version
                        + " but its description and tags were not: " + e.getMessage() + "; repeat the write", e);
            }
            if (!mr.ok()) {
                throw op.fail("the value was written as version " + version + " but its description and tags were not ("
                        + http.unexpected(mr, "POST", mp, op).getMessage() + "); repeat the write");
            }
        }
        return new SecretMetadata(key, attrs.description(), attrs.tags(), instant(written.path("created_time")), version);
    }

    private ObjectNode dataBody(SecretValue value, Long cas) {
        ObjectNode body = json.createObjectNode();
        body.putObject("data").put(VALUE_FIELD, value.reveal());
        if (cas != null) {
            body.putObject("options").put("cas", cas);
        }
        return body;
    }

    /** The version metadata of a successful write; fails on anything but success. */
    private JsonNode written(VaultHttp.Response r, String p, VaultHttp.Op op, SecretValue value) {
        if (!r.ok()) {
            throw http.unexpected(r, "POST", p, op, value.reveal());
        }
        return r.body().path("data");
    }

    /**
     * A check-and-set write: the written version's metadata, or empty on a version mismatch. A mismatch after
     * the request was retried may be our own earlier attempt, applied before its answer was lost: when the
     * current version is {@code cas + 1} and holds exactly the value sent, that is our write and it succeeded.
     */
    private Optional<JsonNode> casWrite(String p, String path, SecretValue value, long cas, VaultHttp.Op op) {
        VaultHttp.Response r = http.send("POST", p, dataBody(value, cas), op, value.reveal());
        if (r.status() == 400 && r.errors().contains(CAS_MISMATCH)) {
            if (r.attempts() > 1) {
                VaultHttp.Response back = http.send("GET", p, null, op);
                if (back.ok()) {
                    JsonNode d = back.body().path("data");
                    JsonNode v = d.path("data").path(VALUE_FIELD);
                    if (d.path("metadata").path("version").asLong(-1) == cas + 1 && v.isTextual()
                            && v.asText().equals(value.reveal())) {
                        return Optional.of(d.path("metadata"));
                    }
                }
            }
            return Optional.empty();
        }
        return Optional.of(written(r, p, op, value));
    }

    /**
     * The {@code custom_metadata} for {@code attrs}, checked against Vault's rules before anything is
     * written ({@link VaultCustomMetadataRules}): a put Vault would refuse is refused whole, with every
     * problem named, instead of writing the value and then failing on the metadata. Values are not encoded,
     * so other tools read the description and tags as they are.
     */
    private ObjectNode customMetadataFor(SecretAttributes attrs, VaultHttp.Op op) {
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!attrs.description().isEmpty()) {
            entries.put(DESCRIPTION_ENTRY, attrs.description());
        }
        for (Map.Entry<String, String> t : attrs.tags().entrySet()) {
            if (t.getKey().equals(DESCRIPTION_ENTRY)) {
                problems.add("the tag name 'description' is reserved for the description");
            } else {
                entries.put(t.getKey(), t.getValue() == null ? "" : t.getValue());
            }
        }
        problems.addAll(VaultCustomMetadataRules.problems(entries, Map.of(DESCRIPTION_ENTRY, "the description")));
        if (!problems.isEmpty()) {
            throw op.fail("Vault custom_metadata cannot hold these attributes: " + String.join("; ", problems)
                    + "; nothing was written");
        }
        ObjectNode custom = json.createObjectNode();
        entries.forEach(custom::put);
        return custom;
    }

    private SecretMetadata putV1(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                 SecretAttributes attrs, long expectedVersion, VaultHttp.Op op) {
        String path = pathOf(tenant, namespace, key);
        Optional<ObjectNode> current = readData(path, op);
        long currentVersion = current.map(d -> d.path(BOOKKEEPING_FIELD).path("version").asLong(1)).orElse(0L);
        if (expectedVersion != ANY_VERSION && expectedVersion != currentVersion) {
            throw conflict("writing", tenant, namespace, key, expectedVersion, currentVersion);
        }
        long version = currentVersion + 1;
        Instant now = Instant.now();
        ObjectNode body = json.createObjectNode();
        body.put(VALUE_FIELD, value.reveal());
        ObjectNode b = body.putObject(BOOKKEEPING_FIELD);
        b.put("version", version);
        b.put("description", attrs.description());
        ObjectNode tags = b.putObject("tags");
        attrs.tags().forEach((k, v) -> tags.put(k, v == null ? "" : v));
        b.put("updated", now.toString());
        String p = dataPath(path);
        VaultHttp.Response r = http.send("POST", p, body, op, value.reveal());
        if (!r.ok()) {
            throw http.unexpected(r, "POST", p, op, value.reveal());
        }
        return new SecretMetadata(key, attrs.description(), attrs.tags(), now, version);
    }

    @Override
    public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        checkWritable("delete", tenant, namespace, key);
        VaultHttp.Op op = op("delete", tenant, namespace, key);
        String path = pathOf(tenant, namespace, key);
        long currentVersion;
        if (config.kvVersion() == 2) {
            currentVersion = readV2Metadata(path, op).map(KeyMetadata::currentVersion).orElse(-1L);
        } else {
            currentVersion = readData(path, op).map(d -> d.path(BOOKKEEPING_FIELD).path("version").asLong(1)).orElse(-1L);
        }
        if (currentVersion < 0) {
            if (expectedVersion != ANY_VERSION) {
                throw new NotFoundException("Secret '" + key + "' does not exist in namespace '" + namespace
                        + "' (tenant '" + tenant + "')");
            }
            return false;
        }
        if (expectedVersion != ANY_VERSION && expectedVersion != currentVersion) {
            throw conflict("deleting", tenant, namespace, key, expectedVersion, currentVersion);
        }
        // KV v2: the metadata endpoint removes the key's metadata and every version
        String p = metadataPath(path);
        VaultHttp.Response r = http.send("DELETE", p, null, op);
        if (!r.ok() && r.status() != 404) {
            throw http.unexpected(r, "DELETE", p, op);
        }
        return true;
    }

    private static ConflictException conflict(String what, TenantId tenant, NamespaceId namespace, SecretKey key,
                                              long expected, long current) {
        return new ConflictException("Conflict " + what + " secret '" + key + "' in namespace '" + namespace
                + "' (tenant '" + tenant + "'): expected version " + describe(expected)
                + " but the current version is " + current + "; nothing was changed");
    }

    private static ConflictException conflict(String what, TenantId tenant, NamespaceId namespace, SecretKey key,
                                              long expected) {
        return new ConflictException("Conflict " + what + " secret '" + key + "' in namespace '" + namespace
                + "' (tenant '" + tenant + "'): expected version " + describe(expected)
                + " but Vault's check-and-set found another current version; nothing was changed");
    }

    private static String describe(long expected) {
        if (expected == ANY_VERSION) {
            return "any (cas_required: the version read just before, twice)";
        }
        return expected == MUST_NOT_EXIST ? "0 (must not exist)" : Long.toString(expected);
    }

    /**
     * Revokes the token this store obtained by logging in (best effort; a token given in the configuration
     * is never revoked) and closes the HTTP client where the JDK allows it (21+). Later operations fail with
     * a {@code BackendException}. Idempotent.
     */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "VaultSecretStore[address=" + config.address() + ", mount=" + config.mount() + ", kvVersion="
                + config.kvVersion() + ", pathPrefix=" + config.pathPrefix() + ", readOnly=" + config.readOnly()
                + ", auth=" + config.auth().method() + "]";
    }
}
