package dev.cascade.access;

import dev.cascade.AccessDeniedException;
import dev.cascade.Cascade;
import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.audit.AuditEvent;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.NamespaceSummary;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade enforces the role-based policy on every call: the two-teams set-up from the README. */
class AccessControlEnforcementTest {
    final TenantId tenant = TenantId.of("acme");
    final NamespaceId marketing = NamespaceId.of("company.marketing");
    final NamespaceId sales = NamespaceId.of("company.sales");
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    Cascade cascade;
    ManagementSession root;

    @AfterEach
    void closeCascade() {
        cascade.close();
    }

    @BeforeEach
    void setUp() {
        cascade = Cascade.builder().roleBasedAccessControl().auditSink(audit::add).build();
        cascade.management().bootstrapAdmin(tenant, Subject.user("root"));
        root = cascade.management().session(tenant, Actor.user("root"));
        root.createNamespace(marketing, NamespaceProperties.ofDescription("marketing"));
        root.createNamespace(sales, NamespaceProperties.ofDescription("sales"));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.group("marketing-team"), "editor", marketing));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.group("sales-team"), "editor", sales));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.user("mia"), "admin", marketing));
        root.addBinding(RoleBinding.tenantWide(tenant, Subject.user("vic"), "viewer"));
        root.addGroupMember("marketing-team", "mark");
        root.addGroupMember("sales-team", "sam");
    }

    private ManagementSession as(String user) {
        return cascade.management().session(tenant, Actor.user(user));
    }

    @Test
    void eachTeamWorksInItsOwnSubtreeOnly() {
        ManagementSession mark = as("mark");
        mark.putVariables(marketing, Map.of("region", "eu"), 0);
        mark.createNamespace(marketing.child("emea"), NamespaceProperties.EMPTY);
        mark.putSecret(marketing, SecretKey.of("GITHUB_TOKEN"), SecretValue.of("mark-secret-value"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        assertThatThrownBy(() -> mark.putVariables(sales, Map.of("x", 1), 0))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("'mark'").hasMessageContaining("UPDATE NAMESPACE")
                .hasMessageContaining("company.sales").hasMessageContaining("'acme'");
        assertThatThrownBy(() -> mark.deleteNamespace(marketing.child("emea"), 1, false)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> mark.createNamespace(NamespaceId.of("company"), NamespaceProperties.EMPTY))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(mark.listNamespaces()).extracting(NamespaceSummary::id)
                .containsExactly(marketing, marketing.child("emea"));
        assertThat(as("sam").listNamespaces()).extracting(NamespaceSummary::id).containsExactly(sales);
        assertThat(as("nobody").listNamespaces()).isEmpty();
        assertThatThrownBy(() -> as("nobody").getNamespace(marketing)).isInstanceOf(AccessDeniedException.class);
        // the namespace admin may delete in its subtree, the editor may not
        as("mia").deleteNamespace(marketing.child("emea"), 1, false);
    }

    @Test
    void denialsAreAuditedAndChangeNothing() {
        int before = audit.size();
        assertThatThrownBy(() -> as("sam").putSecret(marketing, SecretKey.of("K"), SecretValue.of("sam-secret-value"),
                SecretAttributes.NONE, SecretStore.ANY_VERSION)).isInstanceOf(AccessDeniedException.class);
        assertThat(root.listSecrets(marketing)).isEmpty();
        List<AuditEvent> denied = audit.subList(before, audit.size());
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
        assertThat(denied.get(0).actor()).isEqualTo("sam");
        assertThat(denied.get(0).namespace()).isEqualTo(marketing);
        assertThat(audit.toString()).doesNotContain("sam-secret-value");
    }

    @Test
    void viewerReadsMetadataButNoRoleEverGetsAValue() throws Exception {
        root.putSecret(marketing, SecretKey.of("DB"), SecretValue.of("the-db-password"), SecretAttributes.of("db"),
                SecretStore.ANY_VERSION);
        ManagementSession vic = as("vic");
        assertThat(vic.listSecrets(marketing)).extracting(m -> m.key().value()).containsExactly("DB");
        assertThat(vic.listSecrets(marketing).toString()).doesNotContain("the-db-password");
        assertThatThrownBy(() -> vic.putSecret(marketing, SecretKey.of("DB"), SecretValue.of("x-value"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION)).isInstanceOf(AccessDeniedException.class);
        // write-only by construction: no management call returns a secret value, whatever the role
        for (Method method : ManagementSession.class.getMethods()) {
            assertThat(mentionsSecretValue(method.getGenericReturnType())).as(method.toString()).isFalse();
        }
    }

    private static boolean mentionsSecretValue(Type type) {
        if (type == SecretValue.class) {
            return true;
        }
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                if (mentionsSecretValue(arg)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void secretsWriterManagesSecretsOnly() {
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.user("sue"), "secrets-writer", marketing));
        ManagementSession sue = as("sue");
        sue.putSecret(marketing, SecretKey.of("K"), SecretValue.of("sue-value-1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        sue.deleteSecret(marketing, SecretKey.of("K"), SecretStore.ANY_VERSION);
        assertThatThrownBy(() -> sue.putVariables(marketing, Map.of("a", 1), 0)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void roleAndBindingAdministrationIsItselfGuarded() {
        ManagementSession mia = as("mia");
        // a namespace admin binds within its subtree...
        mia.addBinding(RoleBinding.onNamespace(tenant, Subject.user("newbie"), "viewer", marketing.child("emea")));
        // ...but not elsewhere, and not tenant-wide
        assertThatThrownBy(() -> mia.addBinding(RoleBinding.onNamespace(tenant, Subject.user("newbie"), "viewer", sales)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> mia.addBinding(RoleBinding.tenantWide(tenant, Subject.user("mia"), "admin")))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("tenant-wide");
        assertThatThrownBy(() -> mia.putRole(new Role("auditor", Map.of(Permission.NAMESPACE, EnumSet.of(Action.READ)))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as("mark").addGroupMember("marketing-team", "mallory")).isInstanceOf(AccessDeniedException.class);
        // bindings of another tenant cannot be managed from this one
        assertThatThrownBy(() -> root.addBinding(RoleBinding.tenantWide(TenantId.of("other"), Subject.user("root"), "admin")))
                .isInstanceOf(AccessDeniedException.class);

        root.putRole(new Role("auditor", Map.of(Permission.NAMESPACE, EnumSet.of(Action.READ))));
        root.addBinding(RoleBinding.tenantWide(tenant, Subject.user("aud"), "auditor"));
        assertThat(as("aud").listNamespaces()).isNotEmpty();
        assertThatThrownBy(() -> root.deleteRole("auditor")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> root.addBinding(RoleBinding.tenantWide(tenant, Subject.user("x"), "ghost")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
        assertThatThrownBy(() -> root.putRole(new Role("admin", Map.of()))).isInstanceOf(dev.cascade.InvalidIdException.class);
        assertThat(audit).filteredOn(e -> e.resource() == AuditEvent.Resource.ROLE && e.outcome() == AuditEvent.Outcome.SUCCESS)
                .hasSize(1);
    }

    @Test
    void removingAMemberTakesAccessAwayAtOnce() {
        ManagementSession mark = as("mark");
        assertThat(mark.getNamespace(marketing)).isPresent();
        root.removeGroupMember("marketing-team", "mark");
        assertThatThrownBy(() -> mark.getNamespace(marketing)).isInstanceOf(AccessDeniedException.class);
        root.addGroupMember("marketing-team", "mark");
        assertThat(mark.getNamespace(marketing)).isPresent();
        root.removeBinding(RoleBinding.onNamespace(tenant, Subject.group("marketing-team"), "editor", marketing));
        assertThatThrownBy(() -> mark.getNamespace(marketing)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void groupsAssertedByTheHostCountToo() {
        ManagementSession viaSso = cascade.management().session(tenant, Actor.user("sso-user", "sales-team"));
        assertThat(viaSso.getNamespace(sales)).isPresent();
        assertThatThrownBy(() -> viaSso.getNamespace(marketing)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void otherTenantsSeeNothing() {
        ManagementSession rootElsewhere = cascade.management().session(TenantId.of("other"), Actor.user("root"));
        assertThatThrownBy(() -> rootElsewhere.createNamespace(marketing, NamespaceProperties.EMPTY))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(rootElsewhere.listNamespaces()).isEmpty();
    }

    @Test
    void aRefusedActorLearnsNothingAboutWhatExists() {
        ManagementSession nobody = as("nobody");
        NamespaceId missing = NamespaceId.of("company.secret-project");
        Throwable onMissing = org.assertj.core.api.Assertions.catchThrowable(() -> nobody.putSecret(missing, SecretKey.of("K"),
                SecretValue.of("x-value"), SecretAttributes.NONE, SecretStore.ANY_VERSION));
        Throwable onExisting = org.assertj.core.api.Assertions.catchThrowable(() -> nobody.putSecret(marketing, SecretKey.of("K"),
                SecretValue.of("x-value"), SecretAttributes.NONE, SecretStore.ANY_VERSION));
        assertThat(onMissing).isInstanceOf(AccessDeniedException.class);
        assertThat(onExisting).isInstanceOf(AccessDeniedException.class);
        var doc = new dev.cascade.yaml.NamespaceDocument(marketing, "marketing", List.of(), java.util.Optional.empty(),
                Map.of(), List.of());
        assertThatThrownBy(() -> nobody.applyDocument(doc)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as("vic").applyDocument(doc)).isInstanceOf(AccessDeniedException.class);
    }
}
