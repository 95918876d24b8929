package dev.cascade.observe;

import dev.cascade.AccessDeniedException;
import dev.cascade.Cascade;
import dev.cascade.CascadeException;
import dev.cascade.access.Action;
import dev.cascade.access.Actor;
import dev.cascade.access.Permission;
import dev.cascade.access.Subject;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.template.TemplateRenderException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The observer sees backend calls (store, operation, tenant, outcome; no key unless asked for), resolutions,
 * cache loads, template failures by kind and denials from both the management facade and the resolver; never a
 * value. A disabled observer is never called.
 */
class CascadeObserverTest {
    private static final TenantId MAIN = TenantId.DEFAULT;
    private static final String VALUE = "s3cr3t-value-never-reported";
    private static final NamespaceId MARKETING = NamespaceId.of("company.marketing");

    private static Cascade cascade(CascadeObserver observer) {
        return Cascade.builder().secretStore("vaultish", new InMemorySecretStore()).observer(observer).build();
    }

    private static ManagementSession admin(Cascade c) {
        return c.management().session(MAIN, Actor.user("alice"));
    }

    private static void seed(Cascade c) {
        ManagementSession s = admin(c);
        s.createNamespace(MARKETING, NamespaceProperties.ofDescription("Marketing"));
        s.putSecret(MARKETING, SecretKey.of("DB_PASSWORD"), SecretValue.of(VALUE), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
    }

    @Test
    void managementCallsNameStoreOperationTenantAndOutcomeButNoKey() {
        RecordingObserver rec = new RecordingObserver();
        try (Cascade c = cascade(rec)) {
            seed(c);
            assertThatThrownBy(() -> admin(c).createNamespace(MARKETING, NamespaceProperties.ofDescription("again")))
                    .isInstanceOf(CascadeException.class);
            assertThat(rec.calls).contains(
                    new BackendCall("memory", BackendCall.StoreKind.STORAGE, "create namespace", "main", "company.marketing", null),
                    new BackendCall("vaultish", BackendCall.StoreKind.SECRET_STORE, "put", "main", "company.marketing", null));
            assertThat(rec.callEnds).contains("create namespace SUCCESS", "put SUCCESS");
            assertThat(rec.callEnds).anyMatch(e -> e.startsWith("create namespace REJECTED"));
            assertThat(rec.calls).allMatch(call -> call.key() == null);
        }
    }

    @Test
    void secretKeysOnlyWhenTheObserverAsks() {
        RecordingObserver rec = new RecordingObserver(true);
        try (Cascade c = cascade(rec)) {
            seed(c);
            c.resolver().render(MAIN, MARKETING, "{{ secret('DB_PASSWORD') }}", Map.of());
            assertThat(rec.calls).contains(new BackendCall("vaultish", BackendCall.StoreKind.SECRET_STORE, "put", "main",
                    "company.marketing", "DB_PASSWORD"));
            assertThat(rec.cacheEventTexts()).contains("SECRET LOAD company.marketing vaultish DB_PASSWORD SUCCESS");
            assertThat(everything(rec)).doesNotContain(VALUE);
        }
    }

    @Test
    void aResolutionIsTimedWithItsCacheLoadsAndBackendReads() {
        RecordingObserver rec = new RecordingObserver();
        try (Cascade c = cascade(rec)) {
            seed(c);
            rec.calls.clear();
            rec.callEnds.clear();
            String out = c.resolver().render(MAIN, MARKETING, "{{ secret('DB_PASSWORD') }}", Map.of()).output();
            assertThat(out).isEqualTo(VALUE);
            assertThat(rec.resolutions).containsExactly(new Resolution(Resolution.Operation.RENDER, "main", "company.marketing"));
            assertThat(rec.resolutionEnds).containsExactly("RENDER SUCCESS");
            assertThat(rec.cacheEventTexts()).contains("NAMESPACE LOAD company.marketing SUCCESS",
                    "SECRET_KEYS LOAD company.marketing vaultish SUCCESS", "SECRET LOAD company.marketing vaultish SUCCESS");
            assertThat(rec.callEnds).contains("read namespace chain SUCCESS", "list SUCCESS", "get SUCCESS");
            int calls = rec.calls.size();
            c.resolver().resolveTask(MAIN, MARKETING, Map.of("type", "io.x.T", "p", "{{ secret('DB_PASSWORD') }}"),
                    List.of(), Map.of());
            assertThat(rec.resolutionEnds).containsExactly("RENDER SUCCESS", "RESOLVE_TASK SUCCESS");
            assertThat(rec.calls).hasSize(calls); // served from the caches: no backend call
            assertThat(everything(rec)).doesNotContain(VALUE);
        }
    }

    @Test
    void preparedTasksAndCompiledTemplatesAreTimedToo() {
        RecordingObserver rec = new RecordingObserver();
        try (Cascade c = cascade(rec)) {
            seed(c);
            c.resolver().prepare(MAIN, MARKETING, Map.of("type", "io.x.T", "p", "{{ secret('DB_PASSWORD') }}"), List.of())
                    .resolve(Map.of());
            c.resolver().compile(MAIN, MARKETING, "{{ 1 }}").render(Map.of());
            assertThat(rec.resolutionEnds).containsExactly("RESOLVE_TASK SUCCESS", "RENDER SUCCESS");
        }
    }

    @Test
    void templateFailuresAreReportedByKind() {
        RecordingObserver rec = new RecordingObserver();
        try (Cascade c = cascade(rec)) {
            seed(c);
            assertThatThrownBy(() -> c.resolver().render(MAIN, MARKETING, "{{ nope }}", Map.of()))
                    .isInstanceOf(TemplateRenderException.class);
            assertThat(rec.templateFailures).containsExactly(new TemplateFailure(
                    TemplateRenderException.Kind.UNDEFINED_VARIABLE, "main", "company.marketing"));
            assertThat(rec.resolutionEnds).containsExactly("RENDER REJECTED TemplateRenderException");
        }
    }

    @Test
    void denialsFromTheManagementFacadeAndFromTheResolver() {
        RecordingObserver rec = new RecordingObserver();
        try (Cascade c = Cascade.builder().roleBasedAccessControl().observer(rec).build()) {
            c.management().bootstrapAdmin(MAIN, Subject.user("root"));
            ManagementSession root = c.management().session(MAIN, Actor.user("root"));
            root.createNamespace(NamespaceId.of("finance"), NamespaceProperties.ofDescription(""));
            root.createNamespace(MARKETING, NamespaceProperties.ofDescription(""));
            root.putSecret(NamespaceId.of("finance"), SecretKey.of("K"), SecretValue.of(VALUE), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
            assertThatThrownBy(() -> c.management().session(MAIN, Actor.user("bob"))
                    .createNamespace(NamespaceId.of("bobs"), NamespaceProperties.ofDescription("")))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> c.resolver().render(MAIN, MARKETING, "{{ secret('K', namespace='finance') }}", Map.of()))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(rec.denials).containsExactly(
                    new AccessDenial(AccessDenial.Source.MANAGEMENT, "main", "bobs", Permission.NAMESPACE, Action.CREATE),
                    new AccessDenial(AccessDenial.Source.RESOLVER, "main", "company.marketing", Permission.SECRET, Action.READ));
            assertThat(rec.resolutionEnds).containsExactly("RENDER REJECTED AccessDeniedException");
        }
    }

    @Test
    void theCompositeGivesKeysOnlyToTheObserverThatAsks() {
        RecordingObserver withKeys = new RecordingObserver(true);
        RecordingObserver without = new RecordingObserver(false);
        try (Cascade c = cascade(CascadeObserver.composite(List.of(withKeys, without, CascadeObserver.none())))) {
            seed(c);
            c.resolver().render(MAIN, MARKETING, "{{ secret('DB_PASSWORD') }}", Map.of());
        }
        assertThat(withKeys.calls).anyMatch(call -> "DB_PASSWORD".equals(call.key()));
        assertThat(without.calls).hasSameSizeAs(withKeys.calls).allMatch(call -> call.key() == null);
        assertThat(without.cacheEvents).hasSameSizeAs(withKeys.cacheEvents).allMatch(e -> e.key() == null);
        assertThat(withKeys.cacheEvents).anyMatch(e -> "DB_PASSWORD".equals(e.key()));
        assertThat(CascadeObserver.composite(List.of(CascadeObserver.none()))).isSameAs(CascadeObserver.none());
    }

    @Test
    void aDisabledObserverIsNeverCalled() {
        CascadeObserver disabled = new CascadeObserver() {
            @Override
            public boolean isEnabled() {
                return false;
            }

            @Override
            public ObservedCall backendCall(BackendCall call) {
                throw new AssertionError("called");
            }

            @Override
            public ObservedCall resolution(Resolution resolution) {
                throw new AssertionError("called");
            }

            @Override
            public void cacheEvent(CacheEvent event) {
                throw new AssertionError("called");
            }

            @Override
            public void templateFailure(TemplateFailure failure) {
                throw new AssertionError("called");
            }
        };
        try (Cascade c = cascade(disabled)) {
            seed(c);
            assertThat(c.resolver().render(MAIN, MARKETING, "{{ secret('DB_PASSWORD') }}", Map.of()).output()).isEqualTo(VALUE);
            assertThatThrownBy(() -> c.resolver().render(MAIN, MARKETING, "{{ nope }}", Map.of()))
                    .isInstanceOf(TemplateRenderException.class);
        }
    }

    private static String everything(RecordingObserver rec) {
        return rec.calls + " " + rec.callEnds + " " + rec.cacheEvents + " " + rec.resolutions + " " + rec.templateFailures
                + " " + rec.denials;
    }

}
