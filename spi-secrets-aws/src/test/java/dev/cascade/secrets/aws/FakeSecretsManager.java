package dev.cascade.secrets.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stateful, in-process stand-in for AWS Secrets Manager speaking the awsJson1_1 protocol the SDK uses:
 * {@code POST /} with {@code X-Amz-Target: secretsmanager.<Operation>}, JSON bodies, errors as HTTP 400/500
 * with a {@code __type} body, epoch-second timestamps and opaque {@code NextToken} pagination. It models
 * versions and staging labels (deprecated versions kept and listed by {@code ListSecretVersionIds}), client
 * request tokens (a reused token with the same value is ignored without moving labels, with another value
 * refused with {@code ResourceExistsException}), tags, deletion scheduling and restore, list filters
 * (prefix matches, AND across filters) and {@code BatchGetSecretValue}. Signatures are not checked.
 *
 * <p>Documented behaviours a real account shows, each modelled where the page says so (see the comments):
 * {@code ListSecrets} reflecting the state of {@link #listingLag} ago (off by default; the store's tests turn
 * it on), forced deletion finishing asynchronously ({@link #forcedDeletionDelay}), forcing the deletion of a
 * missing secret succeeding, deprecated versions kept for 24 hours under a per-secret version quota
 * ({@link #versionQuota}; {@link #advance} moves the fake's clock), and {@code BatchGetSecretValue}
 * reporting per-secret errors such as {@code AccessDeniedException} ({@link #denyGetSecretValue}).
 *
 * <p>Tests inject faults ({@link #failNext}), run code just before an operation ({@link #beforeNext}), shrink
 * list pages ({@link #listPageSize}) and count calls ({@link #calls}). Thread-safe: state changes are
 * synchronized on the fake.
 */
final class FakeSecretsManager implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    static {
        // without TCP_NODELAY the JDK server's small writes meet delayed ACKs: ~40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Secret> secrets = new TreeMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, Deque<Runnable>> hooks = new ConcurrentHashMap<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();
    private volatile int listPageSize = 100;
    private volatile Duration listingLag = Duration.ZERO;
    /** What ListSecrets may show of each name: snapshots (null: gone), oldest first; only while a lag is set. */
    private final Map<String, Deque<Snapshot>> listingHistory = new HashMap<>();
    private volatile Instant settledAt = Instant.EPOCH;
    private volatile Duration forcedDeletionDelay = Duration.ZERO;
    private volatile int versionQuota = Integer.MAX_VALUE;
    private volatile Duration skew = Duration.ZERO;
    private final Set<String> deniedValues = ConcurrentHashMap.newKeySet();

    private record Snapshot(Instant at, Secret state) { }

    record Fault(int status, String type, Function<JsonNode, String> message) { }

    static final class Version {
        final String id;
        final String string;
        final byte[] binary;
        final Set<String> stages = new LinkedHashSet<>();
        final Instant created;

        Version(String id, String string, byte[] binary, Instant created) {
            this.id = id;
            this.string = string;
            this.binary = binary;
            this.created = created;
        }

        boolean sameValue(String s, byte[] b) {
            return java.util.Objects.equals(string, s) && java.util.Arrays.equals(binary, b);
        }
    }

    static final class Secret {
        final String name;
        final String arn;
        String description;
        String kmsKeyId;
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, Version> versions = new LinkedHashMap<>();
        final Instant created;
        Instant lastChanged;
        Instant deleted;
        Long recoveryWindowDays;
        /** A forced deletion still in progress: the secret disappears at this time. */
        Instant purgeAt;

        Secret(String name, Instant now) {
            this(name, "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-"
                    + UUID.randomUUID().toString().substring(0, 6), now);
        }

        private Secret(String name, String arn, Instant created) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.lastChanged = created;
        }

        /** A copy of what ListSecrets shows (attributes and staging labels, no values). */
        Secret listingCopy() {
            Secret c = new Secret(name, arn, created);
            c.description = description;
            c.kmsKeyId = kmsKeyId;
            c.tags.putAll(tags);
            for (Version v : versions.values()) {
                Version cv = new Version(v.id, null, null, v.created);
                cv.stages.addAll(v.stages);
                c.versions.put(v.id, cv);
            }
            c.lastChanged = lastChanged;
            c.deleted = deleted;
            c.recoveryWindowDays = recoveryWindowDays;
            return c;
        }

        Version current() {
            for (Version v : versions.values()) {
                if (v.stages.contains("AWSCURRENT")) {
                    return v;
                }
            }
            return null;
        }
    }

    /** An error the fake answers with; the message function sees the request (to echo it, like some services do). */
    static final class AwsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String type;

        AwsError(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    FakeSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A config builder pointing at this fake with static fake credentials. */
    AwsSecretStoreConfig.Builder config() {
        return AwsSecretStoreConfig.builder()
                .region(REGION)
                .endpoint(endpoint())
                .staticCredentials("AKIAFAKEFAKEFAKE", "fake-secret-access-key", null);
    }

    int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    void resetCounts() {
        calls.clear();
        batchSizes.clear();
    }

    List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    /** Every request body received, for checks on what went over the wire. */
    List<String> requestBodies() {
        return List.copyOf(requestBodies);
    }

    void listPageSize(int size) {
        this.listPageSize = size;
    }

    /**
     * ListSecrets shows the account as it was {@code lag} ago ("All Secrets Manager operations are eventually
     * consistent. ListSecrets might not reflect changes from the last five minutes",
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html): a new secret is
     * missing, a deleted one still listed, changed attributes old. Zero: at once.
     */
    synchronized void listingLag(Duration lag) {
        if (listingLag.isZero() && !lag.isZero()) {
            // what exists already has been listed for long
            listingHistory.clear();
            secrets.forEach((name, secret) -> listingHistory.computeIfAbsent(name, n -> new ArrayDeque<>())
                    .add(new Snapshot(Instant.EPOCH, secret.listingCopy())));
        }
        this.listingLag = lag;
        if (lag.isZero()) {
            listingHistory.clear();
        }
    }

    /** Everything written so far is listed from now on, as if the lag had passed for it. */
    synchronized void settleListing() {
        settledAt = now();
    }

    /**
     * A forced deletion ({@code ForceDeleteWithoutRecovery}) takes this long to finish: "Secrets Manager
     * performs the actual deletion with an asynchronous background process, so there might be a short delay
     * before the secret is permanently deleted" (API_DeleteSecret). Meanwhile the secret is described with a
     * {@code DeletedDate}, refuses reads and writes, and its name cannot be created again.
     */
    void forcedDeletionDelay(Duration delay) {
        this.forcedDeletionDelay = delay;
    }

    /**
     * At most {@code quota} versions per secret: "Secrets Manager removes outdated versions when there are
     * more than 100, but it does not remove versions created less than 24 hours ago ... you will reach the
     * quota for secret versions" (API_PutSecretValue); a write beyond it fails with
     * {@code LimitExceededException}. Unlimited by default.
     */
    void versionQuota(int quota) {
        this.versionQuota = quota;
    }

    /** The fake's clock moves on by {@code d} (24 hours pass for version retention). */
    void advance(Duration d) {
        skew = skew.plus(d);
    }

    Instant now() {
        return Instant.now().plus(skew);
    }

    /**
     * The caller's policy denies {@code secretsmanager:GetSecretValue} on {@code name}: GetSecretValue fails
     * with {@code AccessDeniedException} and BatchGetSecretValue reports it in {@code Errors} for that secret
     * alone (API_BatchGetSecretValue, API_APIErrorType).
     */
    void denyGetSecretValue(String name) {
        deniedValues.add(name);
    }

    void clearDenials() {
        deniedValues.clear();
    }

    /** The next {@code times} calls of {@code operation} fail with this error. */
    void failNext(String operation, int times, int status, String type, Function<JsonNode, String> message) {
        Deque<Fault> q = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
        synchronized (q) {
            for (int i = 0; i < times; i++) {
                q.add(new Fault(status, type, message));
            }
        }
    }

    void failNext(String operation, int times, int status, String type) {
        failNext(operation, times, status, type, r -> "injected " + type);
    }

    /** Runs {@code hook} once, on the server, just before the next {@code operation} is carried out. */
    void beforeNext(String operation, Runnable hook) {
        Deque<Runnable> q = hooks.computeIfAbsent(operation, k -> new ArrayDeque<>());
        synchronized (q) {
            q.add(hook);
        }
    }

    synchronized Secret secret(String name) {
        return secrets.get(name);
    }

    synchronized int size() {
        return secrets.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ protocol

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String text = new String(body, StandardCharsets.UTF_8);
            requestBodies.add(text);
            if (!"POST".equals(ex.getRequestMethod()) || target == null || !target.startsWith("secretsmanager.")) {
                send(ex, 400, error("UnknownOperationException", "expected POST with X-Amz-Target secretsmanager.*"));
                return;
            }
            String op = target.substring("secretsmanager.".length());
            calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
            JsonNode req = text.isBlank() ? json.createObjectNode() : json.readTree(text);
            Fault fault = poll(faults.get(op));
            if (fault != null) {
                send(ex, fault.status(), error(fault.type(), fault.message().apply(req)));
                return;
            }
            Runnable hook = poll(hooks.get(op));
            if (hook != null) {
                hook.run();
            }
            try {
                ObjectNode out = dispatch(op, req);
                send(ex, 200, json.writeValueAsBytes(out));
            } catch (AwsError e) {
                send(ex, e.status, error(e.type, e.getMessage()));
            }
        } catch (RuntimeException e) {
            send(ex, 500, error("InternalServiceError", e.getClass().getSimpleName()));
        }
    }

    private static <T> T poll(Deque<T> q) {
        if (q == null) {
            return null;
        }
        synchronized (q) {
            return q.poll();
        }
    }

    private byte[] error(String type, String message) {
        ObjectNode n = json.createObjectNode();
        n.put("__type", type);
        n.put("message", message);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static final Set<String> MUTATING = Set.of("CreateSecret", "PutSecretValue", "UpdateSecret",
            "TagResource", "UntagResource", "DeleteSecret", "RestoreSecret");

    private ObjectNode dispatch(String op, JsonNode req) {
        synchronized (this) {
            purgeFinishedDeletions();
            try {
                return operation(op, req);
            } finally {
                if (MUTATING.contains(op)) {
                    recordListing();
                }
            }
        }
    }

    /** Forced deletions whose background process has finished. */
    private void purgeFinishedDeletions() {
        Instant now = now();
        boolean purged = secrets.values().removeIf(s -> s.purgeAt != null && !s.purgeAt.isAfter(now));
        if (purged) {
            recordListing();
        }
    }

    /** With a lag set: a snapshot of every name whose listed state changed (null for a name now gone). */
    private void recordListing() {
        if (listingLag.isZero()) {
            return;
        }
        Instant now = now();
        Set<String> names = new LinkedHashSet<>(secrets.keySet());
        names.addAll(listingHistory.keySet());
        for (String name : names) {
            Secret current = secrets.get(name);
            Deque<Snapshot> h = listingHistory.computeIfAbsent(name, n -> new ArrayDeque<>());
            Snapshot last = h.peekLast();
            boolean changed = current == null ? last != null && last.state() != null
                    : last == null || last.state() == null || !sameListing(last.state(), current);
            if (changed) {
                h.add(new Snapshot(now, current == null ? null : current.listingCopy()));
            }
            // keep one visible snapshot (the newest of those old enough) and the ones not visible yet
            while (h.size() > 1 && visible(((ArrayDeque<Snapshot>) h).stream().skip(1).findFirst().orElseThrow(), now)) {
                h.removeFirst();
            }
            if (h.size() == 1 && h.peekFirst().state() == null && visible(h.peekFirst(), now)) {
                listingHistory.remove(name);
            }
        }
    }

    private boolean visible(Snapshot snap, Instant now) {
        return !snap.at().isAfter(now.minus(listingLag)) || !snap.at().isAfter(settledAt);
    }

    private boolean sameListing(Secret a, Secret b) {
        return entry(a).equals(entry(b));
    }

    /** What ListSecrets sees: the latest snapshot of each name at least {@code lag} old (or settled). */
    private List<Secret> listedSecrets() {
        if (listingLag.isZero()) {
            return new ArrayList<>(secrets.values());
        }
        Instant now = now();
        List<Secret> out = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>(listingHistory.keySet());
        for (String name : secrets.keySet()) {
            if (!listingHistory.containsKey(name)) {
                out.add(secrets.get(name)); // never changed while the lag was on
            }
        }
        for (String name : names) {
            Secret shown = null;
            for (Snapshot snap : listingHistory.get(name)) {
                if (visible(snap, now)) {
                    shown = snap.state();
                }
            }
            if (shown != null) {
                out.add(shown);
            }
        }
        out.sort(java.util.Comparator.comparing(x -> x.name));
        return out;
    }

    private ObjectNode operation(String op, JsonNode req) {
        {
            return switch (op) {
                case "CreateSecret" -> createSecret(req);
                case "DescribeSecret" -> describeSecret(req);
                case "GetSecretValue" -> getSecretValue(req);
                case "PutSecretValue" -> putSecretValue(req);
                case "UpdateSecret" -> updateSecret(req);
                case "TagResource" -> tagResource(req);
                case "UntagResource" -> untagResource(req);
                case "DeleteSecret" -> deleteSecret(req);
                case "RestoreSecret" -> restoreSecret(req);
                case "ListSecrets" -> listSecrets(req);
                case "BatchGetSecretValue" -> batchGetSecretValue(req);
                case "ListSecretVersionIds" -> listSecretVersionIds(req);
                default -> throw new AwsError(400, "UnknownOperationException", "unknown operation " + op);
            };
        }
    }

    // ------------------------------------------------------------------ operations

    private static String text(JsonNode req, String field) {
        JsonNode n = req.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static AwsError notFound() {
        return new AwsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    private Secret find(String secretId) {
        if (secretId == null) {
            throw new AwsError(400, "InvalidParameterException", "SecretId is required");
        }
        Secret s = secrets.get(secretId);
        if (s == null) {
            for (Secret c : secrets.values()) {
                if (c.arn.equals(secretId)) {
                    return c;
                }
            }
            throw notFound();
        }
        return s;
    }

    private static void requireLive(Secret s) {
        if (s.purgeAt != null) {
            throw new AwsError(400, "InvalidRequestException",
                    "You can't perform this operation on the secret because it was deleted.");
        }
        if (s.deleted != null) {
            throw new AwsError(400, "InvalidRequestException",
                    "You can't perform this operation on the secret because it was marked for deletion.");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 512 || !AwsSecretStoreConfig.isNameChars(name)) {
            throw new AwsError(400, "ValidationException", "Invalid name. Must be a valid name containing alphanumeric "
                    + "characters, or any of the following: -/_+=.@!");
        }
    }

    private static byte[] binary(JsonNode req) {
        String b = text(req, "SecretBinary");
        return b == null ? null : Base64.getDecoder().decode(b);
    }

    private Version addVersion(Secret s, String token, String string, byte[] binary) {
        String id = token == null ? UUID.randomUUID().toString() : token;
        if (id.length() < 32 || id.length() > 64) {
            throw new AwsError(400, "ValidationException", "ClientRequestToken must have 32 to 64 characters");
        }
        Version existing = s.versions.get(id);
        if (existing != null) {
            if (existing.sameValue(string, binary)) {
                return existing; // idempotent
            }
            throw new AwsError(400, "ResourceExistsException", "A resource with the ID you requested already exists.");
        }
        // API_PutSecretValue: outdated (unlabeled) versions are removed beyond 100, but never one created less
        // than 24 hours ago; past the quota a new version is refused
        Instant now = now();
        List<String> removable = new ArrayList<>();
        for (Version o : s.versions.values()) {
            if (o.stages.isEmpty() && !o.created.isAfter(now.minus(Duration.ofHours(24)))) {
                removable.add(o.id);
            }
        }
        for (int i = 0; i < removable.size() && s.versions.size() >= 100; i++) {
            s.versions.remove(removable.get(i));
        }
        if (s.versions.size() >= versionQuota) {
            throw new AwsError(400, "LimitExceededException", "You have exceeded the maximum number of versions"
                    + " for this secret. Secrets Manager removes unlabeled versions older than 24 hours.");
        }
        Version v = new Version(id, string, binary, now);
        Version previous = s.current();
        for (Version o : s.versions.values()) {
            o.stages.remove("AWSPREVIOUS");
        }
        if (previous != null) {
            previous.stages.remove("AWSCURRENT");
            previous.stages.add("AWSPREVIOUS");
        }
        v.stages.add("AWSCURRENT");
        s.versions.put(id, v);
        s.lastChanged = now;
        return v;
    }

    private ObjectNode createSecret(JsonNode req) {
        String name = text(req, "Name");
        checkName(name);
        String string = text(req, "SecretString");
        byte[] binary = binary(req);
        Secret existing = secrets.get(name);
        if (existing != null) {
            if (existing.deleted != null) {
                // also while a forced deletion is still finishing (API_DeleteSecret: "If you delete a secret and
                // then immediately create a secret with the same name, use appropriate back off and retry logic")
                throw new AwsError(400, "InvalidRequestException",
                        "You can't create this secret because a secret with this name is already scheduled for deletion.");
            }
            Version v = existing.versions.get(text(req, "ClientRequestToken"));
            if (v != null && v.sameValue(string, binary)) {
                return idOf(existing).put("VersionId", v.id);
            }
            throw new AwsError(400, "ResourceExistsException", "The operation failed because the secret " + name
                    + " already exists.");
        }
        Secret s = new Secret(name, now());
        s.description = text(req, "Description");
        s.kmsKeyId = text(req, "KmsKeyId");
        putTags(s, req.get("Tags"));
        ObjectNode out = idOf(s);
        if (string != null || binary != null) {
            Version v = addVersion(s, text(req, "ClientRequestToken"), string, binary);
            out.put("VersionId", v.id);
        }
        secrets.put(name, s);
        return out;
    }

    private ObjectNode idOf(Secret s) {
        ObjectNode out = json.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        return out;
    }

    private static void putTags(Secret s, JsonNode tags) {
        if (tags == null) {
            return;
        }
        for (JsonNode t : tags) {
            String k = t.get("Key").asText();
            if (k.startsWith("aws:")) {
                throw new AwsError(400, "ValidationException", "tag keys starting with aws: are reserved");
            }
            s.tags.put(k, t.has("Value") ? t.get("Value").asText() : "");
        }
        if (s.tags.size() > 50) {
            throw new AwsError(400, "ValidationException", "a secret can have at most 50 tags");
        }
    }

    private ObjectNode describeSecret(JsonNode req) {
        Secret s = find(text(req, "SecretId"));
        ObjectNode out = entry(s);
        ObjectNode v2s = json.createObjectNode();
        for (Version v : s.versions.values()) {
            if (!v.stages.isEmpty()) {
                ArrayNode st = v2s.putArray(v.id);
                v.stages.forEach(st::add);
            }
        }
        out.remove("SecretVersionsToStages");
        out.set("VersionIdsToStages", v2s);
        return out;
    }

    private ObjectNode entry(Secret s) {
        ObjectNode out = idOf(s);
        if (s.description != null) {
            out.put("Description", s.description);
        }
        if (s.kmsKeyId != null) {
            out.put("KmsKeyId", s.kmsKeyId);
        }
        out.put("CreatedDate", epoch(s.created));
        out.put("LastChangedDate", epoch(s.lastChanged));
        if (s.deleted != null) {
            out.put("DeletedDate", epoch(s.deleted));
        }
        ArrayNode tags = out.putArray("Tags");
        s.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        ObjectNode v2s = out.putObject("SecretVersionsToStages");
        for (Version v : s.versions.values()) {
            if (!v.stages.isEmpty()) {
                ArrayNode st = v2s.putArray(v.id);
                v.stages.forEach(st::add);
            }
        }
        return out;
    }

    private static double epoch(Instant i) {
        return i.getEpochSecond() + i.getNano() / 1_000_000_000.0;
    }

    private ObjectNode getSecretValue(JsonNode req) {
        Secret s = find(text(req, "SecretId"));
        requireAllowed(s);
        requireLive(s);
        Version v;
        if (text(req, "VersionId") != null) {
            v = s.versions.get(text(req, "VersionId"));
        } else {
            String stage = text(req, "VersionStage") == null ? "AWSCURRENT" : text(req, "VersionStage");
            v = s.versions.values().stream().filter(x -> x.stages.contains(stage)).findFirst().orElse(null);
        }
        if (v == null) {
            throw new AwsError(400, "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
        }
        return valueEntry(s, v);
    }

    private void requireAllowed(Secret s) {
        if (deniedValues.contains(s.name)) {
            throw new AwsError(400, "AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":user/cascade is not"
                    + " authorized to perform: secretsmanager:GetSecretValue on resource: " + s.name
                    + " because no identity-based policy allows the secretsmanager:GetSecretValue action");
        }
    }

    private ObjectNode valueEntry(Secret s, Version v) {
        ObjectNode out = idOf(s);
        out.put("VersionId", v.id);
        if (v.string != null) {
            out.put("SecretString", v.string);
        }
        if (v.binary != null) {
            out.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary));
        }
        ArrayNode st = out.putArray("VersionStages");
        v.stages.forEach(st::add);
        out.put("CreatedDate", epoch(v.created));
        return out;
    }

    private ObjectNode putSecretValue(JsonNode req) {
        Secret s = find(text(req, "SecretId"));
        requireLive(s);
        String string = text(req, "SecretString");
        byte[] binary = binary(req);
        if (string == null && binary == null) {
            throw new AwsError(400, "InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        }
        Version v = addVersion(s, text(req, "ClientRequestToken"), string, binary);
        ObjectNode out = idOf(s);
        out.put("VersionId", v.id);
        ArrayNode st = out.putArray("VersionStages");
        v.stages.forEach(st::add);
        return out;
    }

    private ObjectNode updateSecret(JsonNode req) {
        Secret s = find(text(req, "SecretId"));
        requireLive(s);
        if (req.has("Description")) {
            s.description = text(req, "Description");
        }
        if (req.has("KmsKeyId")) {
            s.kmsKeyId = text(req, "KmsKeyId");
        }
        ObjectNode out = idOf(s);
        if (req.has("SecretString") || req.has("SecretBinary")) {
            out.put("VersionId", addVersion(s, text(req, "ClientRequestToken"), text(req, "SecretString"), binary(req)).id);
        }
        s.lastChanged = now();
        return out;
    }

    private ObjectNode tagResource(JsonNode req) {
        Secret s = find(text(req, "SecretId"));
        putTags(s, req.get("Tags"));
        return json.createObjectNode();
    }

    private ObjectNode untagResource(JsonNode req) {
        Secret s = find(text(req, "SecretId"));
        for (JsonNode k : req.path("TagKeys")) {
            s.tags.remove(k.asText());
        }
        return json.createObjectNode();
    }

    private ObjectNode deleteSecret(JsonNode req) {
        boolean force = req.path("ForceDeleteWithoutRecovery").asBoolean(false);
        String id = text(req, "SecretId");
        Secret s;
        try {
            s = find(id);
        } catch (AwsError e) {
            if (!force || !"ResourceNotFoundException".equals(e.type)) {
                throw e;
            }
            // API_DeleteSecret: "If you forcibly delete an already deleted or nonexistent secret, the operation
            // does not return ResourceNotFoundException"
            ObjectNode out = json.createObjectNode();
            out.put("ARN", id.startsWith("arn:") ? id : "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:"
                    + id + "-" + UUID.randomUUID().toString().substring(0, 6));
            out.put("Name", id);
            out.put("DeletionDate", epoch(now()));
            return out;
        }
        boolean window = req.has("RecoveryWindowInDays");
        if (force && window) {
            throw new AwsError(400, "InvalidParameterException",
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = window ? req.get("RecoveryWindowInDays").asLong() : 30;
        if (!force && (days < 7 || days > 30)) {
            throw new AwsError(400, "InvalidParameterException", "RecoveryWindowInDays must be between 7 and 30");
        }
        if (s.deleted != null && !force) {
            throw new AwsError(400, "InvalidRequestException",
                    "You can't perform this operation on the secret because it was already scheduled for deletion.");
        }
        ObjectNode out = idOf(s);
        Instant now = now();
        if (force) {
            if (forcedDeletionDelay.isZero()) {
                secrets.remove(s.name);
            } else {
                s.deleted = s.deleted == null ? now : s.deleted;
                s.purgeAt = now.plus(forcedDeletionDelay); // the background process finishes later
            }
            out.put("DeletionDate", epoch(now));
        } else {
            s.deleted = now;
            s.recoveryWindowDays = days;
            out.put("DeletionDate", epoch(now.plusSeconds(days * 86400)));
        }
        return out;
    }

    private ObjectNode restoreSecret(JsonNode req) {
        Secret s = find(text(req, "SecretId"));
        if (s.purgeAt != null) {
            throw new AwsError(400, "InvalidRequestException",
                    "You can't perform this operation on the secret because it was deleted.");
        }
        s.deleted = null;
        s.recoveryWindowDays = null;
        return idOf(s);
    }

    private List<Secret> filtered(JsonNode filters, boolean includeDeleted) {
        return filtered(secrets.values(), filters, includeDeleted);
    }

    private List<Secret> filtered(java.util.Collection<Secret> candidates, JsonNode filters, boolean includeDeleted) {
        List<Secret> out = new ArrayList<>();
        for (Secret s : candidates) {
            if (s.deleted != null && !includeDeleted) {
                continue;
            }
            boolean all = true;
            for (JsonNode f : filters) {
                String key = f.get("Key").asText();
                boolean any = false;
                for (JsonNode vn : f.path("Values")) {
                    String v = vn.asText();
                    any |= switch (key) {
                        case "name" -> s.name.startsWith(v);
                        case "description" -> s.description != null
                                && s.description.toLowerCase().startsWith(v.toLowerCase());
                        case "tag-key" -> s.tags.keySet().stream().anyMatch(k -> k.startsWith(v));
                        case "tag-value" -> s.tags.values().stream().anyMatch(x -> x.startsWith(v));
                        default -> throw new AwsError(400, "InvalidParameterException", "unsupported filter " + key);
                    };
                }
                all &= any;
            }
            if (all) {
                out.add(s);
            }
        }
        return out;
    }

    private static int offset(JsonNode req) {
        String token = text(req, "NextToken");
        if (token == null) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).substring(4));
        } catch (RuntimeException e) {
            throw new AwsError(400, "InvalidNextTokenException", "The NextToken value is invalid.");
        }
    }

    private static String token(int offset) {
        return Base64.getEncoder().encodeToString(("off:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode listSecrets(JsonNode req) {
        List<Secret> all = filtered(listedSecrets(), req.path("Filters"), req.path("IncludePlannedDeletion").asBoolean(false));
        int max = req.has("MaxResults") ? req.get("MaxResults").asInt() : 100;
        if (max < 1 || max > 100) {
            throw new AwsError(400, "InvalidParameterException", "MaxResults must be between 1 and 100");
        }
        int page = Math.min(max, listPageSize);
        int from = offset(req);
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("SecretList");
        for (int i = from; i < Math.min(all.size(), from + page); i++) {
            list.add(entry(all.get(i)));
        }
        if (from + page < all.size()) {
            out.put("NextToken", token(from + page));
        }
        return out;
    }

    /**
     * Versions of a secret, newest first: by default only those with a staging label; with
     * {@code IncludeDeprecated} also the deprecated ones the fake still keeps (like AWS, up to 100 versions).
     */
    private ObjectNode listSecretVersionIds(JsonNode req) {
        Secret s = find(text(req, "SecretId"));
        boolean deprecated = req.path("IncludeDeprecated").asBoolean(false);
        List<Version> all = new ArrayList<>();
        for (Version v : s.versions.values()) {
            if (deprecated || !v.stages.isEmpty()) {
                all.add(0, v);
            }
        }
        int max = req.has("MaxResults") ? req.get("MaxResults").asInt() : 100;
        int page = Math.min(max, listPageSize);
        int from = offset(req);
        ObjectNode out = idOf(s);
        ArrayNode list = out.putArray("Versions");
        for (int i = from; i < Math.min(all.size(), from + page); i++) {
            Version v = all.get(i);
            ObjectNode e = list.addObject().put("VersionId", v.id).put("CreatedDate", epoch(v.created));
            ArrayNode st = e.putArray("VersionStages");
            v.stages.forEach(st::add);
        }
        if (from + page < all.size()) {
            out.put("NextToken", token(from + page));
        }
        return out;
    }

    private ObjectNode batchGetSecretValue(JsonNode req) {
        boolean byId = req.has("SecretIdList");
        boolean byFilter = req.has("Filters");
        if (byId == byFilter) {
            throw new AwsError(400, "InvalidParameterException", "Either SecretIdList or Filters must be provided, not both.");
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode values = out.putArray("SecretValues");
        ArrayNode errors = out.putArray("Errors");
        if (byId) {
            if (req.has("MaxResults")) {
                throw new AwsError(400, "InvalidParameterException", "MaxResults can be used only with Filters.");
            }
            JsonNode ids = req.get("SecretIdList");
            if (ids.size() < 1 || ids.size() > 20) {
                throw new AwsError(400, "InvalidParameterException", "SecretIdList must hold 1 to 20 ids");
            }
            batchSizes.add(ids.size());
            for (JsonNode idn : ids) {
                String id = idn.asText();
                try {
                    Secret s = find(id);
                    requireAllowed(s); // one denied secret is one entry of Errors, the others are still returned
                    requireLive(s);
                    values.add(valueEntry(s, s.current()));
                } catch (AwsError e) {
                    errors.addObject().put("SecretId", id).put("ErrorCode", e.type).put("Message", e.getMessage());
                }
            }
            return out;
        }
        List<Secret> all = filtered(req.get("Filters"), false);
        int max = req.has("MaxResults") ? req.get("MaxResults").asInt() : 20;
        int from = offset(req);
        int to = Math.min(all.size(), from + max);
        batchSizes.add(to - from);
        for (int i = from; i < to; i++) {
            values.add(valueEntry(all.get(i), all.get(i).current()));
        }
        if (to < all.size()) {
            out.put("NextToken", token(to));
        }
        return out;
    }

    /** Plants a secret directly, as another tool would: {@code binary} makes it a SecretBinary secret. */
    synchronized Secret plant(String name, String value, boolean binary, Map<String, String> tags) {
        Secret s = new Secret(name, now());
        s.tags.putAll(tags);
        addVersion(s, null, binary ? null : value, binary ? value.getBytes(StandardCharsets.UTF_8) : null);
        secrets.put(name, s);
        recordListing();
        return s;
    }

    /** Writes a new version as another tool would (random version id). */
    synchronized void writeForeignVersion(String name, String value) {
        addVersion(secrets.get(name), null, value, null);
        recordListing();
    }

    /** Writes a new version with a chosen version id, as a concurrent writer would. */
    synchronized void putVersion(String name, String versionId, String value) {
        addVersion(secrets.get(name), versionId, value, null);
        recordListing();
    }

    /** Moves {@code AWSCURRENT} back to an older version, as a rollback with UpdateSecretVersionStage would. */
    synchronized void rollBackTo(String name, String versionId) {
        Secret s = secrets.get(name);
        Version target = s.versions.get(versionId);
        Version current = s.current();
        for (Version o : s.versions.values()) {
            o.stages.remove("AWSPREVIOUS");
        }
        current.stages.remove("AWSCURRENT");
        current.stages.add("AWSPREVIOUS");
        target.stages.add("AWSCURRENT");
        recordListing();
    }

    /** Removes a secret at once, as a forced deletion by another tool would. */
    synchronized void remove(String name) {
        secrets.remove(name);
        recordListing();
    }

    /** Names currently held, deleted ones included. */
    synchronized List<String> names() {
        return new ArrayList<>(secrets.keySet());
    }

    /** Copy of a secret's tags. */
    synchronized Map<String, String> tags(String name) {
        return new HashMap<>(secrets.get(name).tags);
    }
}
