package dev.cascade.resolve;

import dev.cascade.AccessDeniedException;
import dev.cascade.InvalidDocumentException;
import dev.cascade.NotFoundException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.ValueOrigin;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.SecretStore;
import dev.cascade.template.TemplateRenderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static dev.cascade.resolve.ResolverFixture.ns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolverTest {
    private final ResolverFixture f = new ResolverFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void variablesDeepMergeFromRootToLeafChildWins() {
        f.create("a");
        f.create("a.b");
        f.variables("a", Map.of("x", Map.of("p", 1, "q", 1), "list", List.of(1, 2), "s", "root", "only", "a"));
        f.variables("a.b", Map.of("x", Map.of("q", 2), "list", List.of(3), "s", "child"));
        EffectiveNamespace en = f.resolver.effectiveNamespace(MAIN, ns("a.b.c"));
        assertThat(en.status()).isEqualTo(NamespaceStatus.PLACEHOLDER);
        assertThat(en.variables()).isEqualTo(Map.of("x", Map.of("p", 1, "q", 2), "list", List.of(3), "s", "child",
                "only", "a"));
        assertThat(en.existingChain()).extracting(n -> n.id().value()).containsExactly("a", "a.b");
        assertThat(f.resolver.effectiveNamespace(MAIN, ns("a.b")).status()).isEqualTo(NamespaceStatus.EXISTING);
        assertThatThrownBy(() -> en.variables().put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void placeholdersContributeNothing() {
        // variables cannot be written to a placeholder; an ancestor placeholder between existing ones is skipped
        f.create("a");
        f.create("a.b.c");
        f.variables("a", Map.of("v", "a"));
        f.variables("a.b.c", Map.of("w", "abc"));
        f.secret("a.b", "ORPHAN", "orphan-value"); // stored for a placeholder: never served
        EffectiveNamespace en = f.resolver.effectiveNamespace(MAIN, ns("a.b.c"));
        assertThat(en.variables()).isEqualTo(Map.of("v", "a", "w", "abc"));
        assertThatThrownBy(() -> f.render("a.b.c", "{{ secret('ORPHAN') }}"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("a.b.c, a").hasMessageContaining("placeholders").hasMessageContaining("a.b")
                .hasMessageNotContaining("orphan-value");
    }

    @Test
    void requireExistingNamespaceFailsClearly() {
        try (ResolverFixture strict = new ResolverFixture(b -> b.requireExistingNamespace(true))) {
            strict.create("a");
            assertThat(strict.render("a", "ok")).isEqualTo("ok");
            assertThatThrownBy(() -> strict.render("a.b", "{{ 1 }}"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("'a.b'")
                    .hasMessageContaining("does not exist").hasMessageContaining("requireExistingNamespace");
            assertThatThrownBy(() -> strict.resolver.effectiveNamespace(MAIN, ns("zz")))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void namespaceVariableIsVisibleButNotRenderedImplicitly() {
        f.create("a");
        f.variables("a", Map.of("user", "root", "tpl", "{{ secret('X') }}"));
        assertThat(f.render("a", "{{ namespace.user }}@{{ namespace.tpl }}")).isEqualTo("root@{{ secret('X') }}");
    }

    @Test
    void renderUsesTheCallersNamespaceForSecrets() {
        f.create("a");
        f.create("a.b");
        f.variables("a", Map.of("token", "{{ secret('T') }}"));
        f.secret("a", "T", "token-of-a");
        f.secret("a.b", "T", "token-of-a-b");
        assertThat(f.render("a", "{{ render(namespace.token) }}")).isEqualTo("token-of-a");
        assertThat(f.render("a.b", "{{ render(namespace.token) }}")).isEqualTo("token-of-a-b");
    }

    @Test
    void hostVariablesAreVisibleAndNamespaceIsReserved() {
        assertThat(f.resolver.render(MAIN, ns("a"), "hi from {{ flow.namespace }}",
                Map.of("flow", Map.of("namespace", "a"))).output()).isEqualTo("hi from a");
        assertThatThrownBy(() -> f.resolver.render(MAIN, ns("a"), "x", Map.of("namespace", Map.of())))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "t"), List.of(),
                Map.of("namespace", "x"))).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void secretLookupClimbsTheChainClosestWins() {
        f.create("a");
        f.create("a.b");
        f.create("a.b.c");
        f.secret("a", "ROOT_ONLY", "root-value");
        f.secret("a", "BOTH", "root-both");
        f.secret("a.b", "BOTH", "middle-both");
        assertThat(f.render("a.b.c", "{{ secret('ROOT_ONLY') }}")).isEqualTo("root-value");
        assertThat(f.render("a.b.c", "{{ secret('BOTH') }}")).isEqualTo("middle-both");
        assertThat(f.render("a", "{{ secret('BOTH') }}")).isEqualTo("root-both");
        assertThatThrownBy(() -> f.render("a.b.c", "{{ secret('NOPE') }}"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("'NOPE'").hasMessageContaining("a.b.c, a.b, a");
    }

    @Test
    void secretKeysAreCaseSensitiveAndValidated() {
        f.create("a");
        f.secret("a", "Key", "v1-value");
        assertThat(f.render("a", "{{ secret('Key') }}")).isEqualTo("v1-value");
        assertThatThrownBy(() -> f.render("a", "{{ secret('KEY') }}")).isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> f.render("a", "{{ secret('bad key') }}")).isInstanceOf(dev.cascade.InvalidIdException.class);
    }

    @Test
    void secretFromAnotherNamespaceNeedsAncestryOrAnAllowance() {
        f.create("company");
        f.create("company.team");
        f.create("shared", "company.team");
        f.create("wide", "company.*");
        f.create("closed");
        f.secret("company", "C", "company-secret");
        f.secret("shared", "S", "shared-secret");
        f.secret("wide", "W", "wide-secret");
        f.secret("closed", "X", "closed-secret");
        assertThat(f.render("company.team", "{{ secret('C', namespace='company') }}")).isEqualTo("company-secret");
        assertThat(f.render("company.team", "{{ secret('S', namespace='shared') }}")).isEqualTo("shared-secret");
        assertThat(f.render("company.team", "{{ secret('W', namespace='wide') }}")).isEqualTo("wide-secret");
        assertThat(f.render("company", "{{ secret('W', namespace='wide') }}")).isEqualTo("wide-secret");
        assertThatThrownBy(() -> f.render("company", "{{ secret('S', namespace='shared') }}"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> f.render("company.team", "{{ secret('X', namespace='closed') }}"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("'company.team'").hasMessageContaining("'closed'")
                .hasMessageContaining("allowedNamespaces").hasMessageNotContaining("closed-secret");
        // a descendant is not an ancestor: the parent may not read its child's secrets
        f.secret("company.team", "T", "team-secret");
        assertThatThrownBy(() -> f.render("company", "{{ secret('T', namespace='company.team') }}"))
                .isInstanceOf(AccessDeniedException.class);
        // a placeholder allows nobody
        assertThatThrownBy(() -> f.render("company", "{{ secret('T', namespace='ghost') }}"))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void subkeyReadsAJsonFieldWithDistinctErrors() {
        f.create("a");
        f.secret("a", "DB", "{\"user\":\"admin\",\"password\":\"p4ssw0rd!\",\"port\":5432}");
        f.secret("a", "PLAIN", "not-json-at-all");
        assertThat(f.render("a", "{{ secret('DB', subkey='user') }}")).isEqualTo("admin");
        assertThat(f.render("a", "{{ secret('DB', subkey='port') }}")).isEqualTo("5432");
        assertThatThrownBy(() -> f.render("a", "{{ secret('PLAIN', subkey='user') }}"))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TemplateRenderException.Kind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("not a JSON object").doesNotContain("not-json-at-all");
                });
        assertThatThrownBy(() -> f.render("a", "{{ secret('DB', subkey='missing') }}"))
                .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("without the field 'missing'")
                .hasMessageNotContaining("p4ssw0rd!");
    }

    @Test
    void aSecretContainingTemplateSyntaxIsReturnedVerbatim() {
        f.create("a");
        f.variables("a", Map.of("x", "leak"));
        f.secret("a", "TPL", "{{ namespace.x }}{% if true %}y{% endif %}");
        assertThat(f.render("a", "{{ secret('TPL') }}")).isEqualTo("{{ namespace.x }}{% if true %}y{% endif %}");
        ResolvedTask t = f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y", "v", "{{ secret('TPL') }}"),
                List.of(), Map.of());
        assertThat(t.task().get("v")).isEqualTo("{{ namespace.x }}{% if true %}y{% endif %}");
    }

    @Test
    void tenantsNeverCross() {
        TenantId other = TenantId.of("other");
        f.create("a");
        f.variables("a", Map.of("v", "main-var"));
        f.secret("a", "S", "main-secret");
        f.storage.namespaces().create(other, ns("a"), dev.cascade.namespace.NamespaceProperties.EMPTY);
        assertThat(f.resolver.effectiveNamespace(other, ns("a")).variables()).isEmpty();
        assertThatThrownBy(() -> f.resolver.render(other, ns("a"), "{{ secret('S') }}", Map.of()))
                .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("tenant 'other'");
        assertThatThrownBy(() -> f.resolver.render(other, ns("a"), "{{ namespace.v }}", Map.of()))
                .isInstanceOf(TemplateRenderException.class);
        assertThat(f.render("a", "{{ secret('S') }} {{ namespace.v }}")).isEqualTo("main-secret main-var");
    }

    @Test
    void forcedFlowRuleIsRejected() {
        assertThatThrownBy(() -> f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y"),
                List.of(PluginDefault.forced("x", Map.of("a", 1))), Map.of()))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("forced");
    }

    @Test
    void flowRulesAreRevalidatedAndReReadWhenAModifiableListChangesBetweenCalls() {
        f.create("a");
        List<PluginDefault> rules = new java.util.ArrayList<>(List.of(PluginDefault.of("x", Map.of("a", 1))));
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y"), rules, Map.of()).task())
                .containsEntry("a", 1);
        rules.set(0, PluginDefault.of("x", Map.of("a", 2)));
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y"), rules, Map.of()).task())
                .containsEntry("a", 2);
        rules.set(0, PluginDefault.forced("x", Map.of("a", 3)));
        assertThatThrownBy(() -> f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y"), rules, Map.of()))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("forced");
    }

    @Test
    void oneUnmodifiableFlowRulesListServesEveryTaskTypeAndNamespaceWithItsOwnDefaults() {
        f.create("a");
        f.create("b");
        f.defaults("a", List.of(PluginDefault.of("x", Map.of("ns", "a"))));
        f.defaults("b", List.of(PluginDefault.of("x", Map.of("ns", "b"))));
        List<PluginDefault> rules = List.of(PluginDefault.of("x.Y", Map.of("k", "y")), PluginDefault.of("x.Z", Map.of("k", "z")));
        for (int round = 0; round < 2; round++) {
            assertThat(f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y"), rules, Map.of()).task())
                    .containsEntry("k", "y").containsEntry("ns", "a");
            assertThat(f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Z",
                    "sub", Map.of("type", "x.Y")), rules, Map.of()).task())
                    .containsEntry("k", "z").containsEntry("sub", Map.of("type", "x.Y", "k", "y", "ns", "a"));
            assertThat(f.resolver.resolveTask(MAIN, ns("b"), Map.of("type", "x.Y"), rules, Map.of()).task())
                    .containsEntry("k", "y").containsEntry("ns", "b");
        }
        // a change of the namespace's defaults reaches the next task of the same flow
        f.defaults("a", List.of(PluginDefault.of("x", Map.of("ns", "a2"))));
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y"), rules, Map.of()).task())
                .containsEntry("k", "y").containsEntry("ns", "a2");
    }

    @Test
    void defaultsTemplatesAreRenderedInTheFlowsNamespace() {
        f.create("a");
        f.create("a.b");
        f.defaults("a", List.of(PluginDefault.of("io.x", Map.of("who", "{{ namespace.name }}", "pw", "{{ secret('PW') }}"))));
        f.variables("a", Map.of("name", "root"));
        f.variables("a.b", Map.of("name", "child"));
        f.secret("a", "PW", "root-pw-value");
        f.secret("a.b", "PW", "child-pw-value");
        ResolvedTask t = f.resolver.resolveTask(MAIN, ns("a.b"), Map.of("type", "io.x.Task"), List.of(), Map.of());
        assertThat(t.task()).containsEntry("who", "child").containsEntry("pw", "child-pw-value");
        assertThat(t.explain().get("pw").origin()).isEqualTo(ValueOrigin.NAMESPACE);
        assertThat(t.explain().get("pw").namespace()).contains(ns("a"));
        assertThat(t.masker().mask("pw=child-pw-value")).isEqualTo("pw=******");
        assertThat(t.toString()).doesNotContain("child-pw-value");
        assertThatThrownBy(() -> t.task().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void globalDefaultsComeFirstAndMayBeForced() {
        try (ResolverFixture g = new ResolverFixture(b -> b.globalDefaults(List.of(
                PluginDefault.of("io.x", Map.of("region", "global", "size", "global")),
                PluginDefault.forced("io.x", Map.of("audit", true)))))) {
            g.create("a");
            g.defaults("a", List.of(PluginDefault.of("io.x", Map.of("region", "ns"))));
            ResolvedTask t = g.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "io.x.T", "audit", false), List.of(
                    PluginDefault.of("io.x.T", Map.of("size", "flow"))), Map.of());
            assertThat(t.task()).containsEntry("region", "ns").containsEntry("size", "flow").containsEntry("audit", true);
            assertThat(t.explain().get("size").origin()).isEqualTo(ValueOrigin.FLOW);
            assertThat(t.explain().get("audit").toString()).isEqualTo("GLOBAL (io.x, forced)");
        }
    }

    @Test
    void listMergeUnionIsAResolverOptionAppliedToEveryLevelAndTheFlow() {
        try (ResolverFixture u = new ResolverFixture(b -> b.listMerge(ListMerge.UNION).globalDefaults(List.of(
                PluginDefault.of("io.x", Map.of("tags", List.of("global"))))))) {
            u.create("a");
            u.defaults("a", List.of(PluginDefault.of("io.x.", Map.of("tags", List.of("ns", "global")))));
            ResolvedTask t = u.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "io.x.T", "tags", List.of("task")),
                    List.of(PluginDefault.of("io.x.T", Map.of("tags", List.of("flow")))), Map.of());
            assertThat(t.task()).containsEntry("tags", List.of("global", "ns", "flow", "task"));
        }
        f.create("a");
        f.defaults("a", List.of(PluginDefault.of("io.x.", Map.of("tags", List.of("ns")))));
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "io.x.T"), List.of(), Map.of()).task())
                .containsEntry("tags", List.of("ns"));
        assertThat(f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "io.x.T", "tags", List.of("task")), List.of(),
                Map.of()).task()).containsEntry("tags", List.of("task"));
    }

    @Test
    void failingTemplateNamesTheProperty() {
        f.create("a");
        assertThatThrownBy(() -> f.resolver.resolveTask(MAIN, ns("a"),
                Map.of("type", "x.Y", "nested", Map.of("list", List.of("ok", "{{ nope }}"))), List.of(), Map.of()))
                .isInstanceOf(TemplateRenderException.class)
                .hasMessageContaining("Property 'nested.list[1]'").hasMessageContaining("{{ nope }}");
    }

    @Test
    void writesInvalidateTheNamespaceAndItsSubtree() {
        f.create("a");
        f.create("a.b");
        f.create("x");
        f.variables("a", Map.of("v", "1"));
        f.variables("x", Map.of("v", "x1"));
        assertThat(f.render("a.b.c", "{{ namespace.v }}")).isEqualTo("1");
        assertThat(f.render("x", "{{ namespace.v }}")).isEqualTo("x1");
        long missesBefore = f.resolver.stats().namespaces().misses();
        f.variables("a", Map.of("v", "2")); // the storage publishes the change
        assertThat(f.render("a.b.c", "{{ namespace.v }}")).isEqualTo("2");
        assertThat(f.render("x", "{{ namespace.v }}")).isEqualTo("x1");
        // a.b.c reloaded; x stayed cached
        assertThat(f.resolver.stats().namespaces().misses()).isEqualTo(missesBefore + 1);
        f.defaults("a.b", List.of(PluginDefault.of("t", Map.of("d", "{{ namespace.v }}"))));
        assertThat(f.resolver.resolveTask(MAIN, ns("a.b.c"), Map.of("type", "t.T"), List.of(), Map.of()).task())
                .containsEntry("d", "2");
    }

    @Test
    void onChangeFromTheFacadeInvalidatesSecretsAtOnce() {
        f.create("a");
        f.secret("a", "K", "old-value");
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("old-value");
        f.secret("a", "K", "new-value"); // the probe store publishes nothing: still cached
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("old-value");
        f.resolver.onChange(ChangeEvent.secret(MAIN, ns("a"), SecretKey.of("K")));
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("new-value");
        f.secret("a", "NEW", "brand-new");
        f.resolver.onChange(ChangeEvent.secret(MAIN, ns("a"), null)); // every key of the namespace
        assertThat(f.render("a", "{{ secret('NEW') }}")).isEqualTo("brand-new");
    }

    @Test
    void eventsFromAPublishingStoreInvalidateAtOnce() {
        f.create("a");
        f.memory.subscribe(f.resolver::onChange);
        f.secret("a", "K", "v1-value");
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("v1-value");
        f.memory.put(MAIN, ns("a"), SecretKey.of("K"), SecretValue.of("v2-value"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("v2-value");
        f.memory.delete(MAIN, ns("a"), SecretKey.of("K"), SecretStore.ANY_VERSION);
        assertThatThrownBy(() -> f.render("a", "{{ secret('K') }}")).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void namespaceMaySelectItsSecretStore() {
        dev.cascade.backend.InMemorySecretStore vault = new dev.cascade.backend.InMemorySecretStore();
        try (ResolverFixture two = new ResolverFixture(b -> b.secretStores(new dev.cascade.secret.SecretStores("memory",
                Map.of("memory", new dev.cascade.backend.InMemorySecretStore(), "vault", vault))))) {
            two.storage.namespaces().create(MAIN, ns("v"), dev.cascade.namespace.NamespaceProperties.EMPTY.withSecretStore("vault"));
            vault.put(MAIN, ns("v"), SecretKey.of("K"), SecretValue.of("from-vault"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            assertThat(two.render("v", "{{ secret('K') }}")).isEqualTo("from-vault");
            assertThat(two.resolver.effectiveNamespace(MAIN, ns("v")).secretStore()).contains("vault");
        }
    }

    @Test
    void statsCountHitsMissesAndTemplates() {
        f.create("a");
        f.secret("a", "K", "some-value");
        for (int i = 0; i < 3; i++) {
            f.render("a", "{{ secret('K') }}-{{ 1 + 1 }}");
        }
        ResolverStats s = f.resolver.stats();
        assertThat(s.namespaces().misses()).isEqualTo(1);
        assertThat(s.namespaces().hits()).isEqualTo(2);
        assertThat(s.secrets().misses()).isEqualTo(1);
        assertThat(s.secrets().hits()).isEqualTo(2);
        assertThat(s.templates().misses()).isEqualTo(1);
        assertThat(s.templates().hits()).isEqualTo(2);
    }

    @Test
    void resolvedTaskPreservesTaskOrderAndNonStringValues() {
        f.create("a");
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", "t");
        task.put("type", "x.Y");
        task.put("count", 3);
        task.put("flag", true);
        task.put("nothing", null);
        ResolvedTask t = f.resolver.resolveTask(MAIN, ns("a"), task, null, null);
        assertThat(t.task()).containsExactly(Map.entry("id", "t"), Map.entry("type", "x.Y"), Map.entry("count", 3),
                Map.entry("flag", true));
    }

    @Test
    void literalStringsComeBackAsTheSameInstance() {
        f.create("a");
        String literal = new String("plain value without templates");
        ResolvedTask t = f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y", "k", literal,
                "list", List.of(literal)), List.of(), Map.of());
        assertThat(t.task().get("k")).isSameAs(literal);
        assertThat(((List<?>) t.task().get("list")).get(0)).isSameAs(literal);
        RenderResult r = f.resolver.render(MAIN, ns("a"), literal, Map.of());
        assertThat(r.output()).isSameAs(literal);
        assertThat(r.masker()).isSameAs(dev.cascade.secret.SecretMasker.EMPTY);
    }

    @Test
    void explainCoversEveryResultingPathInTreeOrder() {
        f.create("a");
        f.defaults("a", List.of(PluginDefault.of("x", Map.of("d", 1, "opts", Map.of("p", 1)))));
        ResolvedTask t = f.resolver.resolveTask(MAIN, ns("a"), Map.of("type", "x.Y", "opts", Map.of("q", 2)),
                List.of(PluginDefault.of("x.Y", Map.of("f", "flow"))), Map.of());
        assertThat(t.explain().keySet()).containsExactlyInAnyOrder("type", "opts.q", "opts.p", "d", "f");
        assertThat(t.explain().get("f").origin()).isEqualTo(ValueOrigin.FLOW);
        assertThat(t.explain().get("opts.p").namespace()).contains(ns("a"));
        assertThat(t.explain().get("opts.q").origin()).isEqualTo(ValueOrigin.TASK);
    }
}
