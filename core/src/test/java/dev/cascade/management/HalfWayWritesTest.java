package dev.cascade.management;

import dev.cascade.BackendException;
import dev.cascade.Cascade;
import dev.cascade.ConflictException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.WriteOutcomeUnknownException;
import dev.cascade.access.Actor;
import dev.cascade.audit.AuditEvent;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes that fail half-way: what stays, what is invalidated, what is audited. */
class HalfWayWritesTest {
    /**
     * A remote store as a plugin author would write one (no change feed, like Vault): an in-memory store
     * whose deletes can be made to fail after a number of successes, and whose next put can be made to
     * apply the write and then lose the answer.
     */
    static final class UnreliableStore implements SecretStore {
        final InMemorySecretStore data = new InMemorySecretStore();
        final AtomicInteger deletesBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
        volatile boolean loseNextPutAnswer;

        @Override
        public String name() {
            return "remote";
        }

        @Override
        public Optional<SecretValue> get(TenantId t, NamespaceId n, SecretKey k) {
            return data.get(t, n, k);
        }

        @Override
        public List<SecretMetadata> list(TenantId t, NamespaceId n) {
            return data.list(t, n);
        }

        @Override
        public SecretMetadata put(TenantId t, NamespaceId n, SecretKey k, SecretValue v, SecretAttributes a, long ev) {
            SecretMetadata m = data.put(t, n, k, v, a, ev);
            if (loseNextPutAnswer) {
                loseNextPutAnswer = false;
                throw new WriteOutcomeUnknownException("remote", "put", t.value(), n.value(), k.value(),
                        "connection reset after the request was sent", null);
            }
            return m;
        }

        @Override
        public boolean delete(TenantId t, NamespaceId n, SecretKey k, long ev) {
            if (deletesBeforeFailure.getAndDecrement() <= 0) {
                throw new BackendException("remote", "delete", t.value(), n.value(), k.value(), "service unavailable");
            }
            return data.delete(t, n, k, ev);
        }
    }

    final TenantId tenant = TenantId.DEFAULT;
    final NamespaceId team = NamespaceId.of("team");
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final UnreliableStore store = new UnreliableStore();
    Cascade cascade;
    ManagementSession admin;

    @BeforeEach
    void setUp() {
        cascade = Cascade.builder().secretStore("remote", store).auditSink(audit::add).build();
        admin = cascade.management().session(tenant, Actor.user("alice"));
        admin.createNamespace(team, NamespaceProperties.ofDescription("team"));
        for (String k : List.of("A_KEY", "B_KEY", "C_KEY")) {
            admin.putSecret(team, SecretKey.of(k), SecretValue.of("value-of-" + k), SecretAttributes.NONE,
                    SecretStore.MUST_NOT_EXIST);
        }
    }

    @AfterEach
    void tearDown() {
        cascade.close();
    }

    @Test
    void aFailingSecretStoreLeavesTheNamespaceAndAForcedDeleteCanBeFinished() {
        long version = admin.getNamespace(team).orElseThrow().version();
        store.deletesBeforeFailure.set(1);
        assertThatThrownBy(() -> admin.deleteNamespace(team, version, true)).isInstanceOf(BackendException.class)
                .hasMessageContaining("service unavailable");
        assertThat(admin.getNamespace(team)).isPresent();
        assertThat(admin.listSecrets(team)).extracting(m -> m.key().value()).containsExactly("B_KEY", "C_KEY");
        store.deletesBeforeFailure.set(Integer.MAX_VALUE);
        admin.deleteNamespace(team, version, true);
        assertThat(admin.getNamespace(team)).isEmpty();
        // re-creating brings no old secret back
        admin.createNamespace(team, NamespaceProperties.EMPTY);
        assertThat(admin.listSecrets(team)).isEmpty();
        assertThatThrownBy(() -> cascade.resolver().render(tenant, team, "{{ secret('B_KEY') }}", Map.of()))
                .isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void aStaleVersionDeletesNothing() {
        long version = admin.getNamespace(team).orElseThrow().version();
        assertThatThrownBy(() -> admin.deleteNamespace(team, version + 1, true)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("expected version " + (version + 1));
        assertThat(admin.listSecrets(team)).hasSize(3);
        assertThat(admin.getNamespace(team)).isPresent();
    }

    @Test
    void aWriteOfUnknownOutcomeInvalidatesTheWritersCacheAndIsAuditedAsUnknown() {
        SecretKey key = SecretKey.of("A_KEY");
        assertThat(cascade.resolver().render(tenant, team, "{{ secret('A_KEY') }}", Map.of()).output())
                .isEqualTo("value-of-A_KEY"); // cached now
        audit.clear();
        store.loseNextPutAnswer = true;
        assertThatThrownBy(() -> admin.putSecret(team, key, SecretValue.of("rotated-value"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION)).isInstanceOf(WriteOutcomeUnknownException.class)
                .hasMessageNotContaining("rotated-value");
        // the write did happen: this node serves it at once rather than the cached old value
        assertThat(cascade.resolver().render(tenant, team, "{{ secret('A_KEY') }}", Map.of()).output())
                .isEqualTo("rotated-value");
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.UNKNOWN);
            assertThat(e.resource()).isEqualTo(AuditEvent.Resource.SECRET);
            assertThat(e.resourceKey()).contains("A_KEY");
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.toString()).doesNotContain("rotated-value");
        });
    }
}
