package dev.cascade.access;

import dev.cascade.AccessDeniedException;
import dev.cascade.Cascade;
import dev.cascade.audit.AuditEvent;
import dev.cascade.backend.EnvironmentSecretStore;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Access-control edges: who may choose a namespace's secret store, and whose allowance a cross-namespace read needs. */
class GovernanceEdgesTest {
    final TenantId tenant = TenantId.of("acme");
    final NamespaceId marketing = NamespaceId.of("company.marketing");
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    Cascade cascade;
    ManagementSession root;

    @BeforeEach
    void setUp() {
        cascade = Cascade.builder().roleBasedAccessControl().auditSink(audit::add)
                .secretStore("memory", new InMemorySecretStore())
                .secretStore("vault-like", new InMemorySecretStore())
                .secretStore("env", new EnvironmentSecretStore(Map.of("SECRET_CLOUD_ROOT", "aW5zdGFuY2Utd2lkZQ=="),
                        "SECRET_", EnvironmentSecretStore.Encoding.BASE64))
                .defaultSecretStore("memory")
                .build();
        cascade.management().bootstrapAdmin(tenant, Subject.user("root"));
        root = cascade.management().session(tenant, Actor.user("root"));
        root.createNamespace(marketing, NamespaceProperties.ofDescription("marketing"));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.user("eddie"), "editor", marketing));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.user("sara"), "secrets-writer", marketing));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.user("mia"), "admin", marketing));
    }

    @AfterEach
    void tearDown() {
        cascade.close();
    }

    private ManagementSession as(String user) {
        return cascade.management().session(tenant, Actor.user(user));
    }

    @Test
    void choosingASecretStoreIsAnAdministratorsAction() {
        Namespace before = root.getNamespace(marketing).orElseThrow();
        for (String user : List.of("eddie", "sara")) {
            audit.clear();
            assertThatThrownBy(() -> as(user).updateNamespace(marketing,
                    before.properties().withSecretStore("vault-like"), before.version()))
                    .as(user).isInstanceOf(AccessDeniedException.class).hasMessageContaining(user)
                    .hasMessageContaining(user.equals("eddie") ? "UPDATE SECRET_STORE" : "UPDATE NAMESPACE");
            assertThat(audit).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.DENIED);
            // nor when creating a namespace already bound
            assertThatThrownBy(() -> as(user).createNamespace(marketing.child(user),
                    NamespaceProperties.EMPTY.withSecretStore("vault-like"))).isInstanceOf(AccessDeniedException.class);
            assertThat(root.getNamespace(marketing.child(user))).isEmpty();
        }
        assertThat(root.getNamespace(marketing).orElseThrow()).isEqualTo(before);
        // the editor still edits everything else, and may keep the binding as it is
        Namespace described = as("eddie").updateNamespace(marketing, before.properties().withDescription("new"),
                before.version());
        assertThat(described.secretStore()).isEmpty();
        // a namespace administrator may bind a namespace-scoped store, and unbind it
        Namespace bound = as("mia").updateNamespace(marketing, described.properties().withSecretStore("vault-like"),
                described.version());
        assertThat(bound.secretStore()).contains("vault-like");
        assertThatThrownBy(() -> as("eddie").updateNamespace(marketing, bound.properties().withSecretStore(null),
                bound.version())).isInstanceOf(AccessDeniedException.class);
        assertThat(as("mia").updateNamespace(marketing, bound.properties().withSecretStore(null), bound.version())
                .secretStore()).isEmpty();
    }

    @Test
    void bindingAnInstanceWideStoreNeedsATenantWideAdministrator() {
        Namespace before = root.getNamespace(marketing).orElseThrow();
        assertThatThrownBy(() -> as("eddie").updateNamespace(marketing, before.properties().withSecretStore("env"),
                before.version())).isInstanceOf(AccessDeniedException.class).hasMessageContaining("SECRET_STORE");
        // an administrator of the namespace only is not enough: the store's values are instance-wide
        assertThatThrownBy(() -> as("mia").updateNamespace(marketing, before.properties().withSecretStore("env"),
                before.version())).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("UPDATE SECRET_STORE tenant-wide");
        assertThatThrownBy(() -> as("eddie").applyDocument(new dev.cascade.yaml.NamespaceDocument(marketing, "marketing",
                List.of(), Optional.of("env"), Map.of(), List.of()))).isInstanceOf(AccessDeniedException.class);
        assertThat(root.getNamespace(marketing).orElseThrow()).isEqualTo(before);
        // so the editor's flows cannot read instance-wide secrets
        assertThatThrownBy(() -> cascade.resolver().render(tenant, marketing, "{{ secret('CLOUD_ROOT') }}", Map.of()))
                .isInstanceOf(dev.cascade.SecretNotFoundException.class);
        // the tenant-wide administrator may
        assertThat(root.updateNamespace(marketing, before.properties().withSecretStore("env"), before.version())
                .secretStore()).contains("env");
        assertThat(cascade.resolver().render(tenant, marketing, "{{ secret('CLOUD_ROOT') }}", Map.of()).maskedOutput())
                .isEqualTo("******");
    }

    @Test
    void aSecretReadThroughAnotherNamespaceNeedsTheHoldersAllowance() {
        NamespaceId team = NamespaceId.of("team");
        NamespaceId shared = NamespaceId.of("team.shared");
        NamespaceId other = NamespaceId.of("other.app");
        root.createNamespace(team, NamespaceProperties.EMPTY); // does not allow 'other.app'
        root.createNamespace(shared, NamespaceProperties.EMPTY.withAllowedNamespaces(List.of(AllowedNamespace.parse("other.app"))));
        root.createNamespace(other, NamespaceProperties.EMPTY);
        root.putSecret(team, SecretKey.of("INHERITED"), SecretValue.of("parent-only-value"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        root.putSecret(shared, SecretKey.of("OWN"), SecretValue.of("shared-own-value"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        var resolver = cascade.resolver();
        assertThat(resolver.render(tenant, other, "{{ secret('OWN', namespace='team.shared') }}", Map.of()).maskedOutput())
                .isEqualTo("******");
        assertThatThrownBy(() -> resolver.render(tenant, other, "{{ secret('INHERITED', namespace='team.shared') }}", Map.of()))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("held by 'team'")
                .hasMessageNotContaining("parent-only-value");
        // a descendant of the holder reads it through its sibling as before (the holder is its own ancestor)
        NamespaceId sibling = NamespaceId.of("team.sibling");
        root.createNamespace(sibling, NamespaceProperties.EMPTY);
        root.updateNamespace(shared, root.getNamespace(shared).orElseThrow().properties()
                .withAllowedNamespaces(List.of(AllowedNamespace.parse("other.app"), AllowedNamespace.parse("team.sibling"))),
                root.getNamespace(shared).orElseThrow().version());
        assertThat(resolver.render(tenant, sibling, "{{ secret('INHERITED', namespace='team.shared') }}", Map.of())
                .maskedOutput()).isEqualTo("******");
        // once the holder allows the caller too, the read succeeds
        root.updateNamespace(team, NamespaceProperties.EMPTY.withAllowedNamespaces(List.of(AllowedNamespace.parse("other.*"))),
                root.getNamespace(team).orElseThrow().version());
        assertThat(resolver.render(tenant, other, "{{ secret('INHERITED', namespace='team.shared') }}", Map.of())
                .maskedOutput()).isEqualTo("******");
    }
}
