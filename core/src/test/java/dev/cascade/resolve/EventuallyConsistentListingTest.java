package dev.cascade.resolve;

import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.AccessDeniedException;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resolution through a store whose listing lags behind its writes (as AWS Secrets Manager's ListSecrets
 * does): the resolver must read keys directly up the chain, so a child's new secret is served at once and a
 * parent's secret of the same key never stands in for it.
 */
class EventuallyConsistentListingTest {
    private static final TenantId T = TenantId.DEFAULT;
    private final InMemoryStorage storage = new InMemoryStorage();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Resolver resolver;

    /** Lists only what was written before {@link #settle()}: a listing that lags forever until told. */
    static final class LaggingStore implements SecretStore {
        final InMemorySecretStore data = new InMemorySecretStore();
        final Map<NamespaceId, List<SecretMetadata>> listed = new ConcurrentHashMap<>();
        final AtomicInteger gets = new AtomicInteger();
        final boolean declaresConsistentListing;

        LaggingStore(boolean declaresConsistentListing) {
            this.declaresConsistentListing = declaresConsistentListing;
        }

        void settle() {
            listed.clear();
        }

        @Override
        public String name() {
            return "lagging";
        }

        @Override
        public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
            gets.incrementAndGet();
            return data.get(tenant, namespace, key);
        }

        @Override
        public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
            return listed.computeIfAbsent(namespace, n -> data.list(tenant, n));
        }

        @Override
        public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                  SecretAttributes attributes, long expectedVersion) {
            return data.put(tenant, namespace, key, value, attributes, expectedVersion);
        }

        @Override
        public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
            return data.delete(tenant, namespace, key, expectedVersion);
        }

        @Override
        public boolean listIsStronglyConsistent() {
            return declaresConsistentListing;
        }
    }

    private LaggingStore start(boolean declaresConsistentListing) {
        LaggingStore store = new LaggingStore(declaresConsistentListing);
        resolver = Resolver.builder().storage(storage)
                .secretStores(new SecretStores("lagging", Map.of("lagging", store)))
                .ticker(nanos::get).executor(Runnable::run).build();
        for (String id : List.of("company", "company.team")) {
            storage.namespaces().create(T, NamespaceId.of(id), NamespaceProperties.EMPTY);
        }
        return store;
    }

    @AfterEach
    void close() {
        if (resolver != null) {
            resolver.close();
        }
    }

    private static void write(LaggingStore store, String namespace, String key, String value) {
        // behind the resolver's back, as another process would: no event, no invalidation
        store.put(T, NamespaceId.of(namespace), SecretKey.of(key), SecretValue.of(value), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
    }

    private String render(String namespace, String template) {
        return resolver.render(T, NamespaceId.of(namespace), template, Map.of()).output();
    }

    @Test
    void childSecretMissingFromTheListingIsServedInsteadOfTheParents() {
        LaggingStore store = start(false);
        write(store, "company", "TOKEN", "parent-value");
        store.list(T, NamespaceId.of("company.team")); // the listing is taken before the child's write
        write(store, "company.team", "TOKEN", "child-value");

        assertThat(render("company.team", "{{ secret('TOKEN') }}")).isEqualTo("child-value");
        assertThat(render("company", "{{ secret('TOKEN') }}")).isEqualTo("parent-value");
    }

    @Test
    void aReadThroughAnotherNamespaceNeedsTheHoldersAllowanceWhateverTheListing() {
        // company.team allows 'other', company does not: company's secret must not be read through company.team,
        // also when the listing cannot be trusted and only the read shows who holds the key
        LaggingStore store = start(false);
        storage.namespaces().create(T, NamespaceId.of("other"), NamespaceProperties.EMPTY);
        NamespaceId team = NamespaceId.of("company.team");
        storage.namespaces().update(T, team, NamespaceProperties.EMPTY.withAllowedNamespaces(
                List.of(AllowedNamespace.parse("other"))), storage.namespaces().get(T, team).orElseThrow().version());
        write(store, "company", "INHERITED", "parent-only-value");
        write(store, "company.team", "OWN", "team-own-value");

        assertThat(render("other", "{{ secret('OWN', namespace='company.team') }}")).isEqualTo("team-own-value");
        assertThatThrownBy(() -> render("other", "{{ secret('INHERITED', namespace='company.team') }}"))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("held by 'company'")
                .hasMessageNotContaining("parent-only-value");
        // the holder's own descendants read it through their sibling as before
        assertThat(render("company.team", "{{ secret('INHERITED', namespace='company.team') }}"))
                .isEqualTo("parent-only-value");
    }

    @Test
    void trustingALaggingListingWouldServeTheParentsValue() {
        // the same store claiming a consistent listing: the resolver believes the key set (what it must do for
        // such stores) and the stale listing hides the child's secret; this is why the declaration matters
        LaggingStore store = start(true);
        write(store, "company", "TOKEN", "parent-value");
        store.list(T, NamespaceId.of("company.team"));
        write(store, "company.team", "TOKEN", "child-value");

        assertThat(render("company.team", "{{ secret('TOKEN') }}")).isEqualTo("parent-value");
    }

    @Test
    void aChildSecretWrittenAfterALookupIsServedOnceTheNegativeTtlPasses() {
        LaggingStore store = start(false);
        write(store, "company", "TOKEN", "parent-value");
        assertThat(render("company.team", "{{ secret('TOKEN') }}")).isEqualTo("parent-value");

        write(store, "company.team", "TOKEN", "child-value"); // the listing never shows it until settle()
        nanos.addAndGet(ResolverCacheConfig.DEFAULTS.secretNegativeTtl().plus(Duration.ofMillis(1)).toNanos());

        assertThat(render("company.team", "{{ secret('TOKEN') }}")).isEqualTo("child-value");
    }

    @Test
    void absentKeysAreNegativelyCachedAndFoundValuesRemembered() {
        LaggingStore store = start(false);
        write(store, "company", "TOKEN", "parent-value");
        assertThat(render("company.team", "{{ secret('TOKEN') }}")).isEqualTo("parent-value");
        int reads = store.gets.get();
        assertThat(reads).isEqualTo(2); // the child (absent), then the parent

        for (int i = 0; i < 5; i++) {
            assertThat(render("company.team", "{{ secret('TOKEN') }}")).isEqualTo("parent-value");
        }
        assertThat(store.gets.get()).isEqualTo(reads);
    }
}
