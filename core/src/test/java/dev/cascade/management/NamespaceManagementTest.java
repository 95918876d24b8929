package dev.cascade.management;

import dev.cascade.AccessDeniedException;
import dev.cascade.Cascade;
import dev.cascade.ConflictException;
import dev.cascade.InvalidDocumentException;
import dev.cascade.LogCapture;
import dev.cascade.NotFoundException;
import dev.cascade.ConfigurationException;
import dev.cascade.access.Action;
import dev.cascade.access.Actor;
import dev.cascade.access.Permission;
import dev.cascade.audit.AuditEvent;
import dev.cascade.audit.DiffEntry;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.NamespaceSummary;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.SecretStore;
import dev.cascade.yaml.NamespaceDocument;
import dev.cascade.yaml.NamespaceDocuments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamespaceManagementTest {
    static final String SECRET_VALUE = "ghp_SuperSecretValue_0123456789";

    final TenantId tenant = TenantId.DEFAULT;
    final NamespaceId marketing = NamespaceId.of("company.marketing");
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final List<ChangeEvent> invalidations = new CopyOnWriteArrayList<>();
    InMemoryStorage storage;
    InMemorySecretStore secrets;
    NamespaceManagement management;
    ManagementSession alice;
    final dev.cascade.audit.Slf4jAuditSink logSink = new dev.cascade.audit.Slf4jAuditSink();

    @BeforeEach
    void setUp() {
        storage = new InMemoryStorage();
        secrets = new InMemorySecretStore();
        management = new NamespaceManagement(storage, dev.cascade.secret.SecretStores.single(secrets),
                dev.cascade.access.AccessPolicy.allowAll(), e -> {
                    audit.add(e);
                    logSink.record(e);
                }, java.time.Clock.systemUTC(), invalidations::add);
        alice = management.session(tenant, Actor.user("alice"));
    }

    @Test
    void seedListingShowsPlaceholdersAndExisting() {
        alice.createNamespace(marketing, NamespaceProperties.ofDescription("Namespace for the marketing team"));
        management.reportUsed(tenant, List.of(marketing, NamespaceId.of("io.kestra.tests")));
        List<NamespaceSummary> rows = alice.listNamespaces();
        assertThat(rows).extracting(r -> r.id().value() + "=" + r.status()).containsExactly(
                "company=PLACEHOLDER", "company.marketing=EXISTING", "io=PLACEHOLDER", "io.kestra=PLACEHOLDER",
                "io.kestra.tests=PLACEHOLDER");
        // creating a placeholder turns it into an existing namespace
        alice.createNamespace(NamespaceId.of("company"), NamespaceProperties.EMPTY);
        assertThat(alice.namespaceStatus(NamespaceId.of("company"))).map(NamespaceSummary::status).contains(NamespaceStatus.EXISTING);
        assertThat(alice.namespaceStatus(NamespaceId.of("io.kestra"))).map(NamespaceSummary::status).contains(NamespaceStatus.PLACEHOLDER);
        assertThat(alice.namespaceStatus(NamespaceId.of("never.heard"))).isEmpty();
        // tenants do not see each other
        assertThat(management.session(TenantId.of("other"), Actor.user("bob")).listNamespaces()).isEmpty();
    }

    @Test
    void createUpdateWithVersionsAndAudit() {
        Namespace v1 = alice.createNamespace(marketing, NamespaceProperties.ofDescription("first"));
        assertThatThrownBy(() -> alice.createNamespace(marketing, NamespaceProperties.ofDescription("again")))
                .isInstanceOf(ConflictException.class);
        Namespace v2 = alice.updateNamespace(marketing, v1.properties().withDescription("second")
                .withAllowedNamespaces(List.of(AllowedNamespace.parse("team.*"))), v1.version());
        assertThat(v2.version()).isEqualTo(2);
        assertThatThrownBy(() -> alice.updateNamespace(marketing, NamespaceProperties.ofDescription("stale"), v1.version()))
                .isInstanceOf(ConflictException.class);
        assertThat(alice.getNamespace(marketing).orElseThrow().description()).isEqualTo("second");

        assertThat(audit).extracting(AuditEvent::action).containsExactly(Action.CREATE, Action.UPDATE);
        AuditEvent update = audit.get(1);
        assertThat(update.actor()).isEqualTo("alice");
        assertThat(update.versionBefore()).isEqualTo(1);
        assertThat(update.versionAfter()).isEqualTo(2);
        assertThat(update.diff()).extracting(DiffEntry::path).contains("description", "allowedNamespaces[0]");
        assertThat(invalidations).extracting(ChangeEvent::kind).containsOnly(ChangeEvent.Kind.NAMESPACE);
    }

    @Test
    void variablesAndDefaultsAreVersionedAndDiffed() {
        alice.createNamespace(marketing, NamespaceProperties.EMPTY);
        var v1 = alice.putVariables(marketing, Map.of("github", Map.of("token", "{{ secret('GITHUB_TOKEN') }}")), 0);
        var v2 = alice.putVariables(marketing, Map.of("github", Map.of("token", "{{ secret('OTHER') }}"), "x", 1), v1.version());
        assertThatThrownBy(() -> alice.putVariables(marketing, Map.of(), v1.version())).isInstanceOf(ConflictException.class);
        assertThat(alice.getVariables(marketing).orElseThrow().version()).isEqualTo(v2.version());
        AuditEvent last = audit.get(audit.size() - 1);
        assertThat(last.resource()).isEqualTo(AuditEvent.Resource.VARIABLES);
        assertThat(last.diff()).extracting(d -> d.path() + ":" + d.change())
                .containsExactly("github.token:CHANGED", "x:ADDED");

        alice.putPluginDefaults(marketing, List.of(PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "us-east-1"))), 0);
        assertThat(alice.getPluginDefaults(marketing).orElseThrow().value()).hasSize(1);
        assertThat(invalidations).extracting(ChangeEvent::kind)
                .contains(ChangeEvent.Kind.VARIABLES, ChangeEvent.Kind.PLUGIN_DEFAULTS);
        assertThatThrownBy(() -> alice.putVariables(NamespaceId.of("missing"), Map.of("a", 1), 0))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void badInputChangesNothing() {
        alice.createNamespace(marketing, NamespaceProperties.EMPTY);
        Map<String, Object> bad = Map.of("when", new java.util.Date());
        assertThatThrownBy(() -> alice.putVariables(marketing, bad, 0)).isInstanceOf(InvalidDocumentException.class);
        assertThat(alice.getVariables(marketing)).isEmpty();
        assertThatThrownBy(() -> PluginDefault.of(" ", Map.of())).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> alice.createNamespace(NamespaceId.of("bound"), NamespaceProperties.EMPTY.withSecretStore("nope")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'nope'");
        assertThat(alice.getNamespace(NamespaceId.of("bound"))).isEmpty();
        assertThat(audit).hasSize(1);
    }

    @Test
    void secretsAreWriteOnlyAndNeverLeak() {
        try (LogCapture logs = new LogCapture()) {
            alice.createNamespace(marketing, NamespaceProperties.EMPTY);
            SecretMetadata m = alice.putSecret(marketing, SecretKey.of("GITHUB_TOKEN"), SecretValue.of(SECRET_VALUE),
                    new SecretAttributes("GitHub token", Map.of("owner", "marketing")), SecretStore.MUST_NOT_EXIST);
            assertThat(m.version()).isEqualTo(1);
            assertThatThrownBy(() -> alice.putSecret(marketing, SecretKey.of("GITHUB_TOKEN"), SecretValue.of(SECRET_VALUE + "x"),
                    SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST))
                    .isInstanceOf(ConflictException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET_VALUE));
            alice.putSecret(marketing, SecretKey.of("GITHUB_TOKEN"), SecretValue.of(SECRET_VALUE), SecretAttributes.of("same value"), 1);
            alice.putSecret(marketing, SecretKey.of("GITHUB_TOKEN"), SecretValue.of(SECRET_VALUE + "-rotated"), SecretAttributes.of("rotated"), 2);

            List<SecretMetadata> listed = alice.listSecrets(marketing);
            assertThat(listed).extracting(s -> s.key().value()).containsExactly("GITHUB_TOKEN");
            assertThat(listed.get(0).description()).isEqualTo("rotated");
            assertThat(listed.toString()).doesNotContain(SECRET_VALUE);

            List<AuditEvent> secretEvents = audit.stream().filter(e -> e.resource() == AuditEvent.Resource.SECRET).toList();
            assertThat(secretEvents).extracting(AuditEvent::valueChanged).containsExactly(true, false, true);
            assertThat(secretEvents).extracting(AuditEvent::action).containsExactly(Action.CREATE, Action.UPDATE, Action.UPDATE);
            assertThat(audit.toString()).doesNotContain(SECRET_VALUE);
            assertThat(invalidations).contains(ChangeEvent.secret(tenant, marketing, SecretKey.of("GITHUB_TOKEN")));

            assertThatThrownBy(() -> alice.putSecret(NamespaceId.of("not.created"), SecretKey.of("K"), SecretValue.of(SECRET_VALUE),
                    SecretAttributes.NONE, SecretStore.ANY_VERSION)).isInstanceOf(NotFoundException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET_VALUE));
            assertThat(alice.deleteSecret(marketing, SecretKey.of("GITHUB_TOKEN"), SecretStore.ANY_VERSION)).isTrue();
            assertThat(alice.listSecrets(marketing)).isEmpty();
            assertThat(logs.all()).doesNotContain(SECRET_VALUE);
            // the SLF4J audit sink logged every secret write, naming the key and never the value
            assertThat(logs.lines()).filteredOn(l -> l.contains("resource=SECRET key=GITHUB_TOKEN")).hasSize(4);
        }
    }

    @Test
    void deletingNonEmptyNamespaceNeedsForce() {
        alice.createNamespace(marketing, NamespaceProperties.EMPTY);
        Namespace child = alice.createNamespace(NamespaceId.of("company.marketing.emea"), NamespaceProperties.EMPTY);
        alice.putVariables(marketing, Map.of("a", 1), 0);
        alice.putSecret(marketing, SecretKey.of("K"), SecretValue.of(SECRET_VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThatThrownBy(() -> alice.deleteNamespace(marketing, 1, false))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("1 secret(s)").hasMessageContaining("1 existing child namespace(s)").hasMessageContaining("force");
        assertThat(alice.getNamespace(marketing)).isPresent();
        assertThat(alice.listSecrets(marketing)).hasSize(1);
        assertThatThrownBy(() -> alice.deleteNamespace(marketing, 7, true)).isInstanceOf(ConflictException.class);
        assertThat(alice.listSecrets(marketing)).hasSize(1);

        alice.deleteNamespace(marketing, 1, true);
        assertThat(alice.getNamespace(marketing)).isEmpty();
        assertThat(secrets.list(tenant, marketing)).isEmpty();
        assertThat(storage.variables().get(tenant, marketing)).isEmpty();
        assertThat(alice.getNamespace(child.id())).isPresent();
        // the deleted namespace is still an ancestor of an existing one: listed as placeholder
        assertThat(alice.namespaceStatus(marketing)).map(NamespaceSummary::status).contains(NamespaceStatus.PLACEHOLDER);
        alice.deleteNamespace(child.id(), child.version(), false);
    }

    @Test
    void accessPolicyIsAskedAndDenialsAudited() {
        List<String> asked = new ArrayList<>();
        NamespaceManagement guarded = new NamespaceManagement(storage, dev.cascade.secret.SecretStores.single(secrets),
                (actor, t, ns, permission, action) -> {
                    asked.add(actor.user() + ":" + permission + ":" + action + ":" + ns);
                    return !(permission == Permission.SECRET && action != Action.READ) || actor.groups().contains("secret-admins");
                }, audit::add, java.time.Clock.systemUTC(), null);
        ManagementSession bob = guarded.session(tenant, Actor.user("bob"));
        bob.createNamespace(marketing, NamespaceProperties.EMPTY);
        assertThatThrownBy(() -> bob.putSecret(marketing, SecretKey.of("K"), SecretValue.of(SECRET_VALUE), SecretAttributes.NONE,
                SecretStore.ANY_VERSION))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("'bob'").hasMessageContaining("CREATE").hasMessageContaining("SECRET")
                .hasMessageContaining("company.marketing").hasMessageContaining("'main'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET_VALUE));
        assertThat(secrets.list(tenant, marketing)).isEmpty();
        AuditEvent denial = audit.get(audit.size() - 1);
        assertThat(denial.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
        assertThat(denial.actor()).isEqualTo("bob");
        ManagementSession admin = guarded.session(tenant, Actor.user("carol", "secret-admins"));
        admin.putSecret(marketing, SecretKey.of("K"), SecretValue.of(SECRET_VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThat(asked).contains("bob:NAMESPACE:CREATE:company.marketing", "carol:SECRET:CREATE:company.marketing");
    }

    @Test
    void documentsApplyAndExport() {
        NamespaceDocuments docs = new NamespaceDocuments();
        NamespaceDocument doc = docs.readNamespace("""
                id: company.marketing
                description: Namespace for the marketing team
                allowedNamespaces: [company.sales]
                variables:
                  github:
                    token: "{{ secret('GITHUB_TOKEN') }}"
                pluginDefaults:
                  - type: io.kestra.plugin.aws
                    values:
                      region: us-east-1
                """);
        alice.applyDocument(doc);
        assertThat(alice.exportDocument(marketing)).isEqualTo(doc);
        int events = audit.size();
        alice.applyDocument(doc); // idempotent: nothing rewritten
        assertThat(audit).hasSize(events);
        assertThat(docs.readNamespace(docs.write(alice.exportDocument(marketing)))).isEqualTo(doc);
    }

    @Test
    void cascadeBuilderWiresDefaultsAndProviders() {
        try (Cascade cascade = Cascade.builder().storage("memory", Map.of()).secretStore("env", "env", Map.of()).build()) {
            assertThat(cascade.storage().name()).isEqualTo("memory");
            assertThat(cascade.secretStores().defaultName()).isEqualTo("env");
            assertThat(cascade.secretStores().defaultStore().isReadOnly()).isTrue();
        }
        assertThatThrownBy(() -> Cascade.builder().storage("nosuch", Map.of()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No StorageProvider named 'nosuch'").hasMessageContaining("memory (");
        assertThatThrownBy(() -> Cascade.builder().secretStore("s", "env", Map.of("encoding", "rot13", "bogus", "1")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("encoding was 'rot13'").hasMessageContaining("bogus was '1'");
        assertThatThrownBy(() -> Cascade.builder().secretStore(new InMemorySecretStore()).secretStore(new InMemorySecretStore()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("twice");
        try (Cascade plain = Cascade.builder().build()) {
            assertThat(plain.secretStores().defaultName()).isEqualTo("memory");
            assertThat(plain.toString()).contains("memory");
            Optional<Namespace> none = plain.management().session(tenant, Actor.SYSTEM).getNamespace(marketing);
            assertThat(none).isEmpty();
        }
    }

    @Test
    void storeFailuresReachCallersAsBackendExceptionsWithoutTheirMessages() {
        SecretStore throwing = new SecretStore() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public Optional<SecretValue> get(TenantId t, NamespaceId n, SecretKey k) {
                throw new IllegalStateException("driver said: " + SECRET_VALUE);
            }

            @Override
            public List<SecretMetadata> list(TenantId t, NamespaceId n) {
                throw new IllegalStateException("driver said: " + SECRET_VALUE);
            }

            @Override
            public SecretMetadata put(TenantId t, NamespaceId n, SecretKey k, SecretValue v, SecretAttributes a, long ev) {
                throw new IllegalStateException("driver said: " + SECRET_VALUE);
            }

            @Override
            public boolean delete(TenantId t, NamespaceId n, SecretKey k, long ev) {
                throw new IllegalStateException("driver said: " + SECRET_VALUE);
            }
        };
        NamespaceManagement flaky = new NamespaceManagement(storage, dev.cascade.secret.SecretStores.single(throwing),
                dev.cascade.access.AccessPolicy.allowAll(), audit::add, java.time.Clock.systemUTC(), null);
        ManagementSession s = flaky.session(tenant, Actor.user("alice"));
        s.createNamespace(marketing, NamespaceProperties.EMPTY);
        assertThatThrownBy(() -> s.listSecrets(marketing))
                .isInstanceOf(dev.cascade.BackendException.class)
                .hasMessageContaining("'flaky'").hasMessageContaining("list").hasMessageContaining("company.marketing")
                .hasMessageContaining("IllegalStateException")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(SECRET_VALUE);
                    assertThat(e.getCause()).isNull();
                });
        assertThatThrownBy(() -> s.putSecret(marketing, SecretKey.of("K"), SecretValue.of("v-value"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION)).isInstanceOf(dev.cascade.BackendException.class).hasMessageContaining("key 'K'");
    }

    @Test
    void aFailingAuditSinkIsReportedAsABackendFailureAfterTheChange() {
        try (Cascade cascade = Cascade.builder().roleBasedAccessControl().auditSink(e -> {
            throw new IllegalStateException("audit database down");
        }).build()) {
            failingAuditSink(cascade);
        }
    }

    private void failingAuditSink(Cascade cascade) {
        ManagementSession root = cascade.management().session(tenant, Actor.user("root"));
        cascade.storage().accessControl().orElseThrow().addBinding(
                dev.cascade.access.RoleBinding.tenantWide(tenant, dev.cascade.access.Subject.user("root"), "admin"));
        assertThatThrownBy(() -> root.addGroupMember("devs", "ann"))
                .isInstanceOf(dev.cascade.BackendException.class).hasMessageContaining("audit");
        assertThat(cascade.storage().accessControl().orElseThrow().groupsOf(tenant, "ann")).containsExactly("devs");
        assertThatThrownBy(() -> root.createNamespace(marketing, NamespaceProperties.EMPTY))
                .isInstanceOf(dev.cascade.BackendException.class).hasMessageContaining("company.marketing");
        assertThat(root.getNamespace(marketing)).isPresent();
    }
}
