package dev.cascade.management;

import dev.cascade.AccessDeniedException;
import dev.cascade.Cascade;
import dev.cascade.InvalidDocumentException;
import dev.cascade.access.Actor;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.audit.AuditEvent;
import dev.cascade.audit.DiffEntry;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.management.NamespacePlan.Action;
import dev.cascade.management.NamespacePlan.SecretAction;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.yaml.NamespaceDocument;
import dev.cascade.yaml.NamespaceDocuments;
import dev.cascade.yaml.NamespaceSource;
import dev.cascade.yaml.SecretReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plan and apply of namespaces as code, through the facade. */
class NamespacePlanTest {
    static final String TOKEN = "ghp_PlanTestSecretValue_123456";
    final TenantId tenant = TenantId.DEFAULT;
    final NamespaceId company = NamespaceId.of("company");
    final NamespaceId marketing = NamespaceId.of("company.marketing");
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    Cascade cascade;
    ManagementSession root;

    @BeforeEach
    void setUp() {
        cascade = Cascade.builder().storage(new InMemoryStorage()).roleBasedAccessControl().auditSink(audit::add).build();
        cascade.management().bootstrapAdmin(tenant, Subject.user("root"));
        root = cascade.management().session(tenant, Actor.user("root"));
    }

    @AfterEach
    void tearDown() {
        cascade.close();
    }

    private DesiredNamespace marketing(Map<String, Object> vars, String token) {
        NamespaceDocument doc = new NamespaceDocument(marketing, "Marketing", List.of(), Optional.empty(), vars,
                List.of(PluginDefault.of("io.kestra.plugin.git", Map.of("password", "{{ secret('GITHUB_TOKEN') }}"))));
        Map<SecretKey, DesiredNamespace.Secret> secrets = new LinkedHashMap<>();
        secrets.put(SecretKey.of("GITHUB_TOKEN"), new DesiredNamespace.Secret(SecretValue.of(token),
                SecretAttributes.of("GitHub")));
        return new DesiredNamespace(doc, secrets, "marketing.yml");
    }

    private DesiredNamespace company() {
        return new DesiredNamespace(new NamespaceDocument(company, "", List.of(), Optional.empty(),
                Map.of("region", "eu"), List.of()), Map.of(), "company.yml");
    }

    @Test
    void planOnAnEmptyStoreShowsEverythingApplyMakesItAndASecondPlanIsEmpty() {
        List<DesiredNamespace> desired = List.of(marketing(Map.of("github", Map.of("org", "acme")), TOKEN), company());
        NamespacePlan plan = root.plan(desired, false);
        assertThat(plan.changes()).extracting(NamespacePlan.Change::id).containsExactly(company, marketing);
        assertThat(plan.changes()).allMatch(c -> c.action() == Action.CREATE);
        NamespacePlan.Change m = plan.changes().get(1);
        assertThat(m.variables()).containsExactly(new DiffEntry("github", DiffEntry.Change.ADDED, null,
                "{\"org\":\"acme\"}"));
        assertThat(m.secrets()).containsExactly(new NamespacePlan.SecretChange(SecretKey.of("GITHUB_TOKEN"),
                SecretAction.ADD, true, 0));
        assertThat(plan.toString()).doesNotContain(TOKEN);
        assertThat(root.listNamespaces()).isEmpty(); // planning writes nothing

        ApplyResult result = root.apply(plan);
        assertThat(result.succeeded()).isTrue();
        assertThat(cascade.resolver().render(tenant, marketing, "{{ secret('GITHUB_TOKEN') }}|{{ namespace.region }}",
                Map.of()).output()).isEqualTo(TOKEN + "|eu");
        assertThat(audit).noneMatch(e -> e.toString().contains(TOKEN));

        assertThat(root.plan(desired, false).isEmpty()).isTrue();
    }

