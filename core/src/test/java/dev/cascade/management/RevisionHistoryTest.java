package dev.cascade.management;

import dev.cascade.AccessDeniedException;
import dev.cascade.Cascade;
import dev.cascade.ConfigurationException;
import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.access.Action;
import dev.cascade.access.Actor;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.audit.AuditEvent;
import dev.cascade.audit.DiffEntry;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.NamespaceStore;
import dev.cascade.spi.PluginDefaultsStore;
import dev.cascade.spi.Revision;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Revision history through the facade: access checks, audit, optimistic restore, resolver invalidation. */
class RevisionHistoryTest {
    final TenantId tenant = TenantId.DEFAULT;
    final NamespaceId marketing = NamespaceId.of("company.marketing");
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    Cascade cascade;
    ManagementSession root;

    @BeforeEach
    void setUp() {
        cascade = Cascade.builder().storage(new InMemoryStorage()).roleBasedAccessControl().auditSink(audit::add).build();
        cascade.management().bootstrapAdmin(tenant, Subject.user("root"));
        root = cascade.management().session(tenant, Actor.user("root"));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.user("eve"), "editor", marketing));
        root.addBinding(RoleBinding.onNamespace(tenant, Subject.user("vic"), "viewer", marketing));
        root.createNamespace(marketing, NamespaceProperties.ofDescription("v1"));
        root.putVariables(marketing, Map.of("region", "eu", "team", Map.of("lead", "ann")), 0);
        root.putVariables(marketing, Map.of("region", "us", "team", Map.of("lead", "bob")), 1);
    }

    @AfterEach
    void tearDown() {
        cascade.close();
    }

    @Test
    void historyAndDiffNeedReadOnly() {
        ManagementSession viewer = cascade.management().session(tenant, Actor.user("vic"));
        assertThat(viewer.history(marketing, Revision.Resource.VARIABLES)).extracting(Revision::version)
                .containsExactly(1L, 2L);
        assertThat(viewer.diff(marketing, Revision.Resource.VARIABLES, 1, 2)).containsExactlyInAnyOrder(
                new DiffEntry("region", DiffEntry.Change.CHANGED, "\"eu\"", "\"us\""),
                new DiffEntry("team.lead", DiffEntry.Change.CHANGED, "\"ann\"", "\"bob\""));
        ManagementSession stranger = cascade.management().session(tenant, Actor.user("mallory"));
        assertThatThrownBy(() -> stranger.history(marketing, Revision.Resource.VARIABLES))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> stranger.diff(marketing, Revision.Resource.VARIABLES, 1, 2))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(audit).filteredOn(e -> e.outcome() == AuditEvent.Outcome.DENIED).hasSize(2);
    }

    @Test
    void restoreNeedsUpdateIsAuditedAndReachesTheResolverAtOnce() {
        assertThat(cascade.resolver().render(tenant, marketing, "{{ namespace.region }}", Map.of()).output())
                .isEqualTo("us");
        ManagementSession viewer = cascade.management().session(tenant, Actor.user("vic"));
        assertThatThrownBy(() -> viewer.restore(marketing, Revision.Resource.VARIABLES, 1, 2))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(root.getVariables(marketing).orElseThrow().version()).isEqualTo(2);

        ManagementSession editor = cascade.management().session(tenant, Actor.user("eve"));
        int before = audit.size();
        Revision restored = editor.restore(marketing, Revision.Resource.VARIABLES, 1, 2);
        assertThat(restored.version()).isEqualTo(3);
        assertThat(restored.variables()).isEqualTo(Map.of("region", "eu", "team", Map.of("lead", "ann")));
        assertThat(cascade.resolver().render(tenant, marketing, "{{ namespace.region }}", Map.of()).output())
                .isEqualTo("eu");
        assertThat(audit.subList(before, audit.size())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("eve");
            assertThat(e.resource()).isEqualTo(AuditEvent.Resource.VARIABLES);
            assertThat(e.action()).isEqualTo(Action.UPDATE);
            assertThat(e.versionBefore()).isEqualTo(2);
            assertThat(e.versionAfter()).isEqualTo(3);
            assertThat(e.diff()).contains(new DiffEntry("region", DiffEntry.Change.CHANGED, "\"us\"", "\"eu\""));
        });
        assertThat(editor.history(marketing, Revision.Resource.VARIABLES)).extracting(Revision::version)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void staleOrUnknownRestoreChangesNothing() {
        int before = audit.size();
        assertThatThrownBy(() -> root.restore(marketing, Revision.Resource.VARIABLES, 1, 1))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> root.restore(marketing, Revision.Resource.VARIABLES, 9, 2))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("revision 9")
                .hasMessageContaining("company.marketing");
        assertThatThrownBy(() -> root.diff(marketing, Revision.Resource.VARIABLES, 0, 2))
                .isInstanceOf(NotFoundException.class);
        assertThat(root.getVariables(marketing).orElseThrow().version()).isEqualTo(2);
        assertThat(root.history(marketing, Revision.Resource.VARIABLES)).hasSize(2);
        assertThat(audit).hasSize(before);
    }

    @Test
    void propertiesAndPluginDefaultsRestoreToo() {
        root.updateNamespace(marketing, NamespaceProperties.ofDescription("v2"), 1);
        root.restore(marketing, Revision.Resource.PROPERTIES, 1, 2);
        assertThat(root.getNamespace(marketing).orElseThrow().description()).isEqualTo("v1");
        assertThat(root.history(marketing, Revision.Resource.PROPERTIES)).extracting(r -> r.properties().description())
                .containsExactly("v1", "v2", "v1");

        root.putPluginDefaults(marketing, List.of(PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "eu"))), 0);
        root.putPluginDefaults(marketing, List.of(), 1);
        root.restore(marketing, Revision.Resource.PLUGIN_DEFAULTS, 1, 2);
        assertThat(root.getPluginDefaults(marketing).orElseThrow().value())
                .containsExactly(PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "eu")));
        assertThat(root.diff(marketing, Revision.Resource.PLUGIN_DEFAULTS, 1, 2)).extracting(DiffEntry::path,
                DiffEntry::change).containsExactly(org.assertj.core.groups.Tuple.tuple("[0]", DiffEntry.Change.REMOVED));
    }

    @Test
    void aStorageWithoutHistorySaysSo() {
        InMemoryStorage inner = new InMemoryStorage();
        Storage noHistory = new Storage() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public NamespaceStore namespaces() {
                return inner.namespaces();
            }

            @Override
            public VariableStore variables() {
                return inner.variables();
            }

            @Override
            public PluginDefaultsStore pluginDefaults() {
                return inner.pluginDefaults();
            }

            @Override
            public Subscription subscribe(dev.cascade.spi.ChangeListener listener) {
                return inner.subscribe(listener);
            }
        };
        try (Cascade plain = Cascade.builder().storage(noHistory).build()) {
            ManagementSession s = plain.management().session(tenant, Actor.SYSTEM);
            s.createNamespace(marketing, NamespaceProperties.EMPTY);
            assertThatThrownBy(() -> s.history(marketing, Revision.Resource.VARIABLES))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Storage 'plain' keeps no revision history");
            assertThatThrownBy(() -> s.restore(marketing, Revision.Resource.VARIABLES, 1, 0))
                    .isInstanceOf(ConfigurationException.class);
        }
    }
}
