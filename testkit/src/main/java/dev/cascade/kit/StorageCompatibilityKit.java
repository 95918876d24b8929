package dev.cascade.kit;

import dev.cascade.spi.Revision;
import dev.cascade.spi.RevisionStore;
import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.NamespaceQuery;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.Versioned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link Storage} must meet. Extend it and implement {@link #createStorage()}. Each
 * test works in fresh random tenants, so it also runs against a shared database.
 *
 * <p>What the kit checks: namespaces, variables and plugin defaults round-trip with their versions
 * (1 after creation, +1 per write); stale writes conflict and change nothing; writes to a missing namespace
 * and deletes of a missing namespace are {@link NotFoundException}; deleting a namespace removes its
 * variables and defaults; lists are sorted by id, and keyset pages ({@code listPage}, {@code usedPage}) follow
 * {@code NamespaceId} order through cursors and subtrees; tenants are isolated; every write made through the
 * storage publishes an event on {@link Storage#subscribe} and a closed subscription receives nothing more;
 * concurrent compare-and-set writers lose no update.
 *
 * <p>Knobs: {@link #concurrentWriters()}, {@link #concurrencyRounds()}, {@link #failSafeTimeout()}.
 */
public abstract class StorageCompatibilityKit extends KitKnobs {

    /** A storage; it may share its backend with other tests as long as tenants keep them apart. */
    protected abstract Storage createStorage();

    protected Storage storage;
    protected TenantId tenant;
    protected TenantId otherTenant;
    protected final NamespaceId marketing = NamespaceId.of("company.marketing");

    @BeforeEach
    void openStorage() {
        storage = createStorage();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        tenant = TenantId.of("kit-" + suffix);
        otherTenant = TenantId.of("kit-" + suffix + "-b");
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    private static NamespaceProperties props(String description) {
        return NamespaceProperties.ofDescription(description);
    }

    @Test
    void chainReturnsTheExistingAncestorsRootFirstWithTheirDocuments() {
        NamespaceId company = NamespaceId.of("company");
        NamespaceId leaf = NamespaceId.of("company.marketing.emea.web");
        storage.namespaces().create(tenant, company, props("root"));
        storage.namespaces().create(tenant, marketing, props("mid")); // company.marketing.emea is a placeholder
        storage.namespaces().create(tenant, leaf, props("leaf"));
        storage.namespaces().create(otherTenant, NamespaceId.of("company.marketing.emea"), props("other tenant"));
        storage.variables().put(tenant, company, Map.of("a", 1, "m", Map.of("x", "root")), 0);
        storage.variables().put(tenant, leaf, Map.of("m", Map.of("y", "leaf")), 0);
        storage.pluginDefaults().put(tenant, marketing, List.of(PluginDefault.of("io.kestra", Map.of("r", "eu"))), 0);

        List<dev.cascade.spi.NamespaceLevel> chain = storage.chain(tenant, leaf);
        assertThat(chain).extracting(l -> l.namespace().id()).containsExactly(company, marketing, leaf);
        for (dev.cascade.spi.NamespaceLevel level : chain) {
            NamespaceId id = level.namespace().id();
            assertThat(level.namespace()).isEqualTo(storage.namespaces().get(tenant, id).orElseThrow());
            assertThat(level.variables()).isEqualTo(storage.variables().get(tenant, id));
            assertThat(level.pluginDefaults()).isEqualTo(storage.pluginDefaults().get(tenant, id));
        }
        assertThat(storage.chain(tenant, NamespaceId.of("nowhere.at.all"))).isEmpty();
        assertThat(storage.chain(otherTenant, leaf)).extracting(l -> l.namespace().id())
                .containsExactly(NamespaceId.of("company.marketing.emea"));
    }

    /** Chains of every depth from 1 to 9, with placeholders between existing levels, and the root alone. */
    @Test
    void chainOfNamespacesOfEveryDepthHoldsExactlyTheirExistingAncestors() {
        List<NamespaceId> path = new java.util.ArrayList<>();
        StringBuilder id = new StringBuilder();
        for (int depth = 1; depth <= 9; depth++) {
            id.append(depth == 1 ? "" : ".").append("l").append(depth);
            path.add(NamespaceId.of(id.toString()));
        }
        List<NamespaceId> existing = new java.util.ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            if (i % 3 != 1) { // l1, l1.l2 is a placeholder, l1.l2.l3, l1.l2.l3.l4, ...
                storage.namespaces().create(tenant, path.get(i), props("depth " + (i + 1)));
                storage.variables().put(tenant, path.get(i), Map.of("depth", i + 1), 0);
                existing.add(path.get(i));
            }
        }
        for (NamespaceId leaf : path) {
            List<NamespaceId> expected = existing.stream().filter(e -> e.isAncestorOrSelfOf(leaf)).toList();
            List<dev.cascade.spi.NamespaceLevel> chain = storage.chain(tenant, leaf);
            assertThat(chain).as("chain of %s", leaf).extracting(l -> l.namespace().id()).containsExactlyElementsOf(expected);
            for (dev.cascade.spi.NamespaceLevel level : chain) {
                assertThat(level.variables()).isEqualTo(storage.variables().get(tenant, level.namespace().id()));
            }
        }
        assertThat(storage.chain(tenant, NamespaceId.of("l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.l11.l12.l13.l14.l15.l16.l17")))
                .extracting(l -> l.namespace().id()).containsExactlyElementsOf(existing);
    }

    @Test
    void nameIsNotBlank() {
        assertThat(storage.name()).isNotBlank();
    }

    @Test
    void emptyTenantHasEmptyResults() {
        assertThat(storage.namespaces().list(tenant)).isNotNull().isEmpty();
        assertThat(storage.namespaces().used(tenant)).isNotNull().isEmpty();
        assertThat(storage.namespaces().get(tenant, marketing)).isEmpty();
        assertThat(storage.variables().get(tenant, marketing)).isEmpty();
        assertThat(storage.pluginDefaults().get(tenant, marketing)).isEmpty();
    }

    @Test
    void createGetAndList() {
        NamespaceProperties p = new NamespaceProperties("Marketing team",
                List.of(AllowedNamespace.parse("company.sales"), AllowedNamespace.parse("team.*")), Optional.of("vault"));
        Namespace created = storage.namespaces().create(tenant, marketing, p);
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.tenant()).isEqualTo(tenant);
        assertThat(created.description()).isEqualTo("Marketing team");
        storage.namespaces().create(tenant, NamespaceId.of("company"), props("root"));
        storage.namespaces().create(tenant, NamespaceId.of("alpha"), props(""));

        Namespace read = storage.namespaces().get(tenant, marketing).orElseThrow();
        assertThat(read.properties()).isEqualTo(p);
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.allowedNamespaces()).extracting(AllowedNamespace::pattern).containsExactly("company.sales", "team.*");
        assertThat(storage.namespaces().list(tenant)).extracting(n -> n.id().value())
                .containsExactly("alpha", "company", "company.marketing");
    }

    @Test
    void createExistingConflicts() {
        storage.namespaces().create(tenant, marketing, props("first"));
        assertThatThrownBy(() -> storage.namespaces().create(tenant, marketing, props("second")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("company.marketing");
        assertThat(storage.namespaces().get(tenant, marketing).orElseThrow().description()).isEqualTo("first");
    }

    @Test
    void updateBumpsVersionAndStaleUpdateChangesNothing() {
        Namespace v1 = storage.namespaces().create(tenant, marketing, props("v1"));
        Namespace v2 = storage.namespaces().update(tenant, marketing, props("v2"), v1.version());
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.created()).isEqualTo(v1.created());
        assertThat(v2.updated()).isAfterOrEqualTo(v1.updated());
        assertThatThrownBy(() -> storage.namespaces().update(tenant, marketing, props("stale"), v1.version()))
                .isInstanceOf(ConflictException.class);
        assertThat(storage.namespaces().get(tenant, marketing).orElseThrow().description()).isEqualTo("v2");
        assertThatThrownBy(() -> storage.namespaces().update(tenant, NamespaceId.of("missing"), props("x"), 1))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteRemovesVariablesAndDefaultsToo() {
        Namespace ns = storage.namespaces().create(tenant, marketing, props(""));
        storage.variables().put(tenant, marketing, Map.of("a", 1), 0);
        storage.pluginDefaults().put(tenant, marketing, List.of(PluginDefault.of("io.x", Map.of("k", "v"))), 0);
        assertThatThrownBy(() -> storage.namespaces().delete(tenant, marketing, ns.version() + 5))
                .isInstanceOf(ConflictException.class);
        assertThat(storage.variables().get(tenant, marketing)).isPresent();
        storage.namespaces().delete(tenant, marketing, ns.version());
        assertThat(storage.namespaces().get(tenant, marketing)).isEmpty();
        assertThat(storage.variables().get(tenant, marketing)).isEmpty();
        assertThat(storage.pluginDefaults().get(tenant, marketing)).isEmpty();
        assertThatThrownBy(() -> storage.namespaces().delete(tenant, marketing, 1)).isInstanceOf(NotFoundException.class);
        // re-created namespace starts clean
        storage.namespaces().create(tenant, marketing, props(""));
        assertThat(storage.variables().get(tenant, marketing)).isEmpty();
        assertThat(storage.variables().put(tenant, marketing, Map.of("b", 2), 0).version()).isEqualTo(1);
    }

    @Test
    void variablesRoundTripDeepTreesWithVersions() {
        storage.namespaces().create(tenant, marketing, props(""));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("github", Map.of("token", "{{ secret('GITHUB_TOKEN') }}"));
        vars.put("list", List.of(1, "two", true, Map.of("nested", List.of("x"))));
        vars.put("nothing", null);
        vars.put("number", 3.5);
        vars.put("big", 12345678901L);
        vars.put("unicode", "caf\u00e9 \u4e2d");
        Versioned<Map<String, Object>> v1 = storage.variables().put(tenant, marketing, vars, 0);
        assertThat(v1.version()).isEqualTo(1);
        Versioned<Map<String, Object>> read = storage.variables().get(tenant, marketing).orElseThrow();
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.value()).containsEntry("github", Map.of("token", "{{ secret('GITHUB_TOKEN') }}"));
        assertThat(read.value().get("list")).isEqualTo(Arrays.asList(1, "two", true, Map.of("nested", List.of("x"))));
        assertThat(read.value()).containsKey("nothing");
        assertThat(read.value().get("nothing")).isNull();
        assertThat(((Number) read.value().get("number")).doubleValue()).isEqualTo(3.5);
        assertThat(((Number) read.value().get("big")).longValue()).isEqualTo(12345678901L);
        assertThat(read.value()).containsEntry("unicode", "caf\u00e9 \u4e2d");
        assertThatThrownBy(() -> read.value().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);

        Versioned<Map<String, Object>> v2 = storage.variables().put(tenant, marketing, Map.of("only", "this"), 1);
        assertThat(v2.version()).isEqualTo(2);
        assertThatThrownBy(() -> storage.variables().put(tenant, marketing, Map.of("stale", true), 1))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> storage.variables().put(tenant, marketing, Map.of("fresh", true), 0))
                .isInstanceOf(ConflictException.class);
        assertThat(storage.variables().get(tenant, marketing).orElseThrow().value()).isEqualTo(Map.of("only", "this"));
    }

    @Test
    void writesToMissingNamespaceAreRefused() {
        assertThatThrownBy(() -> storage.variables().put(tenant, marketing, Map.of("a", 1), 0))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("company.marketing");
        assertThatThrownBy(() -> storage.pluginDefaults().put(tenant, marketing, List.of(), 0))
                .isInstanceOf(NotFoundException.class);
        assertThat(storage.variables().get(tenant, marketing)).isEmpty();
    }

    @Test
    void pluginDefaultsKeepDeclarationOrder() {
        storage.namespaces().create(tenant, marketing, props(""));
        List<PluginDefault> rules = List.of(
                PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "us-east-1",
                        "accessKeyId", "{{ secret('AWS_ACCESS_KEY_ID') }}")),
                PluginDefault.forced("io.kestra.plugin.git", Map.of("username", "bot")),
                PluginDefault.of("io.kestra.plugin.aws.s3.Upload", Map.of("bucket", "b", "opts", Map.of("a", List.of(1, 2)))));
        Versioned<List<PluginDefault>> v1 = storage.pluginDefaults().put(tenant, marketing, rules, 0);
        assertThat(v1.version()).isEqualTo(1);
        List<PluginDefault> read = storage.pluginDefaults().get(tenant, marketing).orElseThrow().value();
        assertThat(read).extracting(PluginDefault::type)
                .containsExactly("io.kestra.plugin.aws", "io.kestra.plugin.git", "io.kestra.plugin.aws.s3.Upload");
        assertThat(read).extracting(PluginDefault::forced).containsExactly(false, true, false);
        assertThat(read.get(0).values()).containsEntry("region", "us-east-1");
        assertThat(read.get(2).values()).containsEntry("opts", Map.of("a", List.of(1, 2)));
        assertThatThrownBy(() -> storage.pluginDefaults().put(tenant, marketing, List.of(), 0))
                .isInstanceOf(ConflictException.class);
        assertThat(storage.pluginDefaults().put(tenant, marketing, List.of(), 1).value()).isEmpty();
    }

    @Test
    void tenantsAreIsolated() {
        storage.namespaces().create(tenant, marketing, props("tenant a"));
        storage.variables().put(tenant, marketing, Map.of("who", "a"), 0);
        storage.namespaces().markUsed(tenant, List.of(NamespaceId.of("flows.a")));
        assertThat(storage.namespaces().get(otherTenant, marketing)).isEmpty();
        assertThat(storage.namespaces().list(otherTenant)).isEmpty();
        assertThat(storage.namespaces().used(otherTenant)).isEmpty();
        assertThat(storage.variables().get(otherTenant, marketing)).isEmpty();
        storage.namespaces().create(otherTenant, marketing, props("tenant b"));
        assertThat(storage.variables().put(otherTenant, marketing, Map.of("who", "b"), 0).version()).isEqualTo(1);
        assertThat(storage.variables().get(tenant, marketing).orElseThrow().value()).containsEntry("who", "a");
        assertThat(storage.namespaces().get(tenant, marketing).orElseThrow().description()).isEqualTo("tenant a");
    }

    @Test
    void usedNamespacesAccumulate() {
        storage.namespaces().markUsed(tenant, List.of(NamespaceId.of("company.marketing"), NamespaceId.of("io.kestra.tests")));
        storage.namespaces().markUsed(tenant, List.of(NamespaceId.of("company.marketing")));
        storage.namespaces().markUsed(tenant, List.of());
        assertThat(storage.namespaces().used(tenant)).extracting(NamespaceId::value)
                .containsExactlyInAnyOrder("company.marketing", "io.kestra.tests");
    }

    /** Ids whose string order interleaves subtrees ('-' sorts before '.') and that LIKE would confuse ('_'). */
    private static final List<String> PAGING_IDS = List.of("b", "a.b_c", "a_b.x", "aab.x", "a-b.c", "a", "a-b", "a.b",
            "a.b.c", "a0", "a_b", "aa", "a-", "a-.z");

    @Test
    void pagesFollowIdOrderWithCursorsAndSubtrees() {
        for (String id : PAGING_IDS) {
            storage.namespaces().create(tenant, NamespaceId.of(id), NamespaceProperties.EMPTY);
        }
        storage.namespaces().markUsed(tenant, PAGING_IDS.stream().map(NamespaceId::of).toList());
        storage.namespaces().create(otherTenant, NamespaceId.of("a.b"), NamespaceProperties.EMPTY);
        List<String> sorted = PAGING_IDS.stream().sorted().toList();
        assertThat(storage.namespaces().list(tenant)).extracting(n -> n.id().value()).containsExactlyElementsOf(sorted);

        NamespaceQuery whole = new NamespaceQuery(Optional.empty(), Optional.empty(), 100);
        assertThat(storage.namespaces().listPage(tenant, whole)).extracting(n -> n.id().value()).containsExactlyElementsOf(sorted);
        assertThat(storage.namespaces().usedPage(tenant, whole)).extracting(NamespaceId::value).containsExactlyElementsOf(sorted);
        assertThat(storage.namespaces().listPage(tenant, new NamespaceQuery(Optional.empty(), Optional.of(NamespaceId.of("a")), 100)))
                .extracting(n -> n.id().value()).containsExactly("a", "a.b", "a.b.c", "a.b_c");
        assertThat(storage.namespaces().usedPage(tenant, new NamespaceQuery(Optional.empty(), Optional.of(NamespaceId.of("a_b")), 100)))
                .extracting(NamespaceId::value).containsExactly("a_b", "a_b.x");
        assertThat(storage.namespaces().listPage(tenant, new NamespaceQuery(Optional.of(NamespaceId.of("a-b")), Optional.empty(), 2)))
                .extracting(n -> n.id().value()).containsExactly("a-b.c", "a.b");

        List<Optional<NamespaceId>> bounds = new java.util.ArrayList<>();
        bounds.add(Optional.empty());
        for (String id : List.of("a", "a-", "a-b", "a.b", "a.a", "a_b", "aa", "zz", "0")) {
            bounds.add(Optional.of(NamespaceId.of(id)));
        }
        List<Namespace> all = storage.namespaces().list(tenant);
        List<NamespaceId> used = all.stream().map(Namespace::id).toList();
        for (Optional<NamespaceId> after : bounds) {
            for (Optional<NamespaceId> subtree : bounds) {
                for (int limit : new int[] {1, 3, 100}) {
                    NamespaceQuery q = new NamespaceQuery(after, subtree, limit);
                    assertThat(storage.namespaces().listPage(tenant, q)).as("listPage %s", q)
                            .isEqualTo(q.select(all, Namespace::id));
                    assertThat(storage.namespaces().usedPage(tenant, q)).as("usedPage %s", q)
                            .isEqualTo(q.select(used, id -> id));
                }
            }
        }
    }

    @Test
    void pagesAcceptIdsOfTheMaximumLength() {
        NamespaceId longest = NamespaceId.of("a".repeat(NamespaceId.MAX_LENGTH));
        NamespaceId child = NamespaceId.of("a".repeat(NamespaceId.MAX_LENGTH - 2) + ".b");
        storage.namespaces().create(tenant, longest, NamespaceProperties.EMPTY);
        storage.namespaces().create(tenant, child, NamespaceProperties.EMPTY);
        // the subtree's upper bound is one character longer than the longest id
        assertThat(storage.namespaces().listPage(tenant, new NamespaceQuery(Optional.empty(), Optional.of(longest), 10)))
                .extracting(Namespace::id).containsExactly(longest);
        assertThat(storage.namespaces().usedPage(tenant, new NamespaceQuery(Optional.of(longest), Optional.of(longest), 10)))
                .isEmpty();
        assertThat(storage.namespaces().listPage(tenant, new NamespaceQuery(Optional.of(child), Optional.empty(), 10)))
                .extracting(Namespace::id).containsExactly(longest);
    }

    @Test
    void followingPagesVisitEveryNamespaceOnce() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add("team-" + (i % 5) + ".flow_" + i);
        }
        for (String id : ids) {
            storage.namespaces().create(tenant, NamespaceId.of(id), NamespaceProperties.EMPTY);
        }
        List<String> seen = new java.util.ArrayList<>();
        Optional<NamespaceId> after = Optional.empty();
        while (true) {
            List<Namespace> page = storage.namespaces().listPage(tenant, new NamespaceQuery(after, Optional.empty(), 4));
            assertThat(page.size()).isLessThanOrEqualTo(4);
            page.forEach(n -> seen.add(n.id().value()));
            if (page.size() < 4) {
                break;
            }
            after = Optional.of(page.get(3).id());
        }
        assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
    }

    @Test
    void writesPublishChangeEvents() throws Exception {
        EventRecorder recorder = new EventRecorder();
        try (Subscription ignored = storage.subscribe(recorder)) {
            Namespace ns = storage.namespaces().create(tenant, marketing, props(""));
            storage.variables().put(tenant, marketing, Map.of("a", 1), 0);
            storage.pluginDefaults().put(tenant, marketing, List.of(), 0);
            Namespace updated = storage.namespaces().update(tenant, marketing, props("x"), ns.version());
            storage.namespaces().delete(tenant, marketing, updated.version());
            assertThat(recorder.await(of(ChangeEvent.Kind.NAMESPACE), 3, eventTimeout()))
                    .as("an event for each namespace write (create, update, delete); got %s", recorder.events()).isTrue();
            assertThat(recorder.await(of(ChangeEvent.Kind.VARIABLES), 1, eventTimeout()))
                    .as("an event for the variables write; got %s", recorder.events()).isTrue();
            assertThat(recorder.await(of(ChangeEvent.Kind.PLUGIN_DEFAULTS), 1, eventTimeout()))
                    .as("an event for the plugin-defaults write; got %s", recorder.events()).isTrue();
        }
        assertThat(recorder.events()).filteredOn(e -> e.tenant().equals(tenant)).allMatch(e -> e.namespace().equals(marketing));
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() throws Exception {
        EventRecorder closed = new EventRecorder();
        EventRecorder marker = new EventRecorder();
        Subscription toClose = storage.subscribe(closed);
        try (Subscription open = storage.subscribe(marker)) {
            Namespace ns = storage.namespaces().create(tenant, marketing, props(""));
            assertThat(closed.await(of(ChangeEvent.Kind.NAMESPACE), 1, eventTimeout())).as("delivered while open").isTrue();
            toClose.close();
            toClose.close(); // idempotent
            long atClose = closed.count(of(ChangeEvent.Kind.NAMESPACE));
            storage.namespaces().update(tenant, marketing, props("after close"), ns.version());
            // the still-open subscription receiving the write is the marker that delivery has happened
            assertThat(marker.await(of(ChangeEvent.Kind.NAMESPACE), 2, eventTimeout()))
                    .as("the open subscription receives both writes").isTrue();
            assertThat(closed.count(of(ChangeEvent.Kind.NAMESPACE)))
                    .as("events delivered to the closed subscription; got %s", closed.events()).isEqualTo(atClose);
        }
    }

    private Predicate<ChangeEvent> of(ChangeEvent.Kind kind) {
        return e -> e.tenant().equals(tenant) && e.namespace().equals(marketing) && e.kind() == kind;
    }

    @Test
    void concurrentWritersLoseNoUpdate() throws Exception {
        storage.namespaces().create(tenant, marketing, props(""));
        long start = storage.variables().put(tenant, marketing, Map.of("counter", 0), 0).version();
        int rounds = concurrencyRounds();
        List<Integer> winners = CompareAndSetRounds.run(concurrentWriters(), rounds, failSafeTimeout(),
                () -> storage.variables().get(tenant, marketing).orElseThrow().version(),
                (version, writer, round) -> {
                    try {
                        storage.variables().put(tenant, marketing, Map.of("counter", round + 1, "writer", writer), version);
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                });
        assertThat(winners).as("writers that succeeded in each round, all of them having read the same version "
                + "before anyone wrote: compare-and-set lets exactly one through").containsOnly(1);
        Versioned<Map<String, Object>> end = storage.variables().get(tenant, marketing).orElseThrow();
        assertThat(((Number) end.value().get("counter")).intValue()).isEqualTo(rounds);
        assertThat(end.version()).isEqualTo(start + rounds);
    }

    @Test
    void concurrentNamespaceCreatorsSucceedOnce() throws Exception {
        int rounds = Math.max(1, concurrencyRounds() / 5);
        List<Integer> winners = CompareAndSetRounds.run(concurrentWriters(), rounds, failSafeTimeout(),
                () -> 0L,
                (version, writer, round) -> {
                    try {
                        storage.namespaces().create(tenant, NamespaceId.of("race.n" + round), props("by " + writer));
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                });
        assertThat(winners).as("creators that succeeded per namespace").containsOnly(1);
    }

    // ---------------------------------------------------------------- revision history (optional capability)

    @Test
    void revisionsRecordEveryWriteOfEachResourceInOrder() {
        org.junit.jupiter.api.Assumptions.assumeTrue(storage.revisions().isPresent(),
                "this storage keeps no revision history (Storage.revisions() is empty)");
        RevisionStore history = storage.revisions().orElseThrow();
        assertThat(history.list(tenant, marketing, Revision.Resource.VARIABLES)).isEmpty();
        Namespace ns = storage.namespaces().create(tenant, marketing, props("one"));
        storage.namespaces().update(tenant, marketing, props("two"), ns.version());
        storage.variables().put(tenant, marketing, Map.of("a", 1, "nested", Map.of("b", List.of(1, "x"))), 0);
        storage.variables().put(tenant, marketing, Map.of("a", 2), 1);
        storage.pluginDefaults().put(tenant, marketing, List.of(PluginDefault.of("io.x", Map.of("k", "v")),
                PluginDefault.forced("io.y", Map.of("f", true))), 0);

        List<Revision> props = history.list(tenant, marketing, Revision.Resource.PROPERTIES);
        assertThat(props).extracting(Revision::version).containsExactly(1L, 2L);
        assertThat(props).extracting(r -> r.properties().description()).containsExactly("one", "two");
        List<Revision> vars = history.list(tenant, marketing, Revision.Resource.VARIABLES);
        assertThat(vars).extracting(Revision::version).containsExactly(1L, 2L);
        assertThat(vars.get(0).variables()).isEqualTo(Map.of("a", 1, "nested", Map.of("b", List.of(1, "x"))));
        assertThat(vars.get(1).variables()).isEqualTo(Map.of("a", 2));
        // the newest revision always equals what is stored
        assertThat(vars.get(1).variables()).isEqualTo(storage.variables().get(tenant, marketing).orElseThrow().value());
        assertThat(history.list(tenant, marketing, Revision.Resource.PLUGIN_DEFAULTS).get(0).pluginDefaults())
                .containsExactly(PluginDefault.of("io.x", Map.of("k", "v")), PluginDefault.forced("io.y", Map.of("f", true)));
        assertThat(history.get(tenant, marketing, Revision.Resource.VARIABLES, 1)).contains(vars.get(0));
        assertThat(history.get(tenant, marketing, Revision.Resource.VARIABLES, 3)).isEmpty();
        // other tenants see nothing
        assertThat(history.list(otherTenant, marketing, Revision.Resource.VARIABLES)).isEmpty();
    }

    @Test
    void refusedWritesLeaveNoRevisionAndDeleteTakesHistoryAlong() {
        org.junit.jupiter.api.Assumptions.assumeTrue(storage.revisions().isPresent(),
                "this storage keeps no revision history (Storage.revisions() is empty)");
        RevisionStore history = storage.revisions().orElseThrow();
        Namespace ns = storage.namespaces().create(tenant, marketing, props(""));
        storage.variables().put(tenant, marketing, Map.of("a", 1), 0);
        assertThatThrownBy(() -> storage.variables().put(tenant, marketing, Map.of("a", 2), 0))
                .isInstanceOf(ConflictException.class);
        assertThat(history.list(tenant, marketing, Revision.Resource.VARIABLES)).hasSize(1);
        storage.namespaces().delete(tenant, marketing, ns.version());
        assertThat(history.list(tenant, marketing, Revision.Resource.VARIABLES)).isEmpty();
        assertThat(history.list(tenant, marketing, Revision.Resource.PROPERTIES)).isEmpty();
        // a re-created namespace starts a new history
        storage.namespaces().create(tenant, marketing, props("again"));
        assertThat(history.list(tenant, marketing, Revision.Resource.PROPERTIES)).extracting(Revision::version)
                .containsExactly(1L);
    }

    @Test
    void numbersAndTextRoundTripExactly() {
        storage.namespaces().create(tenant, marketing, props(""));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("price", new java.math.BigDecimal("1.10"));
        vars.put("precise", new java.math.BigDecimal("12345678901234567890.123456789012345678"));
        vars.put("tiny", new java.math.BigDecimal("1E-30"));
        vars.put("ratio", 0.5d);
        vars.put("third", 1.0d / 3);
        vars.put("big", 1.0e300);
        vars.put("count", 7);
        vars.put("max", Long.MAX_VALUE);
        vars.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
        vars.put("negativeZero", -0.0d);
        vars.put("text", "caf\u00e9 \ud834\udd1e \u0000 \" quoted \\ \n");
        vars.put("list", List.of(new java.math.BigDecimal("2.50"), 3));
        storage.variables().put(tenant, marketing, vars, 0);
        Map<String, Object> read = storage.variables().get(tenant, marketing).orElseThrow().value();
        assertThat(read.get("price")).isInstanceOf(java.math.BigDecimal.class).hasToString("1.10");
        assertThat(read.get("precise")).hasToString("12345678901234567890.123456789012345678");
        assertThat(read.get("tiny")).isEqualTo(new java.math.BigDecimal("1E-30"));
        assertThat(read.get("ratio")).isEqualTo(0.5d);
        assertThat(read.get("third")).isEqualTo(1.0d / 3);
        assertThat(read.get("big")).isEqualTo(1.0e300);
        assertThat(read.get("count")).isEqualTo(7);
        assertThat(read.get("max")).isEqualTo(Long.MAX_VALUE);
        assertThat(read.get("huge")).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(read.get("negativeZero")).isEqualTo(0.0d); // a decimal has no negative zero: every storage says 0.0
        assertThat(read.get("text")).isEqualTo(vars.get("text"));
        assertThat((List<?>) read.get("list")).hasSize(2).first().hasToString("2.50");
        // plugin-default values keep their numbers too
        storage.pluginDefaults().put(tenant, marketing,
                List.of(PluginDefault.of("io.x", Map.of("timeout", new java.math.BigDecimal("1.10")))), 0);
        assertThat(storage.pluginDefaults().get(tenant, marketing).orElseThrow().value().get(0).values().get("timeout"))
                .hasToString("1.10");
    }

    @Test
    void nonFiniteNumbersAreRefusedAtWriteAndNothingChanges() {
        storage.namespaces().create(tenant, marketing, props(""));
        Versioned<Map<String, Object>> v1 = storage.variables().put(tenant, marketing, Map.of("a", 1), 0);
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN)) {
            assertThatThrownBy(() -> storage.variables().put(tenant, marketing, Map.of("nested", Map.of("x", bad)),
                    v1.version())).as(String.valueOf(bad)).isInstanceOf(dev.cascade.InvalidDocumentException.class)
                    .hasMessageContaining("nested.x").hasMessageContaining("cannot be stored");
            assertThatThrownBy(() -> storage.pluginDefaults().put(tenant, marketing,
                    List.of(PluginDefault.of("io.x", Map.of("n", bad))), 0))
                    .isInstanceOf(dev.cascade.InvalidDocumentException.class);
        }
        assertThat(storage.variables().get(tenant, marketing)).contains(v1);
        assertThat(storage.pluginDefaults().get(tenant, marketing)).isEmpty();
    }

    @Test
    void loneSurrogatesAreRefusedNotReplaced() {
        storage.namespaces().create(tenant, marketing, props(""));
        Versioned<Map<String, Object>> v1 = storage.variables().put(tenant, marketing, Map.of("a", 1), 0);
        for (String bad : List.of("x\ud800y", "\udc00", "end\ud834")) {
            assertThatThrownBy(() -> storage.variables().put(tenant, marketing, Map.of("text", bad), v1.version()))
                    .isInstanceOf(dev.cascade.InvalidDocumentException.class).hasMessageContaining("surrogate")
                    .hasMessageContaining("'text'");
            assertThatThrownBy(() -> storage.variables().put(tenant, marketing, Map.of(bad, "key"), v1.version()))
                    .isInstanceOf(dev.cascade.InvalidDocumentException.class).hasMessageContaining("surrogate");
            assertThatThrownBy(() -> storage.pluginDefaults().put(tenant, marketing,
                    List.of(PluginDefault.of("io.x", Map.of("k", List.of(bad)))), 0))
                    .isInstanceOf(dev.cascade.InvalidDocumentException.class).hasMessageContaining("k[0]");
            assertThatThrownBy(() -> props(bad)).isInstanceOf(dev.cascade.InvalidDocumentException.class);
        }
        assertThat(storage.variables().get(tenant, marketing)).contains(v1);
        assertThat(storage.pluginDefaults().get(tenant, marketing)).isEmpty();
    }
}