    @Test
    void oneEditedVariableIsExactlyOnePath() {
        root.apply(root.plan(List.of(marketing(Map.of("a", 1, "b", Map.of("c", "x")), TOKEN)), false));
        NamespacePlan plan = root.plan(List.of(marketing(Map.of("a", 1, "b", Map.of("c", "y")), TOKEN)), false);
        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.variables()).containsExactly(new DiffEntry("b.c", DiffEntry.Change.CHANGED, "\"x\"", "\"y\""));
            assertThat(c.properties()).isEmpty();
            assertThat(c.pluginDefaults()).isEmpty();
            assertThat(c.secrets()).isEmpty();
        });
    }

    @Test
    void aChangedSecretValueIsSeenWithoutBeingShown() {
        root.apply(root.plan(List.of(marketing(Map.of(), TOKEN)), false));
        NamespacePlan plan = root.plan(List.of(marketing(Map.of(), "ghp_another_value_9876543210")), false);
        assertThat(plan.changes().get(0).secrets()).containsExactly(new NamespacePlan.SecretChange(
                SecretKey.of("GITHUB_TOKEN"), SecretAction.UPDATE, true, 1));
        assertThat(plan.toString()).doesNotContain("ghp_another_value").doesNotContain(TOKEN);
        assertThat(root.apply(plan).succeeded()).isTrue();
        assertThat(cascade.resolver().render(tenant, marketing, "{{ secret('GITHUB_TOKEN') }}", Map.of()).output())
                .isEqualTo("ghp_another_value_9876543210");
    }

    @Test
    void aConcurrentWriteBetweenPlanAndApplyIsAConflictAndNothingOfThatNamespaceIsWritten() {
        root.apply(root.plan(List.of(marketing(Map.of("a", 1), TOKEN), company()), false));
        DesiredNamespace edited = new DesiredNamespace(new NamespaceDocument(marketing, "Marketing v2", List.of(),
                Optional.empty(), Map.of("a", 2), List.of()), Map.of(), "marketing.yml");
        DesiredNamespace companyEdited = new DesiredNamespace(new NamespaceDocument(company, "edited", List.of(),
                Optional.empty(), Map.of("region", "eu"), List.of()), Map.of(), "company.yml");
        NamespacePlan plan = root.plan(List.of(edited, companyEdited), false);
        // someone else writes the variables after the plan was shown
        root.putVariables(marketing, Map.of("a", 99), 1);
        int auditBefore = audit.size();

        ApplyResult result = root.apply(plan);
        assertThat(result.succeeded()).isFalse();
        ApplyResult.Outcome m = result.outcomes().stream().filter(o -> o.id().equals(marketing)).findFirst().orElseThrow();
        assertThat(m.status()).isEqualTo(ApplyResult.Status.CONFLICT);
        assertThat(m.done()).isEmpty();
        assertThat(m.message()).contains("variables changed since the plan");
        // nothing of marketing was written: neither its description nor its variables or plugin defaults
        assertThat(root.getNamespace(marketing).orElseThrow().description()).isEqualTo("Marketing");
        assertThat(root.getVariables(marketing).orElseThrow().value()).isEqualTo(Map.of("a", 99));
        assertThat(root.getPluginDefaults(marketing).orElseThrow().value()).hasSize(1);
        // the other namespace was applied
        assertThat(result.outcomes()).filteredOn(o -> o.id().equals(company)).singleElement()
                .extracting(ApplyResult.Outcome::status).isEqualTo(ApplyResult.Status.APPLIED);
        assertThat(audit.subList(auditBefore, audit.size())).allMatch(e -> e.namespace().equals(company));
    }

    @Test
    void pruneDeletesWhatIsNoLongerDeclaredAndSaysSoInThePlan() {
        root.apply(root.plan(List.of(marketing(Map.of(), TOKEN), company()), false));
        root.putSecret(marketing, SecretKey.of("OLD_KEY"), SecretValue.of("old-value-123456"), SecretAttributes.NONE,
                dev.cascade.spi.SecretStore.MUST_NOT_EXIST);
        NamespacePlan keep = root.plan(List.of(marketing(Map.of(), TOKEN)), false);
        assertThat(keep.isEmpty()).isTrue(); // without prune, undeclared things stay

        NamespacePlan plan = root.plan(List.of(marketing(Map.of(), TOKEN)), true);
        assertThat(plan.changes()).extracting(NamespacePlan.Change::id, NamespacePlan.Change::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(marketing, Action.UPDATE),
                        org.assertj.core.groups.Tuple.tuple(company, Action.DELETE));
        assertThat(plan.changes().get(0).secrets()).extracting(NamespacePlan.SecretChange::key,
                NamespacePlan.SecretChange::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SecretKey.of("OLD_KEY"), SecretAction.DELETE));
        ApplyResult applied = root.apply(plan);
        assertThat(applied.succeeded()).as(applied.toString()).isTrue();
        assertThat(root.getNamespace(company)).isEmpty();
        assertThat(root.listSecrets(marketing)).extracting(m -> m.key().value()).containsExactly("GITHUB_TOKEN");
        assertThat(root.plan(List.of(marketing(Map.of(), TOKEN)), true).isEmpty()).isTrue();
    }

    @Test
    void comparingSecretValuesNeedsTheRightToWriteThem() {
        root.apply(root.plan(List.of(marketing(Map.of(), TOKEN)), false));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.user("vic"), "viewer", marketing));
        ManagementSession viewer = cascade.management().session(tenant, Actor.user("vic"));
        assertThatThrownBy(() -> viewer.plan(List.of(marketing(Map.of(), "a-guess-at-the-token")), false))
                .isInstanceOf(AccessDeniedException.class);
        // a viewer may still plan what holds no secrets
        assertThat(viewer.plan(List.of(new DesiredNamespace(new NamespaceDocument(marketing, "Marketing", List.of(),
                Optional.empty(), Map.of(), List.of()), Map.of(), "m.yml")), false).changes()).hasSize(1);
    }

    @Test
    void aNamespaceDeclaredTwiceIsRefused() {
        assertThatThrownBy(() -> root.plan(List.of(company(), new DesiredNamespace(company().document(), Map.of(),
                "other.yml")), false)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("company.yml").hasMessageContaining("other.yml");
    }

    @Test
    void namespaceFilesReferenceSecretsAndFilesButNeverHoldValues() {
        NamespaceDocuments docs = new NamespaceDocuments();
        NamespaceSource source = docs.readNamespaceSource("""
                id: company.marketing
                description: Namespace for the marketing team
                variablesFile: variables_marketing.yml
                pluginDefaultsFile: task_defaults_marketing.yml
                secrets:
                  GITHUB_TOKEN: {fromEnv: GITHUB_TOKEN, description: GitHub bot}
                  AWS_KEY:
                    fromFile: secrets/aws.txt
                """, "marketing.yml");
        assertThat(source.document().id()).isEqualTo(marketing);
        assertThat(source.variablesFile()).contains("variables_marketing.yml");
        assertThat(source.pluginDefaultsFile()).contains("task_defaults_marketing.yml");
        assertThat(source.secrets()).containsExactly(
                Map.entry(SecretKey.of("GITHUB_TOKEN"), new SecretReference(SecretReference.Kind.ENV, "GITHUB_TOKEN",
                        "GitHub bot")),
                Map.entry(SecretKey.of("AWS_KEY"), new SecretReference(SecretReference.Kind.FILE, "secrets/aws.txt", "")));

        assertThatThrownBy(() -> docs.readNamespaceSource("""
                id: company.marketing
                secrets:
                  GITHUB_TOKEN: ghp_committed_by_mistake_123
                """, "marketing.yml"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("marketing.yml").hasMessageContaining("line 3")
                .hasMessageContaining("fromEnv").hasMessageNotContaining("ghp_committed");
        assertThatThrownBy(() -> docs.readNamespaceSource("""
                id: company.marketing
                variables: {a: 1}
                variablesFile: v.yml
                """, "m.yml")).isInstanceOf(InvalidDocumentException.class).hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> docs.readNamespaceSource("""
                id: company.marketing
                secrets:
                  K: {fromEnv: A, fromFile: b}
                """, "m.yml")).isInstanceOf(InvalidDocumentException.class).hasMessageContaining("exactly one");
        // the plain document format is unchanged: secrets are not part of it
        assertThatThrownBy(() -> docs.readNamespace("id: a\nsecrets: {}\n")).isInstanceOf(InvalidDocumentException.class);
        NamespaceProperties.ofDescription("unused");
    }
}
