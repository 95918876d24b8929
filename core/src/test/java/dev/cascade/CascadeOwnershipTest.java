package dev.cascade;

import dev.cascade.access.Actor;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.Backend;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.NamespaceStore;
import dev.cascade.spi.PluginDefaultsStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;
import dev.cascade.audit.AuditEvent;
import dev.cascade.audit.AuditSink;
import dev.cascade.defaults.PluginDefault;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cascade closes what it created and leaves what the host passed, unless asked; the facade has no public constructor. */
class CascadeOwnershipTest {
    private static final TenantId T = TenantId.of("main");
    private static final NamespaceId NS = NamespaceId.of("company.marketing");

    @Test
    void whatTheHostPassesStaysOpenUnlessItAsksOtherwise() {
        ClosingStorage storage = new ClosingStorage();
        Cascade.builder().storage(storage).secretStore(new InMemorySecretStore()).build().close();
        assertThat(storage.closed).isFalse();

        ClosingStorage owned = new ClosingStorage();
        Cascade.builder().storage(owned).closeOnShutdown(true).build().close();
        assertThat(owned.closed).isTrue();
    }

    @Test
    void aBackendSuppliesStorageSecretsAndAuditInOneCallAndStaysTheHosts() {
        List<AuditEvent> audited = new ArrayList<>();
        InMemorySecretStore secrets = new InMemorySecretStore();
        ClosingStorage storage = new ClosingStorage();
        AtomicBoolean backendClosed = new AtomicBoolean();
        Backend backend = new Backend() {
            public Storage storage() { return storage; }
            public Optional<dev.cascade.spi.SecretStore> defaultSecretStore() { return Optional.of(secrets); }
            public Optional<AuditSink> defaultAuditSink() { return Optional.of(audited::add); }
            public void close() { backendClosed.set(true); }
        };
        try (Cascade cascade = Cascade.builder().backend(backend).build()) {
            assertThat(cascade.storage()).isSameAs(storage);
            assertThat(cascade.secretStores().defaultStore()).isSameAs(secrets);
            cascade.management().session(T, Actor.user("a")).ensureNamespace(NS, NamespaceProperties.ofDescription("x"));
            assertThat(audited).hasSize(1);
        }
        assertThat(backendClosed).isFalse();

        List<AuditEvent> mine = new ArrayList<>();
        try (Cascade cascade = Cascade.builder().secretStore("own", new InMemorySecretStore()).backend(backend)
                .auditSink(mine::add).closeOnShutdown(true).build()) {
            assertThat(cascade.secretStores().defaultName()).isEqualTo("own");
            assertThat(cascade.secretStores().all()).containsKey(secrets.name());
            cascade.management().session(T, Actor.user("a")).ensureNamespace(NamespaceId.of("other"), NamespaceProperties.ofDescription("x"));
            assertThat(mine).hasSize(1);
        }
        assertThat(backendClosed).isTrue();
    }

    @Test
    void ensureNamespaceIsIdempotentAndUpdatesOnlyWhatDiffers() {
        List<AuditEvent> audited = new ArrayList<>();
        try (Cascade cascade = Cascade.builder().auditSink(audited::add).build()) {
            ManagementSession s = cascade.management().session(T, Actor.user("a"));
            cascade.management().reportUsed(T, List.of(NS));   // a placeholder first
            Namespace first = s.ensureNamespace(NS, NamespaceProperties.ofDescription("Marketing"));
            Namespace again = s.ensureNamespace(NS, NamespaceProperties.ofDescription("Marketing"));
            assertThat(again.version()).isEqualTo(first.version());
            Namespace changed = s.ensureNamespace(NS, NamespaceProperties.ofDescription("Marketing team"));
            assertThat(changed.version()).isGreaterThan(first.version());
            assertThat(changed.properties().description()).isEqualTo("Marketing team");
            assertThat(audited).extracting(AuditEvent::action).containsExactly(
                    dev.cascade.access.Action.CREATE, dev.cascade.access.Action.UPDATE);
        }
    }

    @Test
    void anyVersionOverwritesVariablesAndPluginDefaultsWithoutAReadFirst() {
        try (Cascade cascade = Cascade.builder().build()) {
            ManagementSession s = cascade.management().session(T, Actor.user("a"));
            s.ensureNamespace(NS, NamespaceProperties.ofDescription("x"));
            assertThat(s.putVariables(NS, Map.of("a", 1), Versions.ANY).version()).isEqualTo(1);
            assertThat(s.putVariables(NS, Map.of("a", 2), Versions.ANY).version()).isEqualTo(2);
            assertThatThrownBy(() -> s.putVariables(NS, Map.of("a", 3), Versions.MUST_NOT_EXIST))
                    .isInstanceOf(ConflictException.class);
            List<PluginDefault> rules = List.of(PluginDefault.of("io.kestra", Map.of("k", "v")));
            s.putPluginDefaults(NS, rules, Versions.ANY);
            assertThat(s.putPluginDefaults(NS, rules, Versions.ANY).version()).isEqualTo(2);
            assertThat(dev.cascade.spi.SecretStore.ANY_VERSION).isEqualTo(Versions.ANY);
            assertThat(dev.cascade.spi.SecretStore.MUST_NOT_EXIST).isEqualTo(Versions.MUST_NOT_EXIST);
        }
    }

    @Test
    void theManagementFacadeHasNoPublicConstructor() {
        assertThat(Arrays.stream(dev.cascade.management.NamespaceManagement.class.getDeclaredConstructors())
                .filter(c -> Modifier.isPublic(c.getModifiers()))).isEmpty();
    }

    /** In-memory storage that records whether it was closed. */
    private static final class ClosingStorage implements Storage {
        private final InMemoryStorage delegate = new InMemoryStorage();
        volatile boolean closed;

        public String name() { return "closing"; }
        public NamespaceStore namespaces() { return delegate.namespaces(); }
        public VariableStore variables() { return delegate.variables(); }
        public PluginDefaultsStore pluginDefaults() { return delegate.pluginDefaults(); }
        public Subscription subscribe(ChangeListener listener) { return delegate.subscribe(listener); }
        public void close() { closed = true; }
    }
}
