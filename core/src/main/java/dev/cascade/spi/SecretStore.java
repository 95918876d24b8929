package dev.cascade.spi;

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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SPI for secret backends. A store keeps secrets per (tenant, namespace, key); it looks up exactly the
 * namespace it is asked for — inheritance down the namespace tree is the resolver's job.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use by any number of threads.
 *
 * <p><b>Secrecy:</b> an implementation never puts a value into a log line, an exception message or a
 * {@code toString()}. Failures are reported as {@link BackendException} naming the backend, operation,
 * tenant, namespace and key.
 *
 * <p><b>Versions:</b> every secret has a version, 1 after creation and +1 on each write. Writes carry the
 * version the caller read: {@link #ANY_VERSION} writes unconditionally, {@link #MUST_NOT_EXIST} creates
 * only, any other number must equal the current version or the write fails with {@link ConflictException}
 * and changes nothing.
 *
 * <p>Prove an implementation with {@code dev.cascade.kit.SecretStoreCompatibilityKit} from {@code cascade-testkit}.
 */
public interface SecretStore extends AutoCloseable {
    /** Expected version meaning "whatever is there": the same as {@link dev.cascade.Versions#ANY}. */
    long ANY_VERSION = dev.cascade.Versions.ANY;
    /** Expected version meaning "create; fail if it exists": the same as {@link dev.cascade.Versions#MUST_NOT_EXIST}. */
    long MUST_NOT_EXIST = dev.cascade.Versions.MUST_NOT_EXIST;

    /** Short backend name used in errors and metrics, for example {@code memory} or {@code vault}. */
    String name();

    /** The value of one secret, empty when the namespace has no such key. */
    Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key);

    /** Metadata of every secret in one namespace, sorted by key; empty list when there are none. */
    List<SecretMetadata> list(TenantId tenant, NamespaceId namespace);

    /** Metadata of one secret. */
    default Optional<SecretMetadata> metadata(TenantId tenant, NamespaceId namespace, SecretKey key) {
        for (SecretMetadata m : list(tenant, namespace)) {
            if (m.key().equals(key)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * Every secret of one namespace, for filling a cold cache in few calls. The default reads them one by
     * one; backends with a batch read override it. Built on {@link #list}: when the listing is not
     * {@linkplain #listIsStronglyConsistent() strongly consistent} the result may miss a secret written
     * moments ago, so a caller never takes a key's absence here as proof that the key does not exist.
     */
    default Map<SecretKey, SecretValue> getAll(TenantId tenant, NamespaceId namespace) {
        Map<SecretKey, SecretValue> result = new LinkedHashMap<>();
        for (SecretMetadata m : list(tenant, namespace)) {
            get(tenant, namespace, m.key()).ifPresent(v -> result.put(m.key(), v));
        }
        return result;
    }

    /**
     * Whether {@link #prefetch} reads a namespace's secrets in one backend call. Default {@code false}: the
     * resolver then fills a cold namespace as before (its key list, then each value it needs). Read once,
     * when a resolver is built.
     */
    default boolean supportsPrefetch() {
        return false;
    }

    /**
     * Every secret of one namespace in <b>one</b> backend call, for filling a resolver's cold cache: the keys
     * and values the namespace holds at one moment, or empty when it holds more than {@code maxKeys} of them
     * (so that a namespace with very many secrets never loads them all; the resolver then lists and reads
     * key by key). Called only when {@link #supportsPrefetch()} says {@code true}; the default returns empty.
     *
     * <p>A present map is complete: it stands for the namespace's key set as {@link #list} would, so it must
     * reflect every completed write at once (the resolver uses it only for stores whose listing is
     * {@linkplain #listIsStronglyConsistent() strongly consistent}), and each value must equal what
     * {@link #get} returns for its key. The contract kit checks both for a store that claims the capability.
     * When one of the values cannot be read, return empty rather than throw, so that the namespace's other
     * secrets stay readable key by key.
     *
     * @param maxKeys the most secrets the answer may hold (at least 1)
     */
    default Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
        return Optional.empty();
    }

    /**
     * Creates or replaces a secret.
     *
     * @param expectedVersion {@link #ANY_VERSION}, {@link #MUST_NOT_EXIST} or the version read
     * @return the metadata after the write
     * @throws ConflictException      when {@code expectedVersion} does not match
     * @throws ReadOnlyStoreException when the store is read-only
     */
    SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                       SecretAttributes attributes, long expectedVersion);

    /**
     * Deletes a secret with all its versions.
     *
     * @param expectedVersion {@link #ANY_VERSION} or the version read
     * @return whether something was deleted ({@code false} when it did not exist and ANY_VERSION was given)
     * @throws ConflictException      when {@code expectedVersion} does not match
     * @throws NotFoundException      when a specific version was expected and the secret does not exist
     * @throws ReadOnlyStoreException when the store is read-only
     */
    boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion);

    /**
     * Whether the store keeps secrets per tenant and namespace. A store whose values are instance-wide (the
     * environment store: every namespace sees the same variables) returns false; binding a namespace to such
     * a store then needs a tenant-wide administrator.
     */
    default boolean isNamespaceScoped() {
        return true;
    }

    /** Whether the store refuses writes. */
    default boolean isReadOnly() {
        return false;
    }

    /**
     * Whether {@code put}/{@code delete} honour {@code expectedVersion} atomically. A store that cannot
     * (a backend without compare-and-set) says so here; the management facade then checks the version
     * before writing, which narrows but does not close the race.
     */
    default boolean supportsCompareAndSet() {
        return true;
    }

    /**
     * Whether {@link #list} reflects every completed write at once (read-after-write for the key set). The
     * resolver finds which namespace of a chain holds a key through the key set of a store that says
     * {@code true}; for a store that says {@code false} (a service whose listing is eventually consistent,
     * such as AWS Secrets Manager's {@code ListSecrets}) it reads the key directly in each namespace of the
     * chain, closest first, so that a secret just written in a child is never hidden by the listing's lag
     * (and a parent's secret of the same key never served in its place). {@link #get} must be strongly
     * consistent in either case. Default {@code true}; the contract kit checks that a store claiming it
     * lists its writes at once.
     */
    default boolean listIsStronglyConsistent() {
        return true;
    }

    /**
     * Change events for the resolver's caches. A store that publishes returns a real subscription: it then
     * delivers an event for every write made through it (and, where the backend can report them, changes
     * made by other processes), and nothing after the subscription is closed. A store that does not publish
     * keeps this default, {@link Subscription#NONE}; that is how it declares so.
     */
    default Subscription subscribe(ChangeListener listener) {
        return Subscription.NONE;
    }

    /** Releases connections and threads. Idempotent. */
    @Override
    default void close() {
    }
}
