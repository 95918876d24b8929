package dev.cascade.secrets.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cascade.BackendException;
import dev.cascade.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Vault's HTTP API as the store needs it: one place for headers, authentication (login, renewal,
 * at most one re-login per request when a 403 shows the token is dead), retries with exponential backoff
 * and jitter, timeouts and error wording.
 * Thread-safe: the token state is guarded by a lock; requests run concurrently.
 *
 * <p>Nothing here logs or puts into an exception a request or response body, or a token.
 */
final class VaultHttp {
    private static final Logger LOG = LoggerFactory.getLogger(VaultHttp.class);
    static final String BACKEND = "vault";
    /**
     * Statuses worth another attempt: 412 is Vault Enterprise's "data not yet replicated to this node, retry
     * with a little backoff" (https://developer.hashicorp.com/vault/api-docs#412), 429/5xx are transient.
     */
    private static final Set<Integer> RETRYABLE = Set.of(412, 429, 500, 502, 503);

    /** Sleeps between attempts; replaced in tests so they need not wait. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What a failure message names: the operation and the secret it concerned. */
    record Op(String operation, String tenant, String namespace, String key) {
        BackendException fail(String reason) {
            return new BackendException(BACKEND, operation, tenant, namespace, key, reason);
        }

        BackendException fail(String reason, Throwable cause) {
            return new BackendException(BACKEND, operation, tenant, namespace, key, reason, cause);
        }
    }

    /**
     * A Vault answer: status, parsed JSON body (a missing node for an empty body) and how many attempts the
     * request took (more than one: an earlier attempt may have reached Vault and been applied).
     */
    record Response(int status, JsonNode body, int attempts) {
        Response(int status, JsonNode body) {
            this(status, body, 1);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Vault's {@code errors} array, joined; empty when there is none. */
        String errors() {
            List<String> errs = new ArrayList<>();
            body.path("errors").forEach(e -> errs.add(e.asText()));
            return String.join("; ", errs);
        }
    }

    /**
     * The token in use. {@code loggedIn}: obtained by a login of ours (so ours to revoke); {@code lease}: the
     * lease it was issued with, to notice a renewal that no longer extends it (max TTL reached).
     */
    private record TokenState(String token, Instant renewAt, boolean renewable, boolean loggedIn, long lease) { }

    /** Vault's wording (documented since 2024) for a token that is revoked, expired or unknown. */
    static final String INVALID_TOKEN = "invalid token";
    /** A dead token found again this soon after a re-login is not answered with yet another login. */
    static final Duration MIN_RELOGIN_INTERVAL = Duration.ofSeconds(2);

    private final VaultConfig config;
    private final HttpClient client;
    private final ObjectMapper json;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final URI base;
    private final Object authLock = new Object();
    private volatile TokenState tokenState;
    private Instant lastForcedLogin; // guarded by authLock
    private volatile boolean closed;

    VaultHttp(VaultConfig config, ObjectMapper json, Clock clock, Sleeper sleeper, DoubleSupplier random) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        String a = config.address().toString();
        this.base = URI.create(a.endsWith("/") ? a : a + "/");
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        Optional<SSLContext> ssl = sslContext(config);
        ssl.ifPresent(b::sslContext);
        this.client = b.build();
    }

