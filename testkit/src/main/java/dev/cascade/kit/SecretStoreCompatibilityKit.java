package dev.cascade.kit;

import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.ReadOnlyStoreException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link SecretStore} must meet. Extend it and implement {@link #createStore()}:
 *
 * <pre>{@code
 * class MySecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
 *     protected SecretStore createStore() { return new MySecretStore(...); }
 * }
 * }</pre>
 *
 * Each test works in a fresh random tenant, so the kit also runs against a shared real server. A
 * read-only store overrides {@link #seed} to plant values by its backend's own means; a store whose
 * secrets are instance-wide (environment variables) overrides {@link #isolatesTenantsAndNamespaces()}.
 *
 * <p>What the kit checks, from {@link SecretStore}'s Javadoc: values come back verbatim; {@code list} is
 * sorted by key and holds metadata only; versions start at 1 and grow by one per write; a stale or
 * must-not-exist write conflicts and changes nothing; delete with a specific version of a missing key is
 * {@link NotFoundException}; tenants and namespaces are isolated and not inherited; a read-only store refuses
 * writes and changes nothing; no exception message or {@code toString()} quotes a value; concurrent
 * compare-and-set writers lose no update; and, for a store whose {@code subscribe} returns anything but
 * {@link Subscription#NONE} (that is how a store declares that it publishes), an event for every write
 * made through the store, and none after the subscription is closed.
 *
 * <p>Knobs: {@link #concurrentWriters()}, {@link #concurrencyRounds()}, {@link #failSafeTimeout()}.
 * Stores without compare-and-set ({@link SecretStore#supportsCompareAndSet()} false) skip the
 * version-conflict tests; read-only stores skip the write tests and run the refusal test instead.
 *
 * <p><b>Listing consistency.</b> {@code get} and {@code metadata} must reflect a completed write at once. A
 * store whose {@link SecretStore#listIsStronglyConsistent()} is {@code true} must list it at once too, and
 * the kit checks exactly that; for a store that declares {@code false} the kit's assertions about
 * {@code list} and {@code getAll} are eventual: retried until {@link #listingDeadline()}.
 *
 * <p><b>Prefetch.</b> A store that claims {@link SecretStore#supportsPrefetch()} must return from
 * {@link SecretStore#prefetch} exactly what {@code list} and {@code get} return for the namespace (nothing
 * inherited, nothing of another tenant), empty when the namespace holds more than the cap, and show writes as
 * its listing does.
 */
public abstract class SecretStoreCompatibilityKit extends KitKnobs {

    /** A new store; it may be shared with other tests as long as tenants keep them apart. */
    protected abstract SecretStore createStore();

    /** Plants a secret for read tests. Writable stores use {@code put}; read-only stores override. */
    protected void seed(SecretStore store, TenantId tenant, NamespaceId namespace, SecretKey key, String value) {
        store.put(tenant, namespace, key, SecretValue.of(value), SecretAttributes.NONE, SecretStore.ANY_VERSION);
    }

    /** Whether secrets are scoped per tenant and namespace (false for instance-wide stores). */
    protected boolean isolatesTenantsAndNamespaces() {
        return true;
    }

    /** How long an eventually consistent listing may take to show a write (ignored for consistent ones). */
    protected Duration listingDeadline() {
        return Duration.ofSeconds(30);
    }

    /**
     * Runs an assertion about {@code list}/{@code getAll}: once for a store whose listing is strongly
     * consistent, else repeatedly (backing off from 50 ms to 1 s) until it passes or {@link #listingDeadline()}
     * has passed, when its last failure is thrown.
     */
    protected void assertListing(Runnable assertion) {
        if (store.listIsStronglyConsistent()) {
            assertion.run();
            return;
        }
        long deadline = System.nanoTime() + listingDeadline().toNanos();
        long pause = 50;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the listing", ie);
            }
            pause = Math.min(1000, pause * 2);
        }
    }

    protected SecretStore store;
    protected TenantId tenant;
    protected TenantId otherTenant;
    protected final NamespaceId ns = NamespaceId.of("company.marketing");
    protected final NamespaceId child = NamespaceId.of("company.marketing.emea");

    @BeforeEach
    void openStore() {
        store = createStore();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        tenant = TenantId.of("kit-" + suffix);
        otherTenant = TenantId.of("kit-" + suffix + "-other");
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected static SecretKey key(String k) {
        return SecretKey.of(k);
    }

    private void assumeWritable() {
        assumeFalse(store.isReadOnly(), "store is read-only");
    }

    @Test
    void nameIsNotBlank() {
        assertThat(store.name()).isNotBlank();
    }

    @Test
    void missingKeyIsEmpty() {
        assertThat(store.get(tenant, ns, key("NOPE_" + UUID.randomUUID().toString().replace("-", "")))).isEmpty();
        assertThat(store.metadata(tenant, ns, key("NOPE_ALSO"))).isEmpty();
    }

    @Test
    void listOfEmptyNamespaceIsEmptyNotNull() {
        assumeTrue(isolatesTenantsAndNamespaces());
        assertThat(store.list(tenant, NamespaceId.of("empty.namespace"))).isNotNull().isEmpty();
        assertThat(store.getAll(tenant, NamespaceId.of("empty.namespace"))).isNotNull().isEmpty();
    }

    @Test
    void seededValueIsReturnedVerbatim() {
        String tricky = "{{ secret('OTHER') }} line1\nline2 \u00e9\u4e2d {% if %} \"quoted\" \\ end";
        seed(store, tenant, ns, key("TRICKY"), tricky);
        assertThat(store.get(tenant, ns, key("TRICKY"))).map(SecretValue::reveal).contains(tricky);
    }

    @Test
    void jsonValueIsReturnedVerbatim() {
        String json = "{\"user\":\"admin\",\"password\":\"p@ss\",\"port\":5432}";
        seed(store, tenant, ns, key("DB"), json);
        assertThat(store.get(tenant, ns, key("DB"))).map(SecretValue::reveal).contains(json);
    }

    @Test
    void keysAreCaseSensitive() {
        assumeTrue(isolatesTenantsAndNamespaces());
        seed(store, tenant, ns, key("token"), "lower");
        seed(store, tenant, ns, key("TOKEN"), "upper");
        assertThat(store.get(tenant, ns, key("token"))).map(SecretValue::reveal).contains("lower");
        assertThat(store.get(tenant, ns, key("TOKEN"))).map(SecretValue::reveal).contains("upper");
    }

    @Test
    void putThenGetAndMetadata() {
        assumeWritable();
        SecretMetadata m = store.put(tenant, ns, key("GITHUB_TOKEN"), SecretValue.of("ghp_kit_value_1"),
                new SecretAttributes("GitHub token", Map.of("team", "marketing")), SecretStore.MUST_NOT_EXIST);
        assertThat(m.key()).isEqualTo(key("GITHUB_TOKEN"));
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.description()).isEqualTo("GitHub token");
        assertThat(m.tags()).containsEntry("team", "marketing");
        assertThat(store.get(tenant, ns, key("GITHUB_TOKEN"))).map(SecretValue::reveal).contains("ghp_kit_value_1");
        Optional<SecretMetadata> read = store.metadata(tenant, ns, key("GITHUB_TOKEN"));
        assertThat(read).isPresent();
        assertThat(read.get().version()).isEqualTo(1);
        assertThat(read.get().description()).isEqualTo("GitHub token");
        assertThat(read.get().tags()).containsEntry("team", "marketing");
    }

    @Test
    void listIsSortedAndHoldsOnlyMetadata() {
        assumeWritable();
        for (String k : List.of("ZETA", "ALPHA", "MIDDLE")) {
            store.put(tenant, ns, key(k), SecretValue.of("value-of-" + k), SecretAttributes.of("d " + k),
                    SecretStore.ANY_VERSION);
        }
        assertListing(() -> {
            List<SecretMetadata> list = store.list(tenant, ns);
            assertThat(list).extracting(m -> m.key().value()).containsExactly("ALPHA", "MIDDLE", "ZETA");
            assertThat(list.toString()).doesNotContain("value-of-");
            assertThat(store.getAll(tenant, ns)).hasSize(3)
                    .containsEntry(key("ALPHA"), SecretValue.of("value-of-ALPHA"));
        });
    }

    /**
     * The rule behind {@link SecretStore#listIsStronglyConsistent()}: reads see a write at once in every
     * store; a store claiming a strongly consistent listing lists a new key, and stops listing a deleted one,
     * at once as well (the resolver then trusts its key sets); any other store must list them eventually.
     */
    @Test
    void listingHonoursItsConsistencyDeclaration() {
        assumeWritable();
        assumeTrue(isolatesTenantsAndNamespaces());
        SecretKey fresh = key("FRESH_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        store.put(tenant, child, fresh, SecretValue.of("fresh-value"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        assertThat(store.get(tenant, child, fresh)).as("get after put").map(SecretValue::reveal).contains("fresh-value");
        assertThat(store.metadata(tenant, child, fresh)).as("metadata after put").isPresent();
        if (store.listIsStronglyConsistent()) {
            assertThat(store.list(tenant, child)).as("a store declaring a strongly consistent listing lists a write at once")
                    .extracting(SecretMetadata::key).contains(fresh);
        } else {
            assertListing(() -> assertThat(store.list(tenant, child)).extracting(SecretMetadata::key).contains(fresh));
        }
        assertThat(store.delete(tenant, child, fresh, SecretStore.ANY_VERSION)).isTrue();
        assertThat(store.get(tenant, child, fresh)).as("get after delete").isEmpty();
        assertThat(store.metadata(tenant, child, fresh)).as("metadata after delete").isEmpty();
        if (store.listIsStronglyConsistent()) {
            assertThat(store.list(tenant, child)).as("a store declaring a strongly consistent listing drops a delete at once")
                    .extracting(SecretMetadata::key).doesNotContain(fresh);
        } else {
            assertListing(() -> assertThat(store.list(tenant, child)).extracting(SecretMetadata::key).doesNotContain(fresh));
        }
    }

    @Test
    void overwriteBumpsVersion() {
        assumeWritable();
        SecretMetadata v1 = store.put(tenant, ns, key("K"), SecretValue.of("one-value"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        SecretMetadata v2 = store.put(tenant, ns, key("K"), SecretValue.of("two-value"), SecretAttributes.of("second"),
                v1.version());
        assertThat(v2.version()).isGreaterThan(v1.version());
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("two-value");
        assertThat(store.metadata(tenant, ns, key("K")).orElseThrow().description()).isEqualTo("second");
        SecretMetadata v3 = store.put(tenant, ns, key("K"), SecretValue.of("three-value"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        assertThat(v3.version()).isGreaterThan(v2.version());
    }

    @Test
    void createOverExistingConflictsAndChangesNothing() {
        assumeWritable();
        assumeTrue(store.supportsCompareAndSet(), "store has no compare-and-set");
        store.put(tenant, ns, key("K"), SecretValue.of("original-secret"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("intruder-secret"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("intruder-secret").doesNotContain("original-secret"));
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("original-secret");
    }

    @Test
    void staleVersionConflictsAndChangesNothing() {
        assumeWritable();
        assumeTrue(store.supportsCompareAndSet(), "store has no compare-and-set");
        SecretMetadata v1 = store.put(tenant, ns, key("K"), SecretValue.of("first-secret"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        store.put(tenant, ns, key("K"), SecretValue.of("second-secret"), SecretAttributes.NONE, v1.version());
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("stale-secret"), SecretAttributes.NONE,
                v1.version()))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("stale-secret").doesNotContain("second-secret"));
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("second-secret");
    }

    @Test
    void deleteRemovesAndReportsWhetherSomethingWasDeleted() {
        assumeWritable();
        store.put(tenant, ns, key("GONE"), SecretValue.of("soon-gone"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        store.put(tenant, ns, key("KEPT"), SecretValue.of("kept-value"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThat(store.delete(tenant, ns, key("GONE"), SecretStore.ANY_VERSION)).isTrue();
        assertThat(store.get(tenant, ns, key("GONE"))).isEmpty();
        assertListing(() -> assertThat(store.list(tenant, ns)).extracting(m -> m.key().value()).containsExactly("KEPT"));
        assertThat(store.delete(tenant, ns, key("GONE"), SecretStore.ANY_VERSION)).isFalse();
        // recreating after delete starts a fresh secret
        SecretMetadata again = store.put(tenant, ns, key("GONE"), SecretValue.of("back-again"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        assertThat(again.version()).isGreaterThanOrEqualTo(1);
        assertThat(store.get(tenant, ns, key("GONE"))).map(SecretValue::reveal).contains("back-again");
    }

    @Test
    void deleteWithStaleVersionConflicts() {
        assumeWritable();
        assumeTrue(store.supportsCompareAndSet(), "store has no compare-and-set");
        SecretMetadata v1 = store.put(tenant, ns, key("K"), SecretValue.of("v1-secret"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        store.put(tenant, ns, key("K"), SecretValue.of("v2-secret"), SecretAttributes.NONE, v1.version());
        assertThatThrownBy(() -> store.delete(tenant, ns, key("K"), v1.version())).isInstanceOf(ConflictException.class);
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("v2-secret");
    }

    @Test
    void tenantsAreIsolated() {
        assumeTrue(isolatesTenantsAndNamespaces());
        seed(store, tenant, ns, key("SHARED_NAME"), "tenant-a-value");
        assertThat(store.get(otherTenant, ns, key("SHARED_NAME"))).isEmpty();
        assertThat(store.list(otherTenant, ns)).isEmpty();
        seed(store, otherTenant, ns, key("SHARED_NAME"), "tenant-b-value");
        assertThat(store.get(tenant, ns, key("SHARED_NAME"))).map(SecretValue::reveal).contains("tenant-a-value");
        assertThat(store.get(otherTenant, ns, key("SHARED_NAME"))).map(SecretValue::reveal).contains("tenant-b-value");
    }

    @Test
    void namespacesAreIsolatedAndNotInherited() {
        assumeTrue(isolatesTenantsAndNamespaces());
        seed(store, tenant, ns, key("PARENT_ONLY"), "parent-value");
        seed(store, tenant, child, key("CHILD_ONLY"), "child-value");
        assertThat(store.get(tenant, child, key("PARENT_ONLY"))).as("stores do not inherit; the resolver does").isEmpty();
        assertThat(store.get(tenant, ns, key("CHILD_ONLY"))).isEmpty();
        assertListing(() -> {
            assertThat(store.list(tenant, ns)).extracting(m -> m.key().value()).containsExactly("PARENT_ONLY");
            assertThat(store.list(tenant, child)).extracting(m -> m.key().value()).containsExactly("CHILD_ONLY");
        });
        // a namespace whose id is a string prefix but not an ancestor must not see anything either
        assertThat(store.list(tenant, NamespaceId.of("company.market"))).isEmpty();
    }

    @Test
    void readOnlyStoreRefusesWritesAndChangesNothing() {
        assumeTrue(store.isReadOnly(), "store is writable");
        seed(store, tenant, ns, key("RO_KEY"), "read-only-value");
        assertThatThrownBy(() -> store.put(tenant, ns, key("RO_KEY"), SecretValue.of("overwrite-attempt"),
                SecretAttributes.NONE, SecretStore.ANY_VERSION))
                .isInstanceOf(ReadOnlyStoreException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("overwrite-attempt").doesNotContain("read-only-value"));
        assertThatThrownBy(() -> store.delete(tenant, ns, key("RO_KEY"), SecretStore.ANY_VERSION))
                .isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> store.put(tenant, ns, key("RO_NEW"), SecretValue.of("create-attempt"),
                SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST))
                .isInstanceOf(ReadOnlyStoreException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("create-attempt"));
        assertThat(store.get(tenant, ns, key("RO_KEY"))).map(SecretValue::reveal).contains("read-only-value");
        assertThat(store.get(tenant, ns, key("RO_NEW"))).as("a refused create leaves nothing behind").isEmpty();
        assertThat(store.list(tenant, ns)).extracting(m -> m.key().value()).contains("RO_KEY").doesNotContain("RO_NEW");
    }

    @Test
    void toStringRevealsNoValue() {
        seed(store, tenant, ns, key("HIDDEN"), "must-not-show-in-toString");
        store.get(tenant, ns, key("HIDDEN"));
        assertThat(store.toString()).doesNotContain("must-not-show-in-toString");
        assertThat(store.get(tenant, ns, key("HIDDEN")).orElseThrow().toString()).isEqualTo(SecretValue.MASK);
    }

    @Test
    void concurrentCompareAndSetWritersLoseNoUpdate() throws Exception {
        assumeWritable();
        assumeTrue(store.supportsCompareAndSet(), "store has no compare-and-set");
        SecretKey counter = key("COUNTER");
        long start = store.put(tenant, ns, counter, SecretValue.of("0"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST)
                .version();
        int rounds = concurrencyRounds();
        List<Integer> winners = CompareAndSetRounds.run(concurrentWriters(), rounds, failSafeTimeout(),
                () -> store.metadata(tenant, ns, counter).orElseThrow().version(),
                (version, writer, round) -> {
                    try {
                        store.put(tenant, ns, counter, SecretValue.of(Integer.toString(round + 1)),
                                SecretAttributes.of("written by writer " + writer), version);
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                });
        assertThat(winners).as("writers that succeeded in each round, all of them having read the same version "
                + "before anyone wrote: compare-and-set lets exactly one through").containsOnly(1);
        assertThat(store.get(tenant, ns, counter)).map(SecretValue::reveal).contains(Integer.toString(rounds));
        assertThat(store.metadata(tenant, ns, counter).orElseThrow().version()).isEqualTo(start + rounds);
    }

    @Test
    void concurrentCreatorsOfOneKeySucceedOnce() throws Exception {
        assumeWritable();
        assumeTrue(store.supportsCompareAndSet(), "store has no compare-and-set");
        int rounds = Math.max(1, concurrencyRounds() / 5);
        List<Integer> winners = CompareAndSetRounds.run(concurrentWriters(), rounds, failSafeTimeout(),
                () -> SecretStore.MUST_NOT_EXIST,
                (version, writer, round) -> {
                    try {
                        store.put(tenant, ns, key("CREATED_" + round), SecretValue.of("creator-" + writer),
                                SecretAttributes.NONE, version);
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                });
        assertThat(winners).as("creators that succeeded per key").containsOnly(1);
    }

    // ---- delete of what is not there ----

    @Test
    void deleteOfAMissingKeyWithASpecificVersionIsNotFound() {
        assumeWritable();
        SecretKey missing = key("NEVER_WRITTEN");
        assertThatThrownBy(() -> store.delete(tenant, ns, missing, 1))
                .as("SecretStore.delete: NotFoundException when a specific version was expected and the secret does not exist")
                .isInstanceOf(NotFoundException.class);
        store.put(tenant, ns, key("GONE_SOON"), SecretValue.of("gone-soon-value"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        long version = store.metadata(tenant, ns, key("GONE_SOON")).orElseThrow().version();
        assertThat(store.delete(tenant, ns, key("GONE_SOON"), version)).isTrue();
        assertThatThrownBy(() -> store.delete(tenant, ns, key("GONE_SOON"), version))
                .as("deleting again with the version it had")
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("gone-soon-value"));
        assertThat(store.delete(tenant, ns, missing, SecretStore.ANY_VERSION)).isFalse();
    }

    // ---- metadata and messages ----

    @Test
    void metadataNeverHoldsTheValue() {
        String value = "kit-metadata-value-" + UUID.randomUUID();
        seed(store, tenant, ns, key("META"), value);
        Optional<SecretMetadata> one = store.metadata(tenant, ns, key("META"));
        assertThat(one).isPresent();
        assertNoValueIn(one.get(), value);
        List<SecretMetadata> all = store.list(tenant, ns);
        assertThat(all).extracting(SecretMetadata::key).contains(key("META"));
        all.forEach(m -> assertNoValueIn(m, value));
        assertThat(store.toString()).doesNotContain(value);
        assertThat(store.get(tenant, ns, key("META")).orElseThrow().toString()).doesNotContain(value);
    }

    private static void assertNoValueIn(SecretMetadata m, String value) {
        assertThat(m.toString()).as("metadata of %s", m.key()).doesNotContain(value);
        assertThat(m.description()).doesNotContain(value);
        m.tags().forEach((name, tag) -> {
            assertThat(name).doesNotContain(value);
            assertThat(tag).doesNotContain(value);
        });
    }

    @Test
    void listIsSortedByKeyInJavaStringOrder() {
        List<String> keys = List.of("b", "Z9", "a_1", "_x", "B", "a.b", "A", "a-b", "a", "zz", "AA", "a1");
        for (String k : keys) {
            seed(store, tenant, ns, key(k), "sorted-value-" + k);
        }
        List<String> sorted = keys.stream().sorted().toList();
        List<String> listed = store.list(tenant, ns).stream().map(m -> m.key().value()).toList();
        assertThat(listed).as("SecretStore.list: sorted by key (String order, upper case before lower case)")
                .isSorted().containsSubsequence(sorted);
        if (isolatesTenantsAndNamespaces()) {
            assertThat(listed).containsExactlyElementsOf(sorted);
        }
    }

    // ---- prefetch (only for a store claiming SecretStore.supportsPrefetch) ----

    /** What the single reads say a namespace holds: {@code list}, then {@code get} of each key listed. */
    private Map<SecretKey, SecretValue> singleReads(TenantId t, NamespaceId n) {
        Map<SecretKey, SecretValue> out = new java.util.LinkedHashMap<>();
        for (SecretMetadata m : store.list(t, n)) {
            store.get(t, n, m.key()).ifPresent(v -> out.put(m.key(), v));
        }
        return out;
    }

    /**
     * {@link SecretStore#prefetch} returns, in one call, exactly what {@code list} and {@code get} return for
     * the namespace: every key, each with the value {@code get} returns; nothing of other namespaces or tenants.
     */
    @Test
    void prefetchReturnsWhatSingleReadsReturn() {
        assumeTrue(store.supportsPrefetch(), "store does not claim prefetch");
        seed(store, tenant, ns, key("P_ALPHA"), "prefetch-alpha");
        seed(store, tenant, ns, key("P_JSON"), "{\"user\":\"admin\",\"password\":\"p\u00e4ss\"}");
        seed(store, tenant, ns, key("p_lower"), "prefetch-lower");
        seed(store, tenant, child, key("P_CHILD"), "prefetch-child");
        assertListing(() -> {
            Map<SecretKey, SecretValue> reads = singleReads(tenant, ns);
            Optional<Map<SecretKey, SecretValue>> all = store.prefetch(tenant, ns, 100);
            assertThat(all).as("prefetch of a namespace with %d secrets and a cap of 100", reads.size()).isPresent();
            assertThat(all.get()).as("prefetch returns what list and get return").isEqualTo(reads);
            if (isolatesTenantsAndNamespaces()) {
                assertThat(all.get().keySet()).extracting(SecretKey::value)
                        .containsExactlyInAnyOrder("P_ALPHA", "P_JSON", "p_lower");
                assertThat(store.prefetch(tenant, child, 100)).as("a child's own secrets only, nothing inherited")
                        .hasValueSatisfying(m -> assertThat(m).isEqualTo(Map.of(key("P_CHILD"),
                                SecretValue.of("prefetch-child"))));
                assertThat(store.prefetch(otherTenant, ns, 100)).as("another tenant's namespace of the same id")
                        .hasValueSatisfying(m -> assertThat(m).isEmpty());
                assertThat(store.prefetch(tenant, NamespaceId.of("empty.namespace"), 100)).as("an empty namespace")
                        .hasValueSatisfying(m -> assertThat(m).isEmpty());
            }
        });
    }

    /** A namespace with more secrets than {@code maxKeys} is answered with empty, never with a part of them. */
    @Test
    void prefetchHonoursItsCap() {
        assumeTrue(store.supportsPrefetch(), "store does not claim prefetch");
        assumeTrue(isolatesTenantsAndNamespaces());
        for (String k : List.of("CAP_1", "CAP_2", "CAP_3")) {
            seed(store, tenant, ns, key(k), "cap-value-" + k);
        }
        assertListing(() -> {
            assertThat(store.prefetch(tenant, ns, 2)).as("3 secrets, cap 2").isEmpty();
            assertThat(store.prefetch(tenant, ns, 1)).as("3 secrets, cap 1").isEmpty();
            assertThat(store.prefetch(tenant, ns, 3)).as("3 secrets, cap 3")
                    .hasValueSatisfying(m -> assertThat(m).hasSize(3));
        });
    }

    /**
     * The resolver takes a prefetch for the namespace's key set, so a store whose listing is strongly consistent
     * must show a write, an overwrite and a delete in its prefetch at once (any other store eventually).
     */
    @Test
    void prefetchReflectsWrites() {
        assumeTrue(store.supportsPrefetch(), "store does not claim prefetch");
        assumeWritable();
        assumeTrue(isolatesTenantsAndNamespaces());
        store.put(tenant, child, key("W"), SecretValue.of("write-1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        assertListing(() -> assertThat(store.prefetch(tenant, child, 10)).as("after a create")
                .hasValueSatisfying(m -> assertThat(m).isEqualTo(Map.of(key("W"), SecretValue.of("write-1")))));
        store.put(tenant, child, key("W"), SecretValue.of("write-2"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertListing(() -> assertThat(store.prefetch(tenant, child, 10)).as("after an overwrite")
                .hasValueSatisfying(m -> assertThat(m).isEqualTo(Map.of(key("W"), SecretValue.of("write-2")))));
        store.delete(tenant, child, key("W"), SecretStore.ANY_VERSION);
        assertListing(() -> assertThat(store.prefetch(tenant, child, 10)).as("after a delete")
                .hasValueSatisfying(m -> assertThat(m).isEmpty()));
    }

    // ---- events ----

    @Test
    void subscribeDeliversAnEventForEveryWrite() throws Exception {
        assumeWritable();
        EventRecorder recorder = new EventRecorder();
        try (Subscription subscription = store.subscribe(recorder)) {
            assumeTrue(subscription != Subscription.NONE, "store does not publish events (subscribe returns Subscription.NONE)");
            SecretMetadata created = store.put(tenant, ns, key("EVENTS_A"), SecretValue.of("event-value-1"),
                    SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
            store.put(tenant, ns, key("EVENTS_A"), SecretValue.of("event-value-2"), SecretAttributes.NONE, created.version());
            store.put(tenant, ns, key("EVENTS_B"), SecretValue.of("event-value-3"), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
            store.delete(tenant, ns, key("EVENTS_A"), SecretStore.ANY_VERSION);
            assertThat(recorder.await(about(key("EVENTS_A")), 3, eventTimeout()))
                    .as("an event for each of the three writes of EVENTS_A (create, update, delete); got %s",
                            recorder.events()).isTrue();
            assertThat(recorder.await(about(key("EVENTS_B")), 1, eventTimeout()))
                    .as("an event for the write of EVENTS_B; got %s", recorder.events()).isTrue();
        }
        assertThat(recorder.events()).filteredOn(e -> e.tenant().equals(tenant))
                .allSatisfy(e -> {
                    assertThat(e.namespace()).isEqualTo(ns);
                    assertThat(e.kind()).isEqualTo(ChangeEvent.Kind.SECRET);
                    assertThat(e.toString()).doesNotContain("event-value");
                });
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() throws Exception {
        assumeWritable();
        EventRecorder closed = new EventRecorder();
        EventRecorder marker = new EventRecorder();
        Subscription toClose = store.subscribe(closed);
        assumeTrue(toClose != Subscription.NONE, "store does not publish events (subscribe returns Subscription.NONE)");
        try (Subscription open = store.subscribe(marker)) {
            store.put(tenant, ns, key("BEFORE_CLOSE"), SecretValue.of("before-close"), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
            assertThat(closed.await(about(key("BEFORE_CLOSE")), 1, eventTimeout())).as("delivered while open").isTrue();
            toClose.close();
            toClose.close(); // idempotent
            store.put(tenant, ns, key("AFTER_CLOSE"), SecretValue.of("after-close"), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
            // the still-open subscription receiving the write is the marker that delivery has happened
            assertThat(marker.await(about(key("AFTER_CLOSE")), 1, eventTimeout()))
                    .as("the open subscription receives the write").isTrue();
            assertThat(closed.count(about(key("AFTER_CLOSE"))))
                    .as("events delivered to a closed subscription; got %s", closed.events()).isZero();
        }
    }

    /** An event about this key of the test's namespace (an event without a key means "any key"). */
    private Predicate<ChangeEvent> about(SecretKey k) {
        return e -> e.tenant().equals(tenant) && e.namespace().equals(ns) && e.kind() == ChangeEvent.Kind.SECRET
                && e.key().map(k::equals).orElse(true);
    }

    @Test
    void unicodeValuesRoundTripAndLoneSurrogatesNeverReachTheStore() {
        assumeWritable();
        String value = "caf\u00e9 \ud834\udd1e \u20ac \" \\ \n\t end";
        store.put(tenant, ns, key("UNICODE"), SecretValue.of(value), SecretAttributes.of("d\u00e9j\u00e0 \ud83d\ude00"),
                SecretStore.MUST_NOT_EXIST);
        assertThat(store.get(tenant, ns, key("UNICODE"))).map(SecretValue::reveal).contains(value);
        assertThat(store.metadata(tenant, ns, key("UNICODE"))).map(SecretMetadata::description)
                .contains("d\u00e9j\u00e0 \ud83d\ude00");
        // a lone surrogate would come back as '?' from most backends: such a value cannot even be made
        assertThatThrownBy(() -> SecretValue.of("x\ud800y")).isInstanceOf(dev.cascade.InvalidDocumentException.class)
                .hasMessageContaining("surrogate").hasMessageNotContaining("x\ud800y");
        assertThatThrownBy(() -> SecretAttributes.of("bad \udc00")).isInstanceOf(dev.cascade.InvalidDocumentException.class);
    }
}
