package dev.cascade.secrets.aws;

import dev.cascade.BackendException;
import dev.cascade.ConfigurationException;
import dev.cascade.ConflictException;
import dev.cascade.InvalidIdException;
import dev.cascade.NotFoundException;
import dev.cascade.ReadOnlyStoreException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.LimitExceededException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Secrets in AWS Secrets Manager, one Secrets Manager secret per Cascade secret, named
 * {@code {prefix}/{tenant}/{namespace}/{key}} and tagged {@code tenant}, {@code namespace} and {@code key}.
 * Only string secrets are read; a binary secret is refused with a clear error.
 *
 * <p><b>Versions.</b> The Cascade version travels in the Secrets Manager version id that each write sets
 * through {@code ClientRequestToken} ({@code cascade-version-00000000000000000007}, one id per version
 * number), so it changes atomically with the value and is read back from {@code DescribeSecret}/
 * {@code ListSecrets} at no extra cost. When the current version was written by another tool (a rotation),
 * the store asks {@code ListSecretVersionIds} (deprecated versions included) for the highest number it ever
 * wrote: the foreign version counts as that number + 1 and the next Cascade write gets + 2, so numbers never
 * go backwards and never reuse an id AWS still keeps. Several foreign writes in a row share one number.
 * Every write, conditional or not, claims the id of the next number; when that id is taken (a concurrent
 * writer, or a deprecated version left by a rollback) an unconditional write reads again and takes the
 * next free number, so each successful write of a different value gets its own, increasing number.
 *
 * <p><b>No compare-and-set.</b> Secrets Manager cannot make a write conditional on the current version, so
 * {@link #supportsCompareAndSet()} is {@code false}: an expected version is checked by reading first, which
 * narrows the race without closing it. Two guards close parts of it: {@link #MUST_NOT_EXIST} is honoured
 * atomically by {@code CreateSecret} for a new name (a {@code ResourceExistsException} becomes a
 * {@link ConflictException}), and every write claims the one version id of the next number, so of two
 * writers that read the same version and write different values only one succeeds (a conditional loser gets
 * a {@link ConflictException}). Description and tag changes are separate calls after the value: when one
 * fails, the error says that the value was written and that the put should be repeated.
 *
 * <p><b>Listing.</b> {@code list} and {@code getAll} rest on {@code ListSecrets}, which "might not reflect
 * changes from the last five minutes": {@link #listIsStronglyConsistent()} is {@code false}, so the resolver
 * reads keys directly instead of trusting the key set. The keys this store wrote or deleted during the last
 * five minutes are corrected in its own listing by {@code DescribeSecret}. {@code BatchGetSecretValue}
 * reports failures per secret: one the policy denies is left out of {@code getAll} with a warning.
 *
 * <p><b>Logging.</b> Stores built by {@link #create} refuse to send a request carrying a session token while
 * the JDK's {@code sun.net.www.protocol.http.HttpURLConnection} logger is at DEBUG/FINE, because that logger
 * writes every request header (see docs/aws.md).
 *
 * <p><b>Read-only mode</b> adopts existing secrets, by name or by tags (see {@link AwsSecretStoreConfig}),
 * and refuses every write with {@link ReadOnlyStoreException} before any call is made.
 *
 * <p><b>Errors</b> become {@link BackendException}s naming the backend {@code aws-secrets-manager}, the
 * operation, tenant, namespace and key, with the AWS error code; throttling and transient failures are
 * retried first by the SDK's retry strategy. Causes are copied with every occurrence of the secret value
 * removed.
 *
 * <p>Thread-safe: the SDK client is thread-safe; the only other state, the tag mapping cache of
 * {@code adoptBy=tags}, is a concurrent map of immutable entries.
 */
public final class AwsSecretStore implements SecretStore {
    /** The backend name used in errors. */
    public static final String BACKEND = "aws-secrets-manager";
    /** Most secrets one {@code BatchGetSecretValue} call returns by id. */
    public static final int BATCH_SIZE = 20;
    private static final int WRITE_ATTEMPTS = 8;
    /**
     * Claims an unconditional put may lose to concurrent writers (each loss is another writer's success): many,
     * each after a short random pause, so that writers racing in lockstep spread out instead of one starving.
     */
    private static final int LOST_CLAIMS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(AwsSecretStore.class);

    private final AwsSecretStoreConfig config;
    private final SecretsManagerClient client;
    private final boolean ownsClient;
    private final SecretNames names;
    /** Credentials provider this store created (the default chain), closed with the store; else null. */
    private final AutoCloseable ownedCredentials;
    /** adoptBy=tags: per "tenant/namespace", what one ListSecrets found, with when it was loaded. */
    private final Map<String, TagIndex> tagIndex = new ConcurrentHashMap<>();
    private volatile LongSupplier ticker = System::nanoTime;
    /** Keys this store changed lately: its own listing shows them as DescribeSecret does, not as ListSecrets lags. */
    private final RecentWrites recentWrites = new RecentWrites(LISTING_LAG, RECENT_WRITES_CAPACITY, () -> ticker.getAsLong());
    /** How far behind ListSecrets may be, per its API reference ("the last five minutes"). */
    static final java.time.Duration LISTING_LAG = java.time.Duration.ofMinutes(5);
    private static final int RECENT_WRITES_CAPACITY = 10_000;

    AwsSecretStore(AwsSecretStoreConfig config, SecretsManagerClient client, boolean ownsClient,
                   AutoCloseable ownedCredentials) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.ownedCredentials = ownedCredentials;
        this.names = new SecretNames(config.prefix());
    }

    private record TagIndex(Map<SecretKey, Found> byKey, long loadedNanos) { }

    /** Tests replace the clock of the tag cache. */
    void ticker(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /** The credentials provider this store created and closes, if any (tests). */
    AutoCloseable ownedCredentials() {
        return ownedCredentials;
    }

    /**
     * A store with its own SDK client (URL-connection HTTP client, the configured region, credentials,
     * endpoint, timeouts and retry strategy). {@link #close()} closes that client.
     *
     * @throws ConfigurationException when no region is configured and the SDK's region chain finds none
     */
    public static AwsSecretStore create(AwsSecretStoreConfig config) {
        Objects.requireNonNull(config, "config");
        AwsCredentialsProvider credentials = credentials(config);
        SecretsManagerClient client;
        try {
            client = buildClient(config, credentials);
        } catch (RuntimeException e) {
            closeQuietly(credentials);
            throw e;
        }
        return new AwsSecretStore(config, client, true,
                credentials instanceof SdkAutoCloseable c ? c::close : null);
    }

    /**
     * A store on a client the host built and keeps ownership of: region, credentials, endpoint, timeouts
     * and retries of {@code config} are not used, and {@link #close()} leaves the client open.
     */
    public static AwsSecretStore withClient(AwsSecretStoreConfig config, SecretsManagerClient client) {
        return new AwsSecretStore(config, client, false, null);
    }

    private static AwsCredentialsProvider credentials(AwsSecretStoreConfig config) {
        if (config.hasStaticCredentials()) {
            String id = config.accessKeyId().orElseThrow();
            String key = config.secretAccessKey().orElseThrow();
            return StaticCredentialsProvider.create(config.sessionToken().isPresent()
                    ? AwsSessionCredentials.create(id, key, config.sessionToken().get())
                    : AwsBasicCredentials.create(id, key));
        }
        // the SDK client does not close a provider it is given: the store closes this one
        return DefaultCredentialsProvider.builder().build();
    }

    private static void closeQuietly(AwsCredentialsProvider credentials) {
        if (credentials instanceof SdkAutoCloseable c) {
            c.close();
        }
    }

    /**
     * A client as {@link #create} builds it, with {@code extra} interceptors (tests); with the default chain
     * its credentials provider is left to the garbage collector, so tests use static credentials.
     */
    static SecretsManagerClient buildClient(AwsSecretStoreConfig config,
                                            software.amazon.awssdk.core.interceptor.ExecutionInterceptor... extra) {
        return buildClient(config, credentials(config), extra);
    }

    private static SecretsManagerClient buildClient(AwsSecretStoreConfig config, AwsCredentialsProvider credentials,
                                                    software.amazon.awssdk.core.interceptor.ExecutionInterceptor... extra) {
        Region region;
        if (config.region().isPresent()) {
            region = Region.of(config.region().get());
        } else {
            try {
                region = DefaultAwsRegionProviderChain.builder().build().getRegion();
            } catch (SdkException e) {
                throw new ConfigurationException("region was '' but it is required: set the region property, "
                        + "or AWS_REGION / a profile region for the SDK's default chain", e);
            }
        }
        software.amazon.awssdk.core.retry.RetryMode mode = switch (config.retryMode()) {
            case STANDARD -> software.amazon.awssdk.core.retry.RetryMode.STANDARD;
            case ADAPTIVE -> software.amazon.awssdk.core.retry.RetryMode.ADAPTIVE_V2;
            case LEGACY -> software.amazon.awssdk.core.retry.RetryMode.LEGACY;
        };
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(config.connectTimeout())
                        .socketTimeout(config.readTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.forRetryMode(mode).toBuilder()
                                .maxAttempts(config.maxAttempts()).build())
                        .apiCallTimeout(config.apiCallTimeout())
                        .addExecutionInterceptor(scrubbingInterceptor())
                        .addExecutionInterceptor(new HeaderLoggingGuard())
                        .applyMutation(o -> java.util.Arrays.stream(extra).forEach(o::addExecutionInterceptor))
                        .build());
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * An SDK interceptor that removes a submitted secret value from Secrets Manager error responses before
     * the SDK builds (and logs, at DEBUG) its exception. Stores built by {@link #create} use it; a host that
     * passes its own client should add it with {@code ClientOverrideConfiguration.Builder#addExecutionInterceptor}.
     */
    public static software.amazon.awssdk.core.interceptor.ExecutionInterceptor scrubbingInterceptor() {
        return new SecretEchoScrubber();
    }

    /** The configuration this store was built with. */
    public AwsSecretStoreConfig config() {
        return config;
    }

    @Override
    public String name() {
        return BACKEND;
    }

    @Override
    public boolean isReadOnly() {
        return config.readOnly();
    }

    /** {@code false}: Secrets Manager has no conditional write; see the class documentation. */
    @Override
    public boolean supportsCompareAndSet() {
        return false;
    }

    /**
     * {@code false}: {@code list} and {@code getAll} rest on {@code ListSecrets}, which "might not reflect
     * changes from the last five minutes"; the resolver therefore reads keys directly. This store's own writes
     * of the last five minutes are corrected in its listing (by {@code DescribeSecret}); other writers' are not.
     */
    @Override
    public boolean listIsStronglyConsistent() {
        return false;
    }

    /** The Secrets Manager name of a secret (by-name mode). */
    public String secretName(TenantId tenant, NamespaceId namespace, SecretKey key) {
        return checkedName(tenant, namespace, key);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        requireIds(tenant, namespace, key);
        return fetch(tenant, namespace, key, "get").map(r -> stringValue(r.secretString(), r.secretBinary() != null,
                "get", tenant, namespace, key));
    }

    /** The current value as Secrets Manager returns it, or empty when the secret does not exist for Cascade. */
    private Optional<GetSecretValueResponse> fetch(TenantId tenant, NamespaceId namespace, SecretKey key, String op) {
        String secretId;
        if (config.adoptBy() == AwsSecretStoreConfig.AdoptBy.TAGS) {
            Optional<Found> f = findByTags(tenant, namespace, key, op);
            if (f.isEmpty()) {
                return Optional.empty();
            }
            secretId = f.get().arn();
        } else {
            secretId = checkedName(tenant, namespace, key);
            if (!config.requiredTags().isEmpty()) {
                Optional<Found> f = describe(secretId, tenant, namespace, key, op);
                if (f.isEmpty() || f.get().deleted() || f.get().lacksRequiredTags()) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(client.getSecretValue(b -> b.secretId(secretId)));
        } catch (ResourceNotFoundException e) {
            forgetTags(tenant, namespace);
            return Optional.empty();
        } catch (InvalidRequestException e) {
            // a secret scheduled for deletion answers InvalidRequestException: for Cascade it does not exist
            Optional<Found> f = describe(secretId, tenant, namespace, key, op);
            if (f.isEmpty() || f.get().deleted()) {
                forgetTags(tenant, namespace);
                return Optional.empty();
            }
            throw failure(op, tenant, namespace, key, e, null);
        } catch (SdkException e) {
            throw failure(op, tenant, namespace, key, e, null);
        }
    }

    private SecretValue stringValue(String secretString, boolean binary, String op, TenantId tenant,
                                    NamespaceId namespace, SecretKey key) {
        if (secretString == null) {
            throw new BackendException(BACKEND, op, tenant.value(), namespace.value(), key.value(), binary
                    ? "the secret holds a binary value (SecretBinary); Cascade reads string secrets only"
                    : "the secret's current version holds no SecretString");
        }
        return SecretValue.of(secretString);
    }

    @Override
    public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        List<SecretMetadata> result = new ArrayList<>();
        for (Found f : withRecentWrites(findAll(tenant, namespace, "list"), tenant, namespace, "list").values()) {
            result.add(metadataOf(f, tenant, namespace, "list"));
        }
        result.sort(Comparator.comparing(SecretMetadata::key));
        return List.copyOf(result);
    }

    /** By name: one {@code DescribeSecret}, which unlike {@code ListSecrets} reflects writes at once. */
    @Override
    public Optional<SecretMetadata> metadata(TenantId tenant, NamespaceId namespace, SecretKey key) {
        requireIds(tenant, namespace, key);
        Optional<Found> found;
        if (config.adoptBy() == AwsSecretStoreConfig.AdoptBy.TAGS) {
            // the mapping may be cached: describe by ARN for fresh attributes, and check the tags still fit
            Optional<Found> mapped = findByTags(tenant, namespace, key, "metadata");
            if (mapped.isEmpty()) {
                return Optional.empty();
            }
            found = describe(mapped.get().arn(), tenant, namespace, key, "metadata")
                    .filter(f -> keyFromTags(f.name(), f.allTags(), tenant, namespace).equals(Optional.of(key)));
            if (found.isEmpty() || found.get().deleted()) {
                forgetTags(tenant, namespace);
            }
        } else {
            found = describe(checkedName(tenant, namespace, key), tenant, namespace, key, "metadata");
        }
        return found.filter(f -> !f.deleted() && !f.lacksRequiredTags())
                .map(f -> metadataOf(f, tenant, namespace, "metadata"));
    }

    /**
     * Every secret of a namespace: one paginated {@code ListSecrets}, then {@code BatchGetSecretValue} for
     * {@value #BATCH_SIZE} secrets a call (or one {@code GetSecretValue} each with {@code batchGet=false}).
     * A secret deleted between the two steps is left out.
     */
    @Override
    public Map<SecretKey, SecretValue> getAll(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Map<SecretKey, Found> found = withRecentWrites(findAll(tenant, namespace, "getAll"), tenant, namespace, "getAll");
        Map<SecretKey, SecretValue> result = new TreeMap<>();
        if (!config.batchGet()) {
            for (SecretKey key : found.keySet()) {
                fetch(tenant, namespace, key, "getAll").ifPresent(r -> {
                    if (r.secretString() != null) {
                        result.put(key, SecretValue.of(r.secretString()));
                    } else {
                        skipNonString(tenant, namespace, key, r.secretBinary() != null);
                    }
                });
            }
            return result;
        }
        Map<String, SecretKey> byArn = new HashMap<>();
        List<String> arns = new ArrayList<>();
        for (Found f : found.values()) {
            byArn.put(f.arn(), f.key());
            byArn.put(f.name(), f.key());
            arns.add(f.arn());
        }
        for (int from = 0; from < arns.size(); from += BATCH_SIZE) {
            List<String> chunk = arns.subList(from, Math.min(arns.size(), from + BATCH_SIZE));
            String next = null;
            do {
                String token = next;
                BatchGetSecretValueResponse r;
                try {
                    r = client.batchGetSecretValue(b -> b.secretIdList(chunk).nextToken(token));
                } catch (SdkException e) {
                    throw failure("getAll", tenant, namespace, null, e, null);
                }
                for (SecretValueEntry e : r.secretValues()) {
                    SecretKey key = byArn.containsKey(e.arn()) ? byArn.get(e.arn()) : byArn.get(e.name());
                    if (key == null) {
                        continue; // not asked for: never expected, never trusted
                    }
                    if (e.secretString() != null) {
                        result.put(key, SecretValue.of(e.secretString()));
                    } else {
                        skipNonString(tenant, namespace, key, e.secretBinary() != null);
                    }
                }
                for (APIErrorType err : r.errors()) {
                    if ("ResourceNotFoundException".equals(err.errorCode())
                            || "InvalidRequestException".equals(err.errorCode())) {
                        continue; // deleted, or scheduled for deletion, since it was listed
                    }
                    SecretKey key = byArn.get(err.secretId());
                    if (key != null && ("AccessDeniedException".equals(err.errorCode())
                            || "DecryptionFailure".equals(err.errorCode()))) {
                        // one secret the policy (or its KMS key) does not let us read: leave it out of the
                        // prefetch; a get of that key reports the denial for that key alone
                        LOG.warn("Left secret '{}' in namespace '{}' (tenant '{}') out of getAll: BatchGetSecretValue"
                                + " reported {} for it (check secretsmanager:GetSecretValue and kms:Decrypt for it)",
                                key, namespace, tenant, err.errorCode());
                        continue;
                    }
                    throw new BackendException(BACKEND, "getAll", tenant.value(), namespace.value(),
                            key == null ? null : key.value(), "BatchGetSecretValue reported " + err.errorCode()
                            + " for " + (key == null ? "one of the secrets" : "this secret"));
                }
                next = r.nextToken();
            } while (next != null && !next.isEmpty());
        }
        return result;
    }

    /** getAll leaves out a secret it cannot read as a string, so one such secret does not fail the prefetch. */
    private static void skipNonString(TenantId tenant, NamespaceId namespace, SecretKey key, boolean binary) {
        LOG.warn("Left secret '{}' in namespace '{}' (tenant '{}') out of getAll: {}; get reports it as an error",
                key, namespace, tenant, binary ? "it holds a binary value (SecretBinary), Cascade reads string secrets only"
                        : "its current version holds no SecretString");
    }

    // ------------------------------------------------------------------ writes

    @Override
    public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                              SecretAttributes attributes, long expectedVersion) {
        requireIds(tenant, namespace, key);
        Objects.requireNonNull(value, "value");
        if (expectedVersion < ANY_VERSION) {
            throw new IllegalArgumentException("expectedVersion was " + expectedVersion
                    + " but it must be ANY_VERSION (-1), MUST_NOT_EXIST (0) or a version read (>= 1)");
        }
        if (config.readOnly()) {
            throw readOnly("put", tenant, namespace, key);
        }
        SecretAttributes attrs = attributes == null ? SecretAttributes.NONE : attributes;
        Map<String, String> tags = desiredTags(tenant, namespace, key, attrs);
        String name = checkedName(tenant, namespace, key);
        String secret = value.reveal();
        SdkException last = null;
        long floor = 0; // the lowest version number the next attempt may claim, raised after each id collision
        boolean restored = false; // this put restored a secret scheduled for deletion: later attempts write over it
        int lost = 0; // claims lost to concurrent writers: retried on their own budget (LOST_CLAIMS)
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Optional<Found> current = describe(name, tenant, namespace, key, "put");
            current.ifPresent(f -> refuseUnmanaged(f, "put", tenant, namespace, key));
            if (current.isEmpty()) {
                if (expectedVersion > 0) {
                    throw conflict("put", tenant, namespace, key, "expected version " + expectedVersion
                            + " but the secret does not exist");
                }
                try {
                    client.createSecret(createRequest(name, secret, attrs.description(), tags));
                } catch (ResourceExistsException e) {
                    if (expectedVersion == MUST_NOT_EXIST) {
                        throw conflict("put", tenant, namespace, key, "it was created concurrently");
                    }
                    last = e; // lost a creation race: read again and write over it
                    if (lostClaim(++lost, tenant, namespace, key)) {
                        attempt--;
                    }
                    continue;
                } catch (InvalidRequestException | ResourceNotFoundException e) {
                    if (e instanceof InvalidRequestException && !deletionInvolved(current, name, tenant, namespace, key)) {
                        throw failure("put", tenant, namespace, key, e, secret);
                    }
                    last = e; // a forced deletion still finishing: wait, read again
                    pauseBeforeRetry(attempt, tenant, namespace, key);
                    continue;
                } catch (SdkException e) {
                    throw failure("put", tenant, namespace, key, e, secret);
                }
                recentWrites.record(tenant, namespace, key);
                LOG.debug("Created secret '{}' in namespace '{}' (tenant '{}') as {}", key, namespace, tenant, name);
                return new SecretMetadata(key, attrs.description(), userTags(tags), Instant.now(), 1);
            }
            Found f = current.get();
            long version;
            try {
                if (f.deleted()) {
                    // scheduled for deletion: gone for Cascade, but the name and its version history are kept
                    // until the window ends; it is restored and written with the next number (see README)
                    if (expectedVersion > 0) {
                        throw conflict("put", tenant, namespace, key, "expected version " + expectedVersion
                                + " but the secret does not exist (it is scheduled for deletion)");
                    }
                    client.restoreSecret(b -> b.secretId(name));
                    restored = true;
                    LOG.debug("Restored secret '{}' in namespace '{}' (tenant '{}') scheduled for deletion, to write it anew",
                            key, namespace, tenant);
                    version = version(f, tenant, namespace, "put");
                } else {
                    version = version(f, tenant, namespace, "put");
                    if (expectedVersion == MUST_NOT_EXIST && !restored) {
                        throw conflict("put", tenant, namespace, key, "it already exists (version " + version + ")");
                    }
                    if (expectedVersion > 0 && expectedVersion != version) {
                        throw conflict("put", tenant, namespace, key, "expected version " + expectedVersion
                                + " but the current version is " + version
                                + (attempt > 1 || lost > 0 ? " (another writer wrote concurrently)" : ""));
                    }
                }
            } catch (InvalidRequestException | ResourceNotFoundException e) {
                if (e instanceof InvalidRequestException && !deletionInvolved(current, name, tenant, namespace, key)) {
                    throw failure("put", tenant, namespace, key, e, secret);
                }
                last = e;
                pauseBeforeRetry(attempt, tenant, namespace, key);
                continue;
            } catch (SdkException e) {
                throw failure("put", tenant, namespace, key, e, secret);
            }
            // every write claims the one id of its number: of two writers of different values from the same
            // version only one gets it; the other reads again (conditional: conflict, unless the id was taken
            // by an old deprecated version; unconditional: the next free number)
            long next = Math.max(version + 1, floor);
            String token = SecretNames.versionToken(next);
            PutSecretValueResponse written;
            try {
                written = client.putSecretValue(b -> b.secretId(name).secretString(secret).clientRequestToken(token));
                recentWrites.record(tenant, namespace, key);
            } catch (ResourceExistsException e) {
                last = e;
                floor = Math.max(next + 1, highestCascadeVersion(name, tenant, namespace, key, "put") + 1);
                if (lostClaim(++lost, tenant, namespace, key)) {
                    attempt--;
                }
                continue;
            } catch (InvalidRequestException | ResourceNotFoundException e) {
                // deleted or being deleted concurrently (a forced deletion finishes asynchronously): wait, read
                // again; an InvalidRequestException with no deletion in sight is a real refusal
                if (e instanceof InvalidRequestException && !deletionInvolved(current, name, tenant, namespace, key)) {
                    throw failure("put", tenant, namespace, key, e, secret);
                }
                last = e;
                pauseBeforeRetry(attempt, tenant, namespace, key);
                continue;
            } catch (LimitExceededException e) {
                // API_PutSecretValue: versions younger than 24 hours are never removed, so frequent writes
                // reach the per-secret version quota
                throw failure("put", tenant, namespace, key, e, secret, "Secrets Manager refused a new version: the"
                        + " secret reached its quota of versions, and versions younger than 24 hours are not removed"
                        + " (AWS advises at most one write per secret every 10 minutes); nothing was written, retry"
                        + " later");
            } catch (SdkException e) {
                throw failure("put", tenant, namespace, key, e, secret);
            }
            if (!written.versionStages().contains(SecretNames.CURRENT_STAGE)) {
                // the id already held this very value (an old version): Secrets Manager ignored the write and
                // did not make it current; take a higher number
                floor = Math.max(next + 1, highestCascadeVersion(name, tenant, namespace, key, "put") + 1);
                continue;
            }
            try {
                syncAttributes(name, f, attrs.description(), tags);
            } catch (SdkException e) {
                throw failure("put", tenant, namespace, key, e, secret, "the value WAS written (version " + next
                        + "), but updating the description/tags failed: repeat the put to apply them");
            }
            LOG.debug("Wrote version {} of secret '{}' in namespace '{}' (tenant '{}')", next, key, namespace, tenant);
            return new SecretMetadata(key, attrs.description(), userTags(tags), Instant.now(), next);
        }
        throw failure("put", tenant, namespace, key, last, secret, "the secret kept changing concurrently over "
                + (WRITE_ATTEMPTS + Math.min(lost, LOST_CLAIMS)) + " attempts");
    }

    /**
     * After losing the claim of a version number (or a creation race) to another writer: whether the attempt
     * is not counted against {@link #WRITE_ATTEMPTS} (true while fewer than {@link #LOST_CLAIMS} were lost),
     * after a random pause of up to a few tens of milliseconds that grows with the losses.
     */
    private static boolean lostClaim(int lost, TenantId tenant, NamespaceId namespace, SecretKey key) {
        if (lost > LOST_CLAIMS) {
            return false;
        }
        sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(lost, 5) * 10L), tenant, namespace, key);
        return true;
    }

    private void pauseBeforeRetry(int attempt, TenantId tenant, NamespaceId namespace, SecretKey key) {
        if (attempt < WRITE_ATTEMPTS) {
            pause(attempt, tenant, namespace, key);
        }
    }

    private boolean deletionInvolved(Optional<Found> before, String name, TenantId tenant, NamespaceId namespace,
                                     SecretKey key) {
        if (before.isPresent() && before.get().deleted()) {
            return true;
        }
        Optional<Found> now = describe(name, tenant, namespace, key, "put");
        return now.isEmpty() || now.get().deleted();
    }

    private static void pause(int attempt, TenantId tenant, NamespaceId namespace, SecretKey key) {
        sleep(100L << attempt, tenant, namespace, key);
    }

    private static void sleep(long millis, TenantId tenant, NamespaceId namespace, SecretKey key) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BACKEND, "put", tenant.value(), namespace.value(), key.value(),
                    "interrupted while waiting to retry", e);
        }
    }

    private CreateSecretRequest createRequest(String name, String secret, String description, Map<String, String> tags) {
        CreateSecretRequest.Builder b = CreateSecretRequest.builder()
                .name(name)
                .secretString(secret)
                .clientRequestToken(SecretNames.versionToken(1))
                .tags(toAwsTags(tags));
        if (!description.isEmpty()) {
            b.description(description);
        }
        config.kmsKeyId().ifPresent(b::kmsKeyId);
        return b.build();
    }

    private void syncAttributes(String name, Found current, String description, Map<String, String> tags) {
        if (!current.description().equals(description)) {
            client.updateSecret(b -> b.secretId(name).description(description));
        }
        List<String> remove = new ArrayList<>();
        for (String k : current.allTags().keySet()) {
            if (!tags.containsKey(k) && !k.startsWith("aws:")) {
                remove.add(k);
            }
        }
        Map<String, String> add = new TreeMap<>();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!t.getValue().equals(current.allTags().get(t.getKey()))) {
                add.put(t.getKey(), t.getValue());
            }
        }
        if (!remove.isEmpty()) {
            client.untagResource(b -> b.secretId(name).tagKeys(remove));
        }
        if (!add.isEmpty()) {
            client.tagResource(b -> b.secretId(name).tags(toAwsTags(add)));
        }
    }

    @Override
    public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
        requireIds(tenant, namespace, key);
        if (expectedVersion < ANY_VERSION || expectedVersion == MUST_NOT_EXIST) {
            throw new IllegalArgumentException("expectedVersion was " + expectedVersion
                    + " but it must be ANY_VERSION (-1) or a version read (>= 1)");
        }
        if (config.readOnly()) {
            throw readOnly("delete", tenant, namespace, key);
        }
        String name = checkedName(tenant, namespace, key);
        Optional<Found> current = describe(name, tenant, namespace, key, "delete");
        current.ifPresent(f -> refuseUnmanaged(f, "delete", tenant, namespace, key));
        if (current.isEmpty() || current.get().deleted()) {
            if (expectedVersion != ANY_VERSION) {
                throw new NotFoundException("Secret '" + key + "' does not exist in namespace '" + namespace
                        + "' (tenant '" + tenant + "'), expected version " + expectedVersion);
            }
            return false;
        }
        if (expectedVersion != ANY_VERSION) {
            long version = version(current.get(), tenant, namespace, "delete");
            if (expectedVersion != version) {
                throw conflict("delete", tenant, namespace, key, "expected version " + expectedVersion
                        + " but the current version is " + version);
            }
        }
        DeleteSecretRequest.Builder req = DeleteSecretRequest.builder().secretId(name);
        if (config.forceDelete()) {
            req.forceDeleteWithoutRecovery(true);
        } else {
            req.recoveryWindowInDays((long) config.recoveryWindowDays());
        }
        try {
            client.deleteSecret(req.build());
            recentWrites.record(tenant, namespace, key);
        } catch (ResourceNotFoundException | InvalidRequestException e) {
            // deleted concurrently
            if (expectedVersion != ANY_VERSION) {
                throw new NotFoundException("Secret '" + key + "' was deleted concurrently in namespace '" + namespace
                        + "' (tenant '" + tenant + "')");
            }
            return false;
        } catch (SdkException e) {
            throw failure("delete", tenant, namespace, key, e, null);
        }
        LOG.debug("Deleted secret '{}' in namespace '{}' (tenant '{}'){}", key, namespace, tenant,
                config.forceDelete() ? " without recovery" : ", restorable for " + config.recoveryWindowDays() + " days");
        return true;
    }

    @Override
    public void close() {
        try {
            if (ownsClient) {
                client.close();
            }
        } finally {
            if (ownedCredentials != null) {
                try {
                    ownedCredentials.close();
                } catch (Exception e) {
                    LOG.warn("Closing the default AWS credentials provider failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public String toString() {
        return "AwsSecretStore[prefix=" + config.prefix() + ", readOnly=" + config.readOnly() + ", adoptBy="
                + config.adoptBy() + ", region=" + config.region().orElse("default") + "]";
    }

    // ------------------------------------------------------------------ lookup helpers

    /**
     * What the store knows of one Secrets Manager secret, without its value; {@code stages} are the version ids
     * that carry staging labels.
     */
    private record Found(String arn, String name, SecretKey key, String description, Map<String, String> allTags,
                         Instant updated, Map<String, List<String>> stages, boolean deleted, boolean lacksRequiredTags) {
    }

    private SecretMetadata metadataOf(Found f, TenantId tenant, NamespaceId namespace, String op) {
        return new SecretMetadata(f.key(), f.description(), userTags(f.allTags()), f.updated(),
                version(f, tenant, namespace, op));
    }

    /**
     * The Cascade version of a secret: the number in its current version id when this store wrote it;
     * otherwise (another tool wrote it) one more than the highest number this store ever wrote, deprecated
     * versions included, so that numbers never go backwards. Costs a {@code ListSecretVersionIds} call only
     * in the second case.
     */
    private long version(Found f, TenantId tenant, NamespaceId namespace, String op) {
        Optional<Long> mine = SecretNames.cascadeCurrentVersion(f.stages());
        if (mine.isPresent()) {
            return mine.get();
        }
        return highestCascadeVersion(f.arn() != null ? f.arn() : f.name(), tenant, namespace, f.key(), op) + 1;
    }

    /** The highest version number among every version id of a secret (deprecated ones included), or 0. */
    private long highestCascadeVersion(String secretId, TenantId tenant, NamespaceId namespace, SecretKey key, String op) {
        long highest = 0;
        String next = null;
        do {
            String token = next;
            ListSecretVersionIdsResponse r;
            try {
                r = client.listSecretVersionIds(b -> b.secretId(secretId).includeDeprecated(true).maxResults(100)
                        .nextToken(token));
            } catch (ResourceNotFoundException e) {
                return highest;
            } catch (SdkException e) {
                throw failure(op, tenant, namespace, key, e, null);
            }
            for (SecretVersionsListEntry v : r.versions()) {
                highest = Math.max(highest, SecretNames.versionOf(v.versionId()).orElse(0L));
            }
            next = r.nextToken();
        } while (next != null && !next.isEmpty());
        return highest;
    }

    private Optional<Found> describe(String secretId, TenantId tenant, NamespaceId namespace, SecretKey key, String op) {
        DescribeSecretResponse d;
        try {
            d = client.describeSecret(b -> b.secretId(secretId));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure(op, tenant, namespace, key, e, null);
        }
        Map<String, String> tags = fromAwsTags(d.tags());
        Instant updated = d.lastChangedDate() != null ? d.lastChangedDate()
                : d.createdDate() != null ? d.createdDate() : Instant.EPOCH;
        return Optional.of(new Found(d.arn(), d.name(), key, d.description() == null ? "" : d.description(), tags,
                updated, d.versionIdsToStages(), d.deletedDate() != null, !hasRequiredTags(tags)));
    }

    /**
     * {@code listed} corrected for the keys this store changed during the last {@link #LISTING_LAG}: each is
     * described (DescribeSecret reflects writes at once) and put in, replaced, or taken out.
     */
    private Map<SecretKey, Found> withRecentWrites(Map<SecretKey, Found> listed, TenantId tenant, NamespaceId namespace,
                                                   String op) {
        if (config.adoptBy() == AwsSecretStoreConfig.AdoptBy.TAGS) {
            return listed; // adopted secrets are written by other tools, never by this store
        }
        List<SecretKey> recent = recentWrites.keys(tenant, namespace);
        if (recent.isEmpty()) {
            return listed;
        }
        Map<SecretKey, Found> result = new TreeMap<>(listed);
        for (SecretKey key : recent) {
            Optional<Found> now = describe(checkedName(tenant, namespace, key), tenant, namespace, key, op);
            if (now.isPresent() && !now.get().deleted() && !now.get().lacksRequiredTags()) {
                result.put(key, now.get());
            } else {
                result.remove(key);
            }
        }
        return result;
    }

    /** Every visible secret of a namespace by key, following {@code NextToken} to the end. */
    private Map<SecretKey, Found> findAll(TenantId tenant, NamespaceId namespace, String op) {
        List<Filter> filters = new ArrayList<>();
        boolean byTags = config.adoptBy() == AwsSecretStoreConfig.AdoptBy.TAGS;
        if (byTags) {
            filters.add(filter(FilterNameStringType.TAG_KEY, AwsSecretStoreConfig.TAG_NAMESPACE));
            filters.add(filter(FilterNameStringType.TAG_VALUE, namespace.value()));
            config.adoptNamePrefix().ifPresent(p -> filters.add(filter(FilterNameStringType.NAME, p)));
        } else {
            filters.add(filter(FilterNameStringType.NAME, names.namespacePrefix(tenant, namespace)));
        }
        Map<SecretKey, Found> result = new TreeMap<>();
        String next = null;
        do {
            ListSecretsRequest req = ListSecretsRequest.builder().filters(filters).maxResults(100).nextToken(next).build();
            ListSecretsResponse r;
            try {
                r = client.listSecrets(req);
            } catch (SdkException e) {
                throw failure(op, tenant, namespace, null, e, null);
            }
            for (SecretListEntry e : r.secretList()) {
                if (e.deletedDate() != null) {
                    continue;
                }
                Map<String, String> tags = fromAwsTags(e.tags());
                if (!hasRequiredTags(tags)) {
                    continue;
                }
                Optional<SecretKey> key = byTags ? keyFromTags(e.name(), tags, tenant, namespace)
                        : names.keyOf(e.name(), tenant, namespace);
                if (key.isEmpty()) {
                    continue; // the filters are prefix matches: check exactly
                }
                Instant updated = e.lastChangedDate() != null ? e.lastChangedDate()
                        : e.createdDate() != null ? e.createdDate() : Instant.EPOCH;
                Found f = new Found(e.arn(), e.name(), key.get(), e.description() == null ? "" : e.description(), tags,
                        updated, e.secretVersionsToStages(), false, false);
                Found clash = result.putIfAbsent(key.get(), f);
                if (clash != null) {
                    throw new BackendException(BACKEND, op, tenant.value(), namespace.value(), key.get().value(),
                            "two secrets carry the tags of this key: '" + clash.name() + "' and '" + f.name() + "'");
                }
            }
            next = r.nextToken();
        } while (next != null && !next.isEmpty());
        if (byTags) {
            tagIndex.put(indexKey(tenant, namespace), new TagIndex(Map.copyOf(result), ticker.getAsLong()));
        }
        return result;
    }

    /**
     * adoptBy=tags: the secret carrying the tags of a key, from the namespace's mapping when it is younger
     * than {@code tagCacheTtl}, else from a fresh paginated {@code ListSecrets} (which refreshes the mapping).
     */
    private Optional<Found> findByTags(TenantId tenant, NamespaceId namespace, SecretKey key, String op) {
        TagIndex cached = tagIndex.get(indexKey(tenant, namespace));
        long ttl = config.tagCacheTtl().toNanos();
        if (cached != null && ttl > 0 && ticker.getAsLong() - cached.loadedNanos() < ttl) {
            return Optional.ofNullable(cached.byKey().get(key));
        }
        return Optional.ofNullable(findAll(tenant, namespace, op).get(key));
    }

    private void forgetTags(TenantId tenant, NamespaceId namespace) {
        if (config.adoptBy() == AwsSecretStoreConfig.AdoptBy.TAGS) {
            tagIndex.remove(indexKey(tenant, namespace));
        }
    }

    private static String indexKey(TenantId tenant, NamespaceId namespace) {
        return tenant.value() + "/" + namespace.value();
    }

    private Optional<SecretKey> keyFromTags(String name, Map<String, String> tags, TenantId tenant, NamespaceId namespace) {
        if (!tenant.value().equals(tags.get(AwsSecretStoreConfig.TAG_TENANT))
                || !namespace.value().equals(tags.get(AwsSecretStoreConfig.TAG_NAMESPACE))) {
            return Optional.empty();
        }
        if (config.adoptNamePrefix().isPresent() && (name == null || !name.startsWith(config.adoptNamePrefix().get()))) {
            return Optional.empty();
        }
        String k = tags.get(AwsSecretStoreConfig.TAG_KEY);
        return k != null && SecretKey.isValid(k) ? Optional.of(SecretKey.of(k)) : Optional.empty();
    }

    private boolean hasRequiredTags(Map<String, String> tags) {
        for (Map.Entry<String, String> r : config.requiredTags().entrySet()) {
            if (!r.getValue().equals(tags.get(r.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Filter filter(FilterNameStringType key, String value) {
        return Filter.builder().key(key).values(value).build();
    }

    // ------------------------------------------------------------------ tags, names, ids

    private Map<String, String> desiredTags(TenantId tenant, NamespaceId namespace, SecretKey key, SecretAttributes attrs) {
        Map<String, String> tags = new TreeMap<>();
        for (Map.Entry<String, String> t : attrs.tags().entrySet()) {
            String k = t.getKey();
            String v = t.getValue() == null ? "" : t.getValue();
            String mine = switch (k) {
                case AwsSecretStoreConfig.TAG_TENANT -> tenant.value();
                case AwsSecretStoreConfig.TAG_NAMESPACE -> namespace.value();
                case AwsSecretStoreConfig.TAG_KEY -> key.value();
                default -> null;
            };
            if (mine != null && !mine.equals(v)) {
                throw new IllegalArgumentException("Tag '" + k + "' of secret '" + key + "' in namespace '" + namespace
                        + "' (tenant '" + tenant + "') is reserved: the store sets it to '" + mine + "'");
            }
            if (k.isEmpty() || k.length() > 127 || k.startsWith("aws:") || v.length() > 255) {
                throw new IllegalArgumentException("Tag '" + k + "' of secret '" + key + "' in namespace '" + namespace
                        + "' (tenant '" + tenant + "') is not allowed by Secrets Manager: keys have 1 to 127 characters "
                        + "and do not start with 'aws:', values at most 255 characters");
            }
            if (config.requiredTags().containsKey(k) && !config.requiredTags().get(k).equals(v)) {
                throw new IllegalArgumentException("Tag '" + k + "' of secret '" + key + "' in namespace '" + namespace
                        + "' (tenant '" + tenant + "') is set by the store's requiredTags to '" + config.requiredTags().get(k) + "'");
            }
            tags.put(k, v);
        }
        tags.putAll(config.requiredTags());
        tags.put(AwsSecretStoreConfig.TAG_TENANT, tenant.value());
        tags.put(AwsSecretStoreConfig.TAG_NAMESPACE, namespace.value());
        tags.put(AwsSecretStoreConfig.TAG_KEY, key.value());
        if (tags.size() > 50) {
            throw new IllegalArgumentException("Secret '" + key + "' in namespace '" + namespace + "' (tenant '" + tenant
                    + "') would carry " + tags.size() + " tags; Secrets Manager allows 50");
        }
        return tags;
    }

    /** The tags a caller sees: all but the three the store manages. */
    private static Map<String, String> userTags(Map<String, String> all) {
        Map<String, String> user = new TreeMap<>(all);
        user.keySet().removeAll(AwsSecretStoreConfig.RESERVED_TAGS);
        return user;
    }

    private static List<Tag> toAwsTags(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        return list;
    }

    private static Map<String, String> fromAwsTags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Tag t : tags) {
            if (t.key() != null) {
                map.put(t.key(), t.value() == null ? "" : t.value());
            }
        }
        return map;
    }

    private String checkedName(TenantId tenant, NamespaceId namespace, SecretKey key) {
        String name = names.name(tenant, namespace, key);
        if (name.length() > AwsSecretStoreConfig.MAX_NAME_LENGTH) {
            throw new InvalidIdException("Secret '" + key + "' in namespace '" + namespace + "' (tenant '" + tenant
                    + "') would be named with " + name.length() + " characters; Secrets Manager allows "
                    + AwsSecretStoreConfig.MAX_NAME_LENGTH + " (shorten the prefix, namespace or key)");
        }
        return name;
    }

    private static void requireIds(TenantId tenant, NamespaceId namespace, SecretKey key) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
    }

    // ------------------------------------------------------------------ errors

    private ReadOnlyStoreException readOnly(String op, TenantId tenant, NamespaceId namespace, SecretKey key) {
        return new ReadOnlyStoreException("Secret store '" + BACKEND + "' is read-only; cannot " + op + " secret '" + key
                + "' in namespace '" + namespace + "' (tenant '" + tenant + "'). Change it in AWS Secrets Manager instead");
    }

    private void refuseUnmanaged(Found f, String op, TenantId tenant, NamespaceId namespace, SecretKey key) {
        if (f.lacksRequiredTags()) {
            throw conflict(op, tenant, namespace, key, "a secret named '" + f.name() + "' exists without this store's "
                    + "required tags " + config.requiredTags().keySet() + ", so it is not this store's to change");
        }
    }

    private static ConflictException conflict(String op, TenantId tenant, NamespaceId namespace, SecretKey key, String why) {
        return new ConflictException("Conflict on " + op + " of secret '" + key + "' in namespace '" + namespace
                + "' (tenant '" + tenant + "'): " + why + "; nothing was changed");
    }

    private static BackendException failure(String op, TenantId tenant, NamespaceId namespace, SecretKey key,
                                            SdkException e, String secret) {
        return failure(op, tenant, namespace, key, e, secret, null);
    }

    private static BackendException failure(String op, TenantId tenant, NamespaceId namespace, SecretKey key,
                                            SdkException e, String secret, String reason) {
        StringBuilder why = new StringBuilder();
        if (reason != null) {
            why.append(reason).append("; last error: ");
        }
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            why.append(ase.awsErrorDetails().errorCode()).append(" (HTTP ").append(ase.statusCode());
            if (ase.requestId() != null) {
                why.append(", request id ").append(ase.requestId());
            }
            why.append(')');
            if (ase.isThrottlingException()) {
                why.append(", still throttled after the SDK's retries");
            }
        } else if (e instanceof SdkClientException && e.getMessage() != null) {
            why.append(e.getClass().getSimpleName()).append(": ").append(scrubText(e.getMessage(), secret));
        } else if (e != null) {
            why.append(e.getClass().getSimpleName());
        }
        return new BackendException(BACKEND, op, tenant.value(), namespace.value(), key == null ? null : key.value(),
                why.toString(), scrub(e, secret));
    }

    /**
     * A copy of {@code t} and its causes whose messages hold no trace of {@code secret} (plain, JSON-escaped or
     * Base64), with the original classes named and stack traces kept.
     */
    static Throwable scrub(Throwable t, String secret) {
        if (t == null) {
            return null;
        }
        Throwable cause = scrub(t.getCause() == t ? null : t.getCause(), secret);
        ScrubbedCause copy = new ScrubbedCause(t.getClass().getName() + ": " + scrubText(t.getMessage(), secret), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    static String scrubText(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        String out = text;
        for (String form : List.of(secret, jsonEscaped(secret),
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))) {
            if (!form.isEmpty()) {
                out = out.replace(form, SecretValue.MASK);
            }
        }
        return out;
    }

    static String jsonEscaped(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Stands in for an SDK exception in a cause chain, with any secret value removed from its message. */
    static final class ScrubbedCause extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ScrubbedCause(String message, Throwable cause) {
            super(message, cause, false, true);
        }
    }
}
