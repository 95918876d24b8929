package dev.cascade.management;

import dev.cascade.access.Action;
import dev.cascade.access.AccessPolicy;
import dev.cascade.access.Actor;
import dev.cascade.access.Permission;
import dev.cascade.access.RoleBasedAccessPolicy;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.backend.InMemoryAccessControlStore;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.internal.NamespacePager;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.NamespaceSummary;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretStores;
import dev.cascade.spi.NamespaceQuery;
import dev.cascade.spi.NamespaceStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concatenated pages equal the unpaged listing, filtered by the same scope: placeholders in order (including
 * ids such as {@code a}, {@code a-b}, {@code a.b} whose string order interleaves subtrees), with and without
 * role-based access control, through the in-memory store's range pages and through the SPI's default pages.
 */
class NamespacePagingProperties {
    private static final TenantId TENANT = TenantId.of("main");
    private static final Actor ACTOR = Actor.user("u", "g");

    @Property(tries = 400)
    void concatenatedPagesEqualTheUnpagedListing(
            @ForAll("manyIds") List<String> existing,
            @ForAll("fewIds") List<String> used,
            @ForAll @IntRange(min = 1, max = 6) int pageSize,
            @ForAll("scopes") Optional<String> subtree,
            @ForAll("scopes") Optional<String> childrenOf,
            @ForAll("bindings") List<Optional<String>> bindings,
            @ForAll boolean rbac) {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryAccessControlStore acl = new InMemoryAccessControlStore();
        AccessPolicy policy = rbac ? new RoleBasedAccessPolicy(acl) : AccessPolicy.allowAll();
        for (String id : existing) {
            storage.namespaces().create(TENANT, NamespaceId.of(id), NamespaceProperties.EMPTY);
        }
        storage.namespaces().markUsed(TENANT, used.stream().map(NamespaceId::of).toList());
        int i = 0;
        for (Optional<String> b : bindings) {
            String role = i++ % 3 == 2 ? "secrets-writer" : "viewer";   // secrets-writer does not read namespaces
            Subject subject = i % 2 == 0 ? Subject.user("u") : Subject.group("g");
            acl.addBinding(b.isEmpty() ? RoleBinding.tenantWide(TENANT, subject, role)
                    : RoleBinding.onNamespace(TENANT, subject, role, NamespaceId.of(b.get())));
        }
        NamespaceManagement management = new NamespaceManagement(storage, SecretStores.single(new InMemorySecretStore()),
                policy, e -> { }, Clock.systemUTC(), null);
        ManagementSession session = management.session(TENANT, ACTOR);

        Optional<NamespaceId> s = subtree.map(NamespaceId::of);
        Optional<NamespaceId> p = childrenOf.map(NamespaceId::of);
        List<NamespaceSummary> expected = session.listNamespaces().stream()
                .filter(r -> s.map(x -> x.isAncestorOrSelfOf(r.id())).orElse(true))
                .filter(r -> p.map(x -> r.id().parent().filter(x::equals).isPresent()).orElse(true))
                .toList();

        NamespacePageRequest request = new NamespacePageRequest(Optional.empty(), pageSize, s, p);
        assertThat(pages(request, session::listNamespaces)).isEqualTo(expected);

        NamespaceStore defaults = defaultPagesOnly(storage.namespaces());
        dev.cascade.access.NamespaceFilter readable = policy.namespaceFilter(ACTOR, TENANT, Permission.NAMESPACE, Action.READ);
        assertThat(pages(request, r -> NamespacePager.page(defaults, TENANT, r.cursor(), r.pageSize(), r.subtree(),
                r.childrenOf(), readable))).isEqualTo(expected);
        // the same grants as a plain predicate: every row tested, no subtree shortcut
        dev.cascade.access.NamespaceFilter perRow = dev.cascade.access.NamespaceFilter.of(readable);
        assertThat(pages(request, r -> NamespacePager.page(storage.namespaces(), TENANT, r.cursor(), r.pageSize(),
                r.subtree(), r.childrenOf(), perRow))).isEqualTo(expected);
    }

    @Property(tries = 300)
    void storePagesEqualTheReferenceSelection(@ForAll("manyIds") List<String> existing,
                                              @ForAll("scopes") Optional<String> after,
                                              @ForAll("scopes") Optional<String> subtree,
                                              @ForAll @IntRange(min = 1, max = 5) int limit) {
        InMemoryStorage storage = new InMemoryStorage();
        for (String id : existing) {
            storage.namespaces().create(TENANT, NamespaceId.of(id), NamespaceProperties.EMPTY);
        }
        storage.namespaces().markUsed(TENANT, existing.stream().map(NamespaceId::of).toList());
        NamespaceQuery q = new NamespaceQuery(after.map(NamespaceId::of), subtree.map(NamespaceId::of), limit);
        assertThat(storage.namespaces().listPage(TENANT, q))
                .isEqualTo(q.select(storage.namespaces().list(TENANT), Namespace::id));
        assertThat(storage.namespaces().usedPage(TENANT, q))
                .isEqualTo(q.select(new TreeSet<>(storage.namespaces().used(TENANT)), id -> id));
    }

    /** Follows next cursors to the end, checking every page's size and that a cursor is never the last row. */
    private static List<NamespaceSummary> pages(NamespacePageRequest first,
                                                java.util.function.Function<NamespacePageRequest, NamespacePage> call) {
        List<NamespaceSummary> all = new ArrayList<>();
        Optional<NamespacePageRequest> request = Optional.of(first);
        int guard = 0;
        while (request.isPresent()) {
            NamespacePage page = call.apply(request.get());
            assertThat(page.rows().size()).isLessThanOrEqualTo(first.pageSize());
            if (page.nextCursor().isPresent()) {
                assertThat(page.rows()).hasSize(first.pageSize());
                assertThat(page.nextCursor()).contains(page.rows().get(page.rows().size() - 1).id());
            }
            all.addAll(page.rows());
            request = request.get().next(page);
            assertThat(++guard).isLessThan(1000);
        }
        return all;
    }

    /** A store that implements only the abstract methods, so paging goes through the SPI's defaults. */
    private static NamespaceStore defaultPagesOnly(NamespaceStore d) {
        return new NamespaceStore() {
            @Override
            public Optional<Namespace> get(TenantId t, NamespaceId id) {
                return d.get(t, id);
            }

            @Override
            public List<Namespace> list(TenantId t) {
                return d.list(t);
            }

            @Override
            public Namespace create(TenantId t, NamespaceId id, NamespaceProperties p) {
                return d.create(t, id, p);
            }

            @Override
            public Namespace update(TenantId t, NamespaceId id, NamespaceProperties p, long v) {
                return d.update(t, id, p, v);
            }

            @Override
            public void delete(TenantId t, NamespaceId id, long v) {
                d.delete(t, id, v);
            }

            @Override
            public void markUsed(TenantId t, Collection<NamespaceId> ids) {
                d.markUsed(t, ids);
            }

            @Override
            public Set<NamespaceId> used(TenantId t) {
                return d.used(t);
            }
        };
    }

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> segment = Arbitraries.of("a", "ab", "a-b", "a-", "a_b", "b", "0");
        return segment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    }

    @Provide
    Arbitrary<Optional<String>> scopes() {
        return ids().optional(0.5);
    }

    @Provide
    Arbitrary<List<String>> manyIds() {
        return ids().list().uniqueElements().ofMaxSize(14);
    }

    @Provide
    Arbitrary<List<String>> fewIds() {
        return ids().list().uniqueElements().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Optional<String>>> bindings() {
        return ids().optional(0.8).list().ofMaxSize(3);
    }
}
