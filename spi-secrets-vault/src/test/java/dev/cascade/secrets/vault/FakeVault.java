package dev.cascade.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful in-process Vault speaking the documented HTTP API subset the store uses: KV v2 ({@code data/},
 * {@code metadata/}, {@code options.cas}, {@code custom_metadata}, soft delete, metadata delete), KV v1,
 * the {@code LIST} verb (404 with {@code {"errors":[]}} for an empty folder), token lookup-self and
 * renew-self (capped like a max TTL on request) and revoke-self, AppRole, userpass and Kubernetes login, 403
 * for a missing, unknown or expired token ({@code permission denied} plus {@code invalid token}, as Vault
 * documents it, or the bare {@code permission denied} of older versions), 403 {@code permission denied}
 * for a valid token whose policy denies the path (per-token denied path prefixes), {@code cas_required}
 * per mount or per key, 503 while sealed, and fault injection (latency, error statuses, dropped
 * connections, a write applied whose answer is lost).
 *
 * <p>Behaviours a real deployment meets on day one, each following a documented page (named where it is
 * modelled): {@code delete_version_after} on the mount ({@code POST {mount}/config}) and per key (future
 * {@code deletion_time} on every new version; the version reads as deleted only once that time has
 * passed), the KV plugin's {@code custom_metadata} rules (at most 64 entries; keys and values non-empty,
 * at most 128 and 512 <em>bytes</em>, printable), a proxy in front that refuses the custom {@code LIST}
 * verb ({@code GET ?list=true} still works), a standby node (307 to the active node, or 503 when it knows
 * none) and Vault Enterprise's 412 for data not yet replicated to the node. Its clock can be moved
 * ({@link #advance}) so that deletion times pass without waiting.
 *
 * <p>Runs on 127.0.0.1 with an ephemeral port. Thread-safe: state changes happen under one lock.
 */
final class FakeVault implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // without TCP_NODELAY the JDK server's small writes meet delayed ACKs: ~40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final String rootToken = "hvs.root-" + UUID.randomUUID();
    final String roleId = "role-" + UUID.randomUUID();
    final String secretId = "approle-secret-" + UUID.randomUUID();
    final String userName = "cascade-user";
    final String userPassword = "userpass-password-" + UUID.randomUUID();
    final String kubernetesRole = "cascade-role";
    final String kubernetesJwt = "eyJ.k8s-jwt-" + UUID.randomUUID();

    private final HttpServer server;
    private final String scheme;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-vault");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private final Map<String, Integer> mounts = new HashMap<>();
    private final Map<String, NavigableMap<String, V2Entry>> v2 = new HashMap<>();
    private final Map<String, NavigableMap<String, ObjectNode>> v1 = new HashMap<>();
    private final Map<String, TokenInfo> tokens = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> namespaceHeaders = new CopyOnWriteArrayList<>();
    private volatile boolean sealed;
    private volatile long loginTtlSeconds = 3600;
    private volatile boolean loginRenewable = true;
    private volatile long renewalCap = Long.MAX_VALUE;
    private volatile boolean legacyTokenErrors;
    private final Map<String, List<String>> deniedPrefixes = new ConcurrentHashMap<>();
    private final List<String> loginTokenDenials = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> mountCasRequired = new ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> answerLost = ThreadLocal.withInitial(() -> false);
    private final Map<String, Duration> mountDeleteVersionAfter = new ConcurrentHashMap<>();
    private volatile Duration skew = Duration.ZERO;
    private volatile boolean refuseListVerb;
    private volatile String standbyRedirect; // null: active; "": standby that knows no active node
    private volatile boolean standby;
    private final AtomicInteger notYetReplicated = new AtomicInteger();

    private static final class V2Version {
        final ObjectNode data;
        final Instant created;
        /** Vault's {@code deletion_time}: a soft delete's moment, or created + delete_version_after (future). */
        Instant deleted;

        V2Version(ObjectNode data, Instant created) {
            this.data = data;
            this.created = created;
        }
    }

    private static final class V2Entry {
        final List<V2Version> versions = new ArrayList<>(); // index = version - 1
        final Instant created;
        Instant updated;

        V2Entry(Instant now) {
            created = now;
            updated = now;
        }
        Map<String, String> customMetadata = new TreeMap<>();
        boolean casRequired;
        Duration deleteVersionAfter = Duration.ZERO;

        long current() {
            return versions.size();
        }
    }

    private static final class TokenInfo {
        volatile Instant expires; // null: never
        final boolean renewable;
        final long ttl;
        final boolean fromLogin;

        TokenInfo(Instant expires, boolean renewable, long ttl) {
            this(expires, renewable, ttl, false);
        }

        TokenInfo(Instant expires, boolean renewable, long ttl, boolean fromLogin) {
            this.expires = expires;
            this.renewable = renewable;
            this.ttl = ttl;
            this.fromLogin = fromLogin;
        }

        boolean valid() {
            return expires == null || Instant.now().isBefore(expires);
        }
    }

    enum FaultKind { STATUS, DROP, DELAY, APPLY_THEN_DROP }

    private static final class Fault {
        final FaultKind kind;
        final String pathContains;
        final AtomicInteger remaining;
        final int status;
        final Duration delay;
        final String message;

        Fault(FaultKind kind, String pathContains, int times, int status, Duration delay) {
            this(kind, pathContains, times, status, delay, null);
        }

        Fault(FaultKind kind, String pathContains, int times, int status, Duration delay, String message) {
            this.message = message;
            this.kind = kind;
            this.pathContains = pathContains;
            this.remaining = new AtomicInteger(times);
            this.status = status;
            this.delay = delay;
        }
    }

    FakeVault() throws IOException {
        this(null);
    }

    /** Serves HTTPS with {@code tls} when it is not null. */
    FakeVault(SSLContext tls) throws IOException {
        mounts.put("secret", 2);
        mounts.put("kv1", 1);
        tokens.put(rootToken, new TokenInfo(null, false, 0));
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(bind, 0);
        } else {
            HttpsServer https = HttpsServer.create(bind, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        this.scheme = tls == null ? "http" : "https";
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String address() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- test controls ----------------------------------------------------------------------------------

    void mount(String path, int version) {
        synchronized (lock) {
            mounts.put(path, version);
        }
    }

    void seal(boolean sealed) {
        this.sealed = sealed;
    }

    /** The fake's clock moves on by {@code d}: deletion times that fall before its new "now" have passed. */
    void advance(Duration d) {
        skew = skew.plus(d);
    }

    /** How far {@link #advance} has moved the fake's clock past the real time. */
    Duration skew() {
        return skew;
    }

    /** The fake's current time (the real time moved by {@link #advance}). */
    Instant now() {
        return Instant.now().plus(skew);
    }

    /** The mount's {@code delete_version_after}, as {@code POST {mount}/config} sets it. */
    void deleteVersionAfter(String mount, Duration d) {
        mountDeleteVersionAfter.put(mount, d);
    }

    /** A key's own {@code delete_version_after}, as {@code POST {mount}/metadata/{path}} sets it. */
    void keyDeleteVersionAfter(String mount, String path, Duration d) {
        synchronized (lock) {
            v2.computeIfAbsent(mount, m -> new TreeMap<>()).computeIfAbsent(path, p -> new V2Entry(now()))
                    .deleteVersionAfter = d;
        }
    }

    /**
     * {@code true}: a proxy in front of Vault (an ingress, a WAF) that cannot route the custom {@code LIST}
     * method answers it with 405 and an HTML page; {@code GET ?list=true} passes.
     */
    void refuseListVerb(boolean refuse) {
        this.refuseListVerb = refuse;
    }

    /**
     * Makes this node a standby without request forwarding: every request is answered with a 307 to
     * {@code activeAddress}, or with 503 when {@code activeAddress} is null (no active node known); {@link
     * #active()} undoes it.
     */
    void standby(String activeAddress) {
        this.standbyRedirect = activeAddress;
        this.standby = true;
    }

    void active() {
        this.standby = false;
    }

    /** The next {@code times} KV requests meet a Vault Enterprise node that lacks the data yet: 412. */
    void notYetReplicated(int times) {
        notYetReplicated.set(times);
    }

    void loginTokens(long ttlSeconds, boolean renewable) {
        this.loginTtlSeconds = ttlSeconds;
        this.loginRenewable = renewable;
    }

    /** A token that expires after {@code ttlSeconds}, renewable or not. */
    String createToken(long ttlSeconds, boolean renewable) {
        String t = "hvs.child-" + UUID.randomUUID();
        tokens.put(t, new TokenInfo(Instant.now().plusSeconds(ttlSeconds), renewable, ttlSeconds));
        return t;
    }

    /** Every token but the root token expires now. */
    void expireIssuedTokens() {
        tokens.forEach((k, v) -> {
            if (!k.equals(rootToken)) {
                v.expires = Instant.now().minusSeconds(1);
            }
        });
    }

    /** The next {@code times} requests whose path contains {@code pathContains} (null: any) get {@code status}. */
    void failNext(int times, int status, String pathContains) {
        failNext(times, status, pathContains, "injected fault");
    }

    /** As {@link #failNext(int, int, String)}, with Vault's {@code errors} holding {@code message}. */
    void failNext(int times, int status, String pathContains, String message) {
        faults.add(new Fault(FaultKind.STATUS, pathContains, times, status, null, message));
    }

    /** The next matching requests have their connection closed without an answer. */
    void dropNext(int times, String pathContains) {
        faults.add(new Fault(FaultKind.DROP, pathContains, times, 0, null));
    }

    /** The next matching requests are answered only after {@code delay}. */
    void delayNext(int times, Duration delay, String pathContains) {
        faults.add(new Fault(FaultKind.DELAY, pathContains, times, 0, delay));
    }

    /** The next matching requests are carried out, but their connection is closed instead of answered. */
    void applyThenDropNext(int times, String pathContains) {
        faults.add(new Fault(FaultKind.APPLY_THEN_DROP, pathContains, times, 0, null));
    }

    /** Paths starting with {@code pathPrefix} (after {@code /v1/}) are denied to {@code token} by policy. */
    void deny(String token, String pathPrefix) {
        deniedPrefixes.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>()).add(pathPrefix);
    }

    /** Paths starting with {@code pathPrefix} are denied by policy to every token issued by a login. */
    void denyForLoginTokens(String pathPrefix) {
        loginTokenDenials.add(pathPrefix);
    }

    void clearPolicies() {
        deniedPrefixes.clear();
        loginTokenDenials.clear();
    }

    /** {@code true}: a dead token gets only "permission denied", as Vault before 1.17 answered. */
    void legacyTokenErrors(boolean legacy) {
        this.legacyTokenErrors = legacy;
    }

    /** renew-self grants at most {@code seconds} (a token near its max TTL); {@code Long.MAX_VALUE}: no cap. */
    void capRenewals(long seconds) {
        this.renewalCap = seconds;
    }

    /** The mount's {@code cas_required} setting ({@code POST {mount}/config} in Vault). */
    void casRequired(String mount, boolean required) {
        mountCasRequired.put(mount, required);
    }

    /** Whether {@code token} is still valid (not expired, not revoked). */
    boolean tokenValid(String token) {
        TokenInfo info = tokens.get(token);
        return info != null && info.valid();
    }

    /** Soft-deletes the latest version of a KV v2 secret, as {@code DELETE {mount}/data/{path}} does. */
    void softDeleteLatest(String mount, String path) {
        synchronized (lock) {
            V2Entry e = v2.getOrDefault(mount, new TreeMap<>()).get(path);
            e.versions.get((int) e.current() - 1).deleted = now();
        }
    }

    void clearFaults() {
        faults.clear();
    }

    /** Every request so far, as {@code METHOD /v1/path}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long count(String method, String pathContains) {
        return requests.stream().filter(r -> r.startsWith(method + " ") && r.contains(pathContains)).count();
    }

    /** Every token the fake has issued or knows, the root token included. */
    List<String> knownTokens() {
        return List.copyOf(tokens.keySet());
    }

    void resetRequests() {
        requests.clear();
    }

    List<String> namespaceHeaders() {
        return List.copyOf(namespaceHeaders);
    }

    /** Plants a KV v2 secret as another tool would: any data and custom_metadata. */
    void putV2(String mount, String path, Map<String, Object> data, Map<String, String> customMetadata) {
        synchronized (lock) {
            V2Entry e = v2.computeIfAbsent(mount, m -> new TreeMap<>()).computeIfAbsent(path, p -> new V2Entry(now()));
            e.versions.add(newVersion(mount, e, JSON.valueToTree(data)));
            e.customMetadata = new TreeMap<>(customMetadata);
            e.updated = now();
        }
    }

    /** Plants a KV v1 secret as another tool would. */
    void putV1(String mount, String path, Map<String, Object> data) {
        synchronized (lock) {
            v1.computeIfAbsent(mount, m -> new TreeMap<>()).put(path, JSON.valueToTree(data));
        }
    }

    /** Number of stored versions of a KV v2 secret, -1 when it has no metadata. */
    int v2VersionCount(String mount, String path) {
        synchronized (lock) {
            V2Entry e = v2.getOrDefault(mount, new TreeMap<>()).get(path);
            return e == null ? -1 : e.versions.size();
        }
    }

    Map<String, String> v2CustomMetadata(String mount, String path) {
        synchronized (lock) {
            V2Entry e = v2.getOrDefault(mount, new TreeMap<>()).get(path);
            return e == null ? null : Map.copyOf(e.customMetadata);
        }
    }

    JsonNode v1Data(String mount, String path) {
        synchronized (lock) {
            ObjectNode n = v1.getOrDefault(mount, new TreeMap<>()).get(path);
            return n == null ? null : n.deepCopy();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP -------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            String query = ex.getRequestURI().getQuery();
            if ("LIST".equals(method) && refuseListVerb) {
                // what an ingress that only routes standard methods answers: no Vault JSON at all
                requests.add("LIST " + path + " (refused by the proxy)");
                byte[] page = "<html><body>405 Method Not Allowed</body></html>".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html");
                ex.sendResponseHeaders(405, page.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(page);
                }
                return;
            }
            // https://developer.hashicorp.com/vault/api-docs#api-operations: "GET with ?list=true" is LIST
            boolean listByQuery = "GET".equals(method) && query != null && query.contains("list=true");
            if (listByQuery) {
                method = "LIST";
            }
            requests.add(method + " " + path + (listByQuery ? "?list=true" : ""));
            String ns = ex.getRequestHeaders().getFirst("X-Vault-Namespace");
            if (ns != null) {
                namespaceHeaders.add(ns);
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            Fault fault = takeFault(path);
            if (fault != null) {
                switch (fault.kind) {
                    case DROP -> {
                        return; // closing the exchange without an answer drops the connection
                    }
                    case STATUS -> {
                        respond(ex, fault.status, errors(fault.message));
                        return;
                    }
                    case DELAY -> sleep(fault.delay);
                    case APPLY_THEN_DROP -> answerLost.set(true);
                }
            }
            if (sealed) {
                // https://developer.hashicorp.com/vault/api-docs#http-status-codes: 503 while sealed
                respond(ex, 503, errors("Vault is sealed"));
                return;
            }
            if (standby) {
                // https://developer.hashicorp.com/vault/docs/concepts/ha#request-forwarding: without request
                // forwarding a standby redirects clients to the active node (307), or answers 503 when it
                // knows of none
                if (standbyRedirect == null) {
                    respond(ex, 503, errors("node not active but active cluster node not found"));
                } else {
                    ex.getResponseHeaders().set("Location", standbyRedirect + ex.getRequestURI());
                    respond(ex, 307, null);
                }
                return;
            }
            if (path.startsWith("/v1/") && !path.startsWith("/v1/auth/") && notYetReplicated.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                // https://developer.hashicorp.com/vault/api-docs#412: "Precondition failed - returned from
                // Enterprise when a request can't be processed yet due to some missing eventually consistent
                // data. Should be retried, perhaps with a little backoff."
                respond(ex, 412, errors("required index state not present"));
                return;
            }
            if (!path.startsWith("/v1/")) {
                respond(ex, 404, errors());
                return;
            }
            String p = path.substring(4);
            JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            if (p.startsWith("auth/")) {
                handleAuth(ex, method, p, json);
                return;
            }
            String token = ex.getRequestHeaders().getFirst("X-Vault-Token");
            TokenInfo info = token == null ? null : tokens.get(token);
            if (info == null || !info.valid()) {
                respond(ex, 403, deadTokenErrors());
                return;
            }
            if (denied(token, info, p)) {
                respond(ex, 403, errors("1 error occurred:\n\t* permission denied\n\n"));
                return;
            }
            String mount = mountOf(p);
            if (mount == null) {
                respond(ex, 404, errors("no handler for route \"" + p + "\". route entry not found."));
                return;
            }
            String rest = p.length() > mount.length() ? p.substring(mount.length() + 1) : "";
            synchronized (lock) {
                if (mounts.get(mount) == 2) {
                    handleV2(ex, method, mount, rest, json);
                } else {
                    handleV1(ex, method, mount, rest, json);
                }
            }
        } catch (RuntimeException e) {
            respond(ex, 500, errors("internal error: " + e.getClass().getSimpleName()));
        } finally {
            answerLost.set(false);
            ex.close();
        }
    }

    private ObjectNode deadTokenErrors() {
        return legacyTokenErrors ? errors("permission denied")
                : errors("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");
    }

    private boolean denied(String token, TokenInfo info, String p) {
        List<String> prefixes = info.fromLogin ? loginTokenDenials : deniedPrefixes.getOrDefault(token, List.of());
        for (String prefix : prefixes) {
            if (p.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private Fault takeFault(String path) {
        for (Fault f : faults) {
            if ((f.pathContains == null || path.contains(f.pathContains)) && f.remaining.getAndDecrement() > 0) {
                return f;
            }
        }
        faults.removeIf(f -> f.remaining.get() <= 0);
        return null;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String mountOf(String p) {
        synchronized (lock) {
            String best = null;
            for (String m : mounts.keySet()) {
                if ((p.equals(m) || p.startsWith(m + "/")) && (best == null || m.length() > best.length())) {
                    best = m;
                }
            }
            return best;
        }
    }

    private void handleAuth(HttpExchange ex, String method, String p, JsonNode body) throws IOException {
        String token = ex.getRequestHeaders().getFirst("X-Vault-Token");
        TokenInfo info = token == null ? null : tokens.get(token);
        switch (p) {
            case "auth/token/lookup-self" -> {
                if (info == null || !info.valid()) {
                    respond(ex, 403, deadTokenErrors());
                    return;
                }
                ObjectNode r = JSON.createObjectNode();
                ObjectNode d = r.putObject("data");
                d.put("id", token); // as Vault does: the token itself is in the answer
                d.put("ttl", info.expires == null ? 0 : Math.max(0, info.expires.getEpochSecond() - Instant.now().getEpochSecond()));
                d.put("renewable", info.renewable);
                d.put("creation_ttl", info.ttl);
                d.putArray("policies").add(info.expires == null ? "root" : "default");
                respond(ex, 200, r);
            }
            case "auth/token/renew-self" -> {
                if (info == null || !info.valid()) {
                    respond(ex, 403, deadTokenErrors());
                    return;
                }
                if (!info.renewable) {
                    respond(ex, 400, errors("lease is not renewable"));
                    return;
                }
                long granted = Math.min(info.ttl, renewalCap);
                info.expires = Instant.now().plusSeconds(granted);
                respond(ex, 200, authResponse(token, granted, true));
            }
            case "auth/token/revoke-self" -> {
                if (info == null || !info.valid()) {
                    respond(ex, 403, deadTokenErrors());
                    return;
                }
                info.expires = Instant.now().minusSeconds(1); // revoked; kept so tests still know the token
                respond(ex, 204, null);
            }
            case "auth/approle/login" -> {
                if (roleId.equals(body.path("role_id").asText()) && secretId.equals(body.path("secret_id").asText())) {
                    respond(ex, 200, issue());
                } else {
                    respond(ex, 400, errors("invalid role or secret ID"));
                }
            }
            case "auth/kubernetes/login" -> {
                if (kubernetesRole.equals(body.path("role").asText()) && kubernetesJwt.equals(body.path("jwt").asText())) {
                    respond(ex, 200, issue());
                } else {
                    respond(ex, 403, errors("permission denied"));
                }
            }
            default -> {
                if (p.equals("auth/userpass/login/" + userName) && "POST".equals(method)
                        && userPassword.equals(body.path("password").asText())) {
                    respond(ex, 200, issue());
                } else if (p.startsWith("auth/userpass/login/")) {
                    respond(ex, 400, errors("invalid username or password"));
                } else {
                    respond(ex, 404, errors());
                }
            }
        }
    }

    private ObjectNode issue() {
        String t = "hvs.login-" + UUID.randomUUID();
        long ttl = loginTtlSeconds;
        tokens.put(t, new TokenInfo(Instant.now().plusSeconds(ttl), loginRenewable, ttl, true));
        return authResponse(t, ttl, loginRenewable);
    }

    private static ObjectNode authResponse(String token, long ttl, boolean renewable) {
        ObjectNode r = JSON.createObjectNode();
        r.putNull("data");
        ObjectNode a = r.putObject("auth");
        a.put("client_token", token);
        a.put("accessor", "acc-" + UUID.randomUUID());
        a.putArray("policies").add("default");
        a.put("lease_duration", ttl);
        a.put("renewable", renewable);
        return r;
    }

    /**
     * A new version; with a {@code delete_version_after} on the mount or the key its {@code deletion_time} is
     * its creation plus the smaller non-zero of the two (the KV plugin's {@code deletionTime}; see
     * https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete_version_after).
     */
    private V2Version newVersion(String mount, V2Entry e, ObjectNode data) {
        Instant created = now();
        V2Version v = new V2Version(data, created);
        Duration mountDva = mountDeleteVersionAfter.getOrDefault(mount, Duration.ZERO);
        Duration keyDva = e.deleteVersionAfter;
        Duration dva = keyDva.isZero() ? mountDva
                : mountDva.isZero() || keyDva.compareTo(mountDva) < 0 ? keyDva : mountDva;
        if (!dva.isZero()) {
            v.deleted = created.plus(dva);
        }
        return v;
    }

    /** Deleted once its deletion_time has passed (a future deletion_time is a live version). */
    private boolean isDeleted(V2Version v) {
        return v.deleted != null && v.deleted.isBefore(now());
    }

    /** Go's {@code time.Duration.String()}, as Vault prints {@code delete_version_after}. */
    static String goDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        long m = d.toMinutesPart();
        long sec = d.toSecondsPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        return sb.append(sec).append('s').toString();
    }

    /** Vault's duration parameters: integer seconds or a Go duration string ("30s", "1h30m"). */
    static Duration parseDuration(JsonNode n) {
        if (n.isNumber()) {
            return Duration.ofSeconds(n.asLong());
        }
        String t = n.asText().trim();
        if (t.matches("-?\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(h|ms|m|s)").matcher(t);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalArgumentException("bad duration");
            }
            end = m.end();
            long v = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(v);
                case "m" -> Duration.ofMinutes(v);
                case "ms" -> Duration.ofMillis(v);
                default -> Duration.ofSeconds(v);
            });
        }
        if (end != t.length() || t.isEmpty()) {
            throw new IllegalArgumentException("bad duration");
        }
        return d;
    }

    /**
     * The KV plugin's custom_metadata rules (path_metadata.go, validateCustomMetadata; documented at
     * https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#custom_metadata): at most 64 entries;
     * every key and value non-empty, keys at most 128 bytes, values at most 512 bytes (Go counts bytes),
     * only printable characters (Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and
     * the ASCII space).
     */
    private static List<String> customMetadataProblems(JsonNode cm) {
        List<String> problems = new ArrayList<>();
        if (cm.size() > 64) {
            problems.add("custom_metadata validation failed: payload must contain at most 64 keys, provided " + cm.size());
            return problems;
        }
        cm.properties().forEach(f -> {
            String k = f.getKey();
            String v = f.getValue().asText();
            int kl = k.getBytes(StandardCharsets.UTF_8).length;
            int vl = v.getBytes(StandardCharsets.UTF_8).length;
            if (kl == 0 || kl > 128) {
                problems.add("custom_metadata validation failed: length of key \"" + k + "\" is " + kl
                        + " but must be 0 < len(key) <= 128");
            }
            if (vl == 0 || vl > 512) {
                problems.add("custom_metadata validation failed: length of value for key \"" + k + "\" is " + vl
                        + " but must be 0 < len(value) <= 512");
            }
            if (!goPrintable(k)) {
                problems.add("custom_metadata validation failed: key \"" + k + "\" contains unprintable characters");
            }
            if (!goPrintable(v)) {
                problems.add("custom_metadata validation failed: value for key \"" + k + "\" contains unprintable characters");
            }
        });
        return problems;
    }

    private static boolean goPrintable(String s) {
        return s.codePoints().allMatch(c -> c == ' ' || switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        });
    }

    private void handleV2(HttpExchange ex, String method, String mount, String rest, JsonNode body) throws IOException {
        NavigableMap<String, V2Entry> store = v2.computeIfAbsent(mount, m -> new TreeMap<>());
        if (rest.equals("config")) {
            // https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#configure-the-kv-engine
            if ("GET".equals(method)) {
                ObjectNode r = JSON.createObjectNode();
                ObjectNode d = r.putObject("data");
                d.put("cas_required", mountCasRequired.getOrDefault(mount, false));
                d.put("delete_version_after", goDuration(mountDeleteVersionAfter.getOrDefault(mount, Duration.ZERO)));
                d.put("max_versions", 0);
                respond(ex, 200, r);
            } else if ("POST".equals(method) || "PUT".equals(method)) {
                if (body.has("cas_required")) {
                    mountCasRequired.put(mount, body.path("cas_required").asBoolean());
                }
                if (body.has("delete_version_after")) {
                    mountDeleteVersionAfter.put(mount, parseDuration(body.get("delete_version_after")));
                }
                respond(ex, 204, null);
            } else {
                respond(ex, 405, errors("unsupported operation"));
            }
            return;
        }
        if (rest.startsWith("data/")) {
            String path = rest.substring(5);
            V2Entry e = store.get(path);
            switch (method) {
                case "GET" -> {
                    if (e == null || e.current() == 0) {
                        respond(ex, 404, errors());
                        return;
                    }
                    if (isDeleted(e.versions.get((int) e.current() - 1))) {
                        // Vault answers 404 for a deleted version (deletion_time passed) but still shows its
                        // metadata (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-version)
                        V2Version v = e.versions.get((int) e.current() - 1);
                        ObjectNode r = JSON.createObjectNode();
                        ObjectNode d = r.putObject("data");
                        d.putNull("data");
                        d.set("metadata", versionMetadata(e, v, e.current()));
                        respond(ex, 404, r);
                        return;
                    }
                    V2Version v = e.versions.get((int) e.current() - 1);
                    ObjectNode r = JSON.createObjectNode();
                    ObjectNode d = r.putObject("data");
                    d.set("data", v.data.deepCopy());
                    d.set("metadata", versionMetadata(e, v, e.current()));
                    respond(ex, 200, r);
                }
                case "POST", "PUT" -> {
                    if (!body.path("data").isObject()) {
                        respond(ex, 400, errors("no data provided"));
                        return;
                    }
                    JsonNode cas = body.path("options").path("cas");
                    long current = e == null ? 0 : e.current();
                    boolean casRequired = mountCasRequired.getOrDefault(mount, false) || (e != null && e.casRequired);
                    if (cas.isMissingNode() && casRequired) {
                        respond(ex, 400, errors("check-and-set parameter required for this call"));
                        return;
                    }
                    if (!cas.isMissingNode() && cas.asLong() != current) {
                        respond(ex, 400, errors("check-and-set parameter did not match the current version"));
                        return;
                    }
                    if (e == null) {
                        e = new V2Entry(now());
                        store.put(path, e);
                    }
                    V2Version v = newVersion(mount, e, (ObjectNode) body.path("data").deepCopy());
                    e.versions.add(v);
                    e.updated = v.created;
                    ObjectNode r = JSON.createObjectNode();
                    r.set("data", versionMetadata(e, v, e.current()));
                    respond(ex, 200, r);
                }
                case "DELETE" -> {
                    // soft delete of the latest version; one already deleted keeps its deletion_time
                    if (e != null && e.current() > 0 && !isDeleted(e.versions.get((int) e.current() - 1))) {
                        e.versions.get((int) e.current() - 1).deleted = now();
                    }
                    respond(ex, 204, null);
                }
                default -> respond(ex, 405, errors("unsupported operation"));
            }
        } else if (rest.startsWith("metadata/") || rest.equals("metadata")) {
            String path = rest.equals("metadata") ? "" : rest.substring(9);
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            V2Entry e = store.get(path);
            switch (method) {
                case "LIST" -> respondList(ex, store.navigableKeySet(), path);
                case "GET" -> {
                    if (e == null) {
                        respond(ex, 404, errors());
                        return;
                    }
                    ObjectNode r = JSON.createObjectNode();
                    ObjectNode d = r.putObject("data");
                    d.put("cas_required", e.casRequired);
                    d.put("created_time", e.created.toString());
                    d.put("current_version", e.current());
                    d.set("custom_metadata", e.customMetadata.isEmpty() ? null : JSON.valueToTree(e.customMetadata));
                    d.put("delete_version_after", goDuration(e.deleteVersionAfter));
                    d.put("max_versions", 0);
                    d.put("oldest_version", e.current() == 0 ? 0 : 1);
                    d.put("updated_time", e.updated.toString());
                    ObjectNode versions = d.putObject("versions");
                    for (int i = 0; i < e.versions.size(); i++) {
                        V2Version v = e.versions.get(i);
                        ObjectNode vn = versions.putObject(Integer.toString(i + 1));
                        vn.put("created_time", v.created.toString());
                        vn.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
                        vn.put("destroyed", false);
                    }
                    respond(ex, 200, r);
                }
                case "POST", "PUT" -> {
                    JsonNode cm = body.path("custom_metadata");
                    if (!cm.isMissingNode() && !cm.isNull()) {
                        List<String> problems = customMetadataProblems(cm);
                        if (!problems.isEmpty()) {
                            respond(ex, 400, errors(String.join("\n", problems)));
                            return;
                        }
                    }
                    if (e == null) {
                        e = new V2Entry(now());
                        store.put(path, e);
                    }
                    if (body.has("delete_version_after")) {
                        e.deleteVersionAfter = parseDuration(body.get("delete_version_after"));
                    }
                    if (body.has("cas_required")) {
                        e.casRequired = body.path("cas_required").asBoolean();
                    }
                    if (!cm.isMissingNode() && !cm.isNull()) {
                        Map<String, String> m = new TreeMap<>();
                        cm.properties().forEach(f -> m.put(f.getKey(), f.getValue().asText()));
                        e.customMetadata = m;
                    }
                    e.updated = now();
                    respond(ex, 204, null);
                }
                case "DELETE" -> {
                    store.remove(path);
                    respond(ex, 204, null);
                }
                default -> respond(ex, 405, errors("unsupported operation"));
            }
        } else {
            respond(ex, 404, errors("no handler for route"));
        }
    }

    private static ObjectNode versionMetadata(V2Entry e, V2Version v, long version) {
        ObjectNode m = JSON.createObjectNode();
        m.put("created_time", v.created.toString());
        m.set("custom_metadata", e.customMetadata.isEmpty() ? null : JSON.valueToTree(e.customMetadata));
        m.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
        m.put("destroyed", false);
        m.put("version", version);
        return m;
    }

    private void handleV1(HttpExchange ex, String method, String mount, String path, JsonNode body) throws IOException {
        NavigableMap<String, ObjectNode> store = v1.computeIfAbsent(mount, m -> new TreeMap<>());
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        switch (method) {
            case "LIST" -> respondList(ex, store.navigableKeySet(), path);
            case "GET" -> {
                ObjectNode d = store.get(path);
                if (d == null) {
                    respond(ex, 404, errors());
                    return;
                }
                ObjectNode r = JSON.createObjectNode();
                r.put("request_id", UUID.randomUUID().toString());
                r.put("lease_id", "");
                r.put("lease_duration", 2764800);
                r.put("renewable", false);
                r.set("data", d.deepCopy());
                respond(ex, 200, r);
            }
            case "POST", "PUT" -> {
                if (!body.isObject()) {
                    respond(ex, 400, errors("invalid request"));
                    return;
                }
                store.put(path, (ObjectNode) body.deepCopy());
                respond(ex, 204, null);
            }
            case "DELETE" -> {
                store.remove(path);
                respond(ex, 204, null);
            }
            default -> respond(ex, 405, errors("unsupported operation"));
        }
    }

    private void respondList(HttpExchange ex, java.util.NavigableSet<String> paths, String folder) throws IOException {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        TreeSet<String> keys = new TreeSet<>();
        for (String p : paths.tailSet(prefix, true)) {
            if (!p.startsWith(prefix)) {
                break;
            }
            String rest = p.substring(prefix.length());
            int slash = rest.indexOf('/');
            keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
        }
        if (keys.isEmpty()) {
            respond(ex, 404, errors());
            return;
        }
        ObjectNode r = JSON.createObjectNode();
        ArrayNode arr = r.putObject("data").putArray("keys");
        keys.forEach(arr::add);
        respond(ex, 200, r);
    }

    private static ObjectNode errors(String... messages) {
        ObjectNode r = JSON.createObjectNode();
        ArrayNode a = r.putArray("errors");
        for (String m : messages) {
            a.add(m);
        }
        return r;
    }

    private void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
        if (answerLost.get()) {
            return; // the request was carried out; closing the exchange unanswered drops the connection
        }

        if (body == null || status == 204) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