    static VaultHttp create(VaultConfig config, ObjectMapper json) {
        return new VaultHttp(config, json, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    private static Optional<SSLContext> sslContext(VaultConfig config) {
        try {
            KeyStore trust;
            if (config.caCertFile().isPresent()) {
                trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(config.caCertFile().get())) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trust.setCertificateEntry("vault-ca-" + i++, c);
                    }
                    if (i == 0) {
                        throw new ConfigurationException("tls.caCertFile was '" + config.caCertFile().get()
                                + "' but it holds no PEM certificate");
                    }
                }
            } else if (config.trustStoreFile().isPresent()) {
                trust = KeyStore.getInstance(config.trustStoreType());
                char[] pw = config.trustStorePassword().map(String::toCharArray).orElse(null);
                try (InputStream in = Files.newInputStream(config.trustStoreFile().get())) {
                    trust.load(in, pw);
                }
            } else {
                return Optional.empty();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return Optional.of(ctx);
        } catch (IOException | GeneralSecurityException e) {
            // messages of these exceptions name files and formats, never the password
            throw new ConfigurationException("Vault TLS trust material could not be loaded from "
                    + config.caCertFile().or(config::trustStoreFile).map(Object::toString).orElse("?") + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    ObjectMapper json() {
        return json;
    }

    /** The clock this client (and its store) tells time by. */
    Clock clock() {
        return clock;
    }

    /**
     * Sends an authenticated request. A 403 is looked at before anything else happens: when Vault says the
     * token is invalid (or, for older Vault versions that answer only "permission denied", when
     * {@code auth/token/lookup-self} with the same token is refused too) the token is dead, and an auth method
     * that can log in does so once — shared by every thread that saw the same dead token, never more often
     * than {@link #MIN_RELOGIN_INTERVAL} — and the request is repeated once. Any other 403 is a policy denial:
     * it fails at once, with no login. Statuses other than 403 are returned for the caller to interpret
     * (after retries for 429/5xx).
     *
     * @param body a JSON body, or {@code null}
     * @param scrub strings that must not appear in an error message (the value being written)
     */
    Response send(String method, String path, JsonNode body, Op op, String... scrub) {
        if (closed) {
            throw op.fail("the Vault secret store is closed");
        }
        String token = currentToken(op);
        Response r = execute(method, path, body, token, op);
        if (r.status() != 403) {
            return r;
        }
        if (!tokenDead(token, r, op)) {
            throw policyDenied(method, path, r, op, scrub);
        }
        if (config.auth() instanceof VaultAuth.Token) {
            throw op.fail("Vault refused the configured token (403) for " + method + " " + path
                    + ": it is invalid, expired or revoked" + detail(r, scrub));
        }
        String fresh = reauthenticate(token, op);
        r = execute(method, path, body, fresh, op);
        if (r.status() == 403) {
            // at most one re-login per request: a refusal now is the policy's (or a token dead at birth)
            throw op.fail("Vault refused the request (403) for " + method + " " + path
                    + " even with a freshly logged-in token: the token's policy does not allow this path"
                    + detail(r, scrub));
        }
        return r;
    }

    private BackendException policyDenied(String method, String path, Response r, Op op, String... scrub) {
        return op.fail("Vault denied " + method + " " + path + " (403 permission denied): the token is valid but"
                + " its policy does not allow this path; grant the policy access to it" + detail(r, scrub));
    }

    /** Whether a 403 means the token itself is dead rather than a policy denial. */
    private boolean tokenDead(String token, Response refusal, Op op) {
        if (refusal.errors().toLowerCase(java.util.Locale.ROOT).contains(INVALID_TOKEN)) {
            return true;
        }
        // Vault before 1.17 answers a bare "permission denied" for both: ask about the token itself
        // (the default policy lets every token look itself up)
        Response lookup = execute("GET", "auth/token/lookup-self", null, token, op);
        if (lookup.status() == 403) {
            return true;
        }
        if (!lookup.ok()) {
            LOG.debug("Vault token lookup-self answered {} after a 403; treating the 403 as a policy denial",
                    lookup.status());
        }
        return false;
    }

    /** Fails with a clean message for an answer the caller did not expect. */
    BackendException unexpected(Response r, String method, String path, Op op, String... scrub) {
        if (r.status() == 503) {
            return op.fail("Vault is sealed or unavailable (503) for " + method + " " + path + " after "
                    + (config.maxRetries() + 1) + " attempts" + detail(r, scrub));
        }
        if (r.status() == 412) {
            return op.fail("Vault answered 412 for " + method + " " + path + " after " + (config.maxRetries() + 1)
                    + " attempts: the node has not yet received data written through another node (Vault Enterprise"
                    + " replication or performance standby); point address at the active node or raise maxRetries"
                    + detail(r, scrub));
        }
        if (RETRYABLE.contains(r.status())) {
            return op.fail("Vault answered " + r.status() + " for " + method + " " + path + " after "
                    + (config.maxRetries() + 1) + " attempts" + detail(r, scrub));
        }
        if (r.status() >= 300 && r.status() < 400) {
            return op.fail("Vault answered " + r.status() + " (a redirect, as a standby node that does not forward"
                    + " requests sends) for " + method + " " + path + "; the store never follows redirects, so that"
                    + " the token is not sent elsewhere: point address at the active node or a load balancer");
        }
        return op.fail("Vault answered " + r.status() + " for " + method + " " + path + detail(r, scrub));
    }

    private String detail(Response r, String... scrub) {
        String errors = r.errors();
        if (errors.isEmpty()) {
            return "";
        }
        TokenState ts = tokenState;
        if (ts != null) {
            errors = errors.replace(ts.token(), "<redacted>");
        }
        for (String s : scrub) {
            if (s != null && !s.isEmpty()) {
                errors = errors.replace(s, "<redacted>");
            }
        }
        if (errors.length() > 300) {
            errors = errors.substring(0, 300) + "…";
        }
        return " (Vault said: " + errors + ")";
    }

    // ---- authentication -------------------------------------------------------------------------------

    private String currentToken(Op op) {
        TokenState ts = tokenState;
        if (ts != null && (ts.renewAt() == null || clock.instant().isBefore(ts.renewAt()))) {
            return ts.token();
        }
        TokenState replaced = null;
        String token;
        synchronized (authLock) {
            if (closed) { // closed while this request was on its way: no login that nobody would revoke
                throw op.fail("the Vault secret store is closed");
            }
            ts = tokenState;
            if (ts == null) {
                tokenState = ts = initialToken(op);
            } else if (ts.renewAt() != null && !clock.instant().isBefore(ts.renewAt())) {
                TokenState next = renewOrLogin(ts, op);
                if (!next.token().equals(ts.token()) && ts.loggedIn()) {
                    replaced = ts;
                }
                tokenState = ts = next;
            }
            token = ts.token();
        }
        if (replaced != null) {
            revoke(replaced.token()); // still alive: do not leave it behind
        }
        return token;
    }

    /**
     * Called when a 403 showed {@code deadToken} is dead: logs in again, unless another thread already did
     * (then its token is used). Refuses to log in again within {@link #MIN_RELOGIN_INTERVAL} of the last such
     * login, so a Vault that keeps refusing fresh tokens cannot cause a login storm.
     *
     * @return the token to repeat the request with
     */
    private String reauthenticate(String deadToken, Op op) {
        synchronized (authLock) {
            TokenState ts = tokenState;
            if (ts != null && !ts.token().equals(deadToken)) {
                return ts.token(); // another thread logged in meanwhile
            }
            Instant now = clock.instant();
            if (lastForcedLogin != null && now.isBefore(lastForcedLogin.plus(MIN_RELOGIN_INTERVAL))) {
                throw op.fail("Vault refused as invalid a token obtained by a login less than "
                        + MIN_RELOGIN_INTERVAL.toSeconds() + " s ago; not logging in again so soon");
            }
            LOG.info("Vault says the token is invalid or expired; logging in again with {}", config.auth().method());
            lastForcedLogin = now;
            tokenState = ts = login(op);
            return ts.token();
        }
    }

    /** Best effort, one attempt: revokes a token of ours that is being replaced or dropped. */
    private void revoke(String token) {
        try {
            HttpRequest.Builder rb = request("POST", "auth/token/revoke-self", json.createObjectNode(), token,
                    new Op("revoke", null, null, null));
            HttpResponse<Void> resp = client.send(rb.build(), HttpResponse.BodyHandlers.discarding());
            LOG.debug("Vault token revoke-self answered {}", resp.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Vault token revoke-self failed ({})", e.getClass().getSimpleName());
        }
    }

    /**
     * Revokes the token of our own login (never a token given by the operator), best effort, and closes the
     * HTTP client where it can be closed (JDK 21+). Later requests fail with a clear error.
     */
    void close() {
        TokenState ts;
        synchronized (authLock) {
            if (closed) {
                return;
            }
            closed = true;
            ts = tokenState;
            tokenState = null;
        }
        if (ts != null && ts.loggedIn()) {
            revoke(ts.token());
        }
        if (client instanceof AutoCloseable c) { // HttpClient is AutoCloseable from JDK 21
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing the HTTP client failed ({})", e.getClass().getSimpleName());
            }
        }
    }

    private TokenState initialToken(Op op) {
        if (config.auth() instanceof VaultAuth.Token t) {
            // learn whether the token expires and can be renewed; a failure here is not fatal
            Response r = execute("GET", "auth/token/lookup-self", null, t.token(), op);
            if (r.status() == 403) {
                throw op.fail("Vault refused the configured token (403): it is invalid or expired");
            }
            if (!r.ok()) {
                LOG.debug("Vault token lookup-self answered {}; the token will not be renewed", r.status());
                return new TokenState(t.token(), null, false, false, 0);
            }
            long ttl = r.body().path("data").path("ttl").asLong(0);
            boolean renewable = r.body().path("data").path("renewable").asBoolean(false);
            long creationTtl = r.body().path("data").path("creation_ttl").asLong(ttl);
            return new TokenState(t.token(), renewable && ttl > 0 ? renewAt(ttl) : null, renewable, false,
                    Math.max(ttl, creationTtl));
        }
        return login(op);
    }

    private Instant renewAt(long leaseSeconds) {
        // renew when two thirds of the lease have passed
        return clock.instant().plusSeconds(Math.max(1, leaseSeconds * 2 / 3));
    }

    private TokenState renewOrLogin(TokenState ts, Op op) {
        if (ts.renewable()) {
            Response r = execute("POST", "auth/token/renew-self", json.createObjectNode(), ts.token(), op);
            if (r.ok()) {
                JsonNode auth = r.body().path("auth");
                long lease = auth.path("lease_duration").asLong(0);
                boolean renewable = auth.path("renewable").asBoolean(false) && lease > 0;
                if (lease > 0 && lease < ts.lease()) {
                    // capped by the token's max TTL: renewing again would gain less each time. Use what is
                    // left, then (for a login method) log in afresh instead of renewing.
                    LOG.debug("Vault token renewed for only {}s of {}s (max TTL near); no further renewal",
                            lease, ts.lease());
                    renewable = false;
                } else {
                    LOG.debug("Vault token renewed for {}s", lease);
                }
                if (config.auth() instanceof VaultAuth.Token && !renewable) {
                    return new TokenState(ts.token(), null, false, false, ts.lease());
                }
                return new TokenState(ts.token(), lease > 0 ? renewAt(lease) : null, renewable, ts.loggedIn(),
                        Math.max(lease, ts.lease()));
            }
            LOG.info("Vault token renewal answered {}", r.status());
        }
        if (config.auth() instanceof VaultAuth.Token) {
            // nothing else to do with a fixed token: keep using it until Vault refuses it
            return new TokenState(ts.token(), null, false, false, ts.lease());
        }
        return login(op);
    }

    private TokenState login(Op op) {
        VaultAuth auth = config.auth();
        ObjectNode body = json.createObjectNode();
        String path;
        String scrub;
        if (auth instanceof VaultAuth.AppRole a) {
            path = "auth/" + a.mount() + "/login";
            body.put("role_id", a.roleId());
            body.put("secret_id", a.secretId());
            scrub = a.secretId();
        } else if (auth instanceof VaultAuth.UserPass u) {
            path = "auth/" + u.mount() + "/login/" + u.username();
            body.put("password", u.password());
            scrub = u.password();
        } else if (auth instanceof VaultAuth.Kubernetes k) {
            path = "auth/" + k.mount() + "/login";
            String jwt;
            try {
                jwt = Files.readString(k.jwtFile(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw op.fail("cannot read the Kubernetes service-account token file " + k.jwtFile() + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            body.put("role", k.role());
            body.put("jwt", jwt);
            scrub = jwt;
        } else {
            throw new IllegalStateException("no login for " + auth.method());
        }
        Response r = execute("POST", path, body, null, op);
        if (!r.ok()) {
            if (r.status() == 400 || r.status() == 403) {
                throw op.fail("Vault " + auth.method() + " login refused (" + r.status() + ")" + detail(r, scrub));
            }
            throw unexpected(r, "POST", path, op, scrub);
        }
        JsonNode a = r.body().path("auth");
        String token = a.path("client_token").asText("");
        if (token.isEmpty()) {
            throw op.fail("Vault " + auth.method() + " login answered without a client token");
        }
        long lease = a.path("lease_duration").asLong(0);
        boolean renewable = a.path("renewable").asBoolean(false);
        LOG.debug("Logged in to Vault with {}; lease {}s, renewable {}", auth.method(), lease, renewable);
        // a non-renewable token is replaced by a fresh login when two thirds of it have passed
        return new TokenState(token, lease > 0 ? renewAt(lease) : null, renewable, true, lease);
    }

    // ---- transport --------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String method, String path, JsonNode body, String token, Op op) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve("v1/" + path))
                .timeout(config.requestTimeout())
                .header("Accept", "application/json");
        if (token != null) {
            rb.header("X-Vault-Token", token);
        }
        config.vaultNamespace().ifPresent(ns -> rb.header("X-Vault-Namespace", ns));
        if (body != null) {
            byte[] bytes;
            try {
                bytes = json.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw op.fail("cannot encode the request body");
            }
            rb.header("Content-Type", "application/json");
            rb.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return rb;
    }

    /** One request with retries on connection errors and 412/429/500/502/503. */
    private Response execute(String method, String path, JsonNode body, String token, Op op) {
        HttpRequest.Builder rb = request(method, path, body, token, op);
        HttpRequest request = rb.build();
        int attempts = config.maxRetries() + 1;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = resp.statusCode();
                if (RETRYABLE.contains(status) && attempt < attempts) {
                    Duration wait = backoff(attempt, resp.headers().firstValue("Retry-After"));
                    LOG.warn("Vault answered {} for {} {}; retry {} of {} in {} ms", status, method, path, attempt,
                            attempts - 1, wait.toMillis());
                    sleeper.sleep(wait); // an interrupt here ends in the InterruptedException branch below
                    continue;
                }
                return new Response(status, parse(resp.body(), status, op, method, path), attempt);
            } catch (HttpConnectTimeoutException e) {
                if (attempt >= attempts) {
                    throw op.fail("could not connect to Vault at " + config.address() + " within "
                            + config.connectTimeout().toMillis() + " ms (" + attempts + " attempts)", e);
                }
                retryAfterIo(method, path, attempt, attempts, e, op);
            } catch (HttpTimeoutException e) {
                // not retried: a write that timed out may still have been applied
                throw op.fail("Vault did not answer " + method + " " + path + " within "
                        + config.requestTimeout().toMillis() + " ms", e);
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw op.fail("connection to Vault at " + config.address() + " failed for " + method + " " + path
                            + " (" + attempts + " attempts): " + e.getClass().getSimpleName(), e);
                }
                retryAfterIo(method, path, attempt, attempts, e, op);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw op.fail("interrupted while talking to Vault");
            }
        }
    }

    private void retryAfterIo(String method, String path, int attempt, int attempts, IOException e, Op op) {
        Duration wait = backoff(attempt, Optional.empty());
        LOG.warn("Connection to Vault failed for {} {} ({}); retry {} of {} in {} ms", method, path,
                e.getClass().getSimpleName(), attempt, attempts - 1, wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw op.fail("interrupted while waiting to retry " + method + " " + path);
        }
    }

    /**
     * Exponential backoff with jitter: the ceiling doubles each attempt (capped at maxBackoff) and the
     * wait is drawn between half the ceiling and the ceiling. A Retry-After in seconds is honoured up to
     * maxBackoff.
     */
    Duration backoff(int attempt, Optional<String> retryAfter) {
        long max = config.maxBackoff().toMillis();
        if (retryAfter.isPresent()) {
            try {
                long s = Long.parseLong(retryAfter.get().strip());
                return Duration.ofMillis(Math.min(max, Math.max(0, s * 1000)));
            } catch (NumberFormatException ignored) {
                // an HTTP date: fall back to our own backoff
            }
        }
        long ceiling = config.initialBackoff().toMillis();
        for (int i = 1; i < attempt && ceiling < max; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    private JsonNode parse(byte[] body, int status, Op op, String method, String path) {
        if (body == null || body.length == 0) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            if (status >= 300) {
                return json.missingNode(); // a proxy's HTML error page; the status says enough
            }
            // the parser's message may quote the body: do not chain it
            throw op.fail("Vault answered " + method + " " + path + " with a body that is not JSON");
        }
    }
}
