package dev.cascade.micrometer;

import dev.cascade.AccessDeniedException;
import dev.cascade.Cascade;
import dev.cascade.access.Actor;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.Resolver;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.template.TemplateRenderException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Meters and observations recorded through the Micrometer binding, with a simple registry and a test registry. */
class MicrometerCascadeObserverTest {
    private static final TenantId MAIN = TenantId.DEFAULT;
    private static final NamespaceId MARKETING = NamespaceId.of("company.marketing");
    private static final String VALUE = "value-that-must-never-be-a-tag";

    private static void seed(Cascade c) {
        ManagementSession s = c.management().session(MAIN, Actor.user("alice"));
        s.createNamespace(MARKETING, NamespaceProperties.ofDescription("Marketing"));
        s.putSecret(MARKETING, SecretKey.of("DB_PASSWORD"), SecretValue.of(VALUE), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
    }

    @Test
    void backendCallsResolutionsCacheLoadsAndTemplateErrorsBecomeMeters() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Cascade c = Cascade.builder().secretStore("vault", new InMemorySecretStore())
                .observer(MicrometerCascadeObserver.builder(meters).build()).build()) {
            new CascadeCacheMetrics(c.resolver()).bindTo(meters);
            seed(c);
            assertThat(c.resolver().render(MAIN, MARKETING, "{{ secret('DB_PASSWORD') }}", Map.of()).output()).isEqualTo(VALUE);
            c.resolver().render(MAIN, MARKETING, "{{ secret('DB_PASSWORD') }}", Map.of());
            assertThatThrownBy(() -> c.resolver().render(MAIN, MARKETING, "{{ nope }}", Map.of()))
                    .isInstanceOf(TemplateRenderException.class);

            Timer create = meters.get("cascade.backend").tags("store", "memory", "kind", "storage",
                    "operation", "create namespace", "outcome", "success", "exception", "none").timer();
            assertThat(create.count()).isEqualTo(1);
            assertThat(meters.get("cascade.backend").tags("store", "vault", "kind", "secret_store", "operation", "get",
                    "outcome", "success").timer().count()).isEqualTo(1);
            assertThat(meters.get("cascade.resolve").tags("operation", "render", "outcome", "success").timer().count())
                    .isEqualTo(2);
            assertThat(meters.get("cascade.resolve").tags("operation", "render", "outcome", "rejected",
                    "exception", "TemplateRenderException").timer().count()).isEqualTo(1);
            assertThat(meters.get("cascade.cache.load").tags("cache", "namespace", "kind", "load", "outcome", "success")
                    .timer().count()).isEqualTo(1);
            assertThat(meters.get("cascade.template.errors").tags("kind", "undefined_variable").counter().count())
                    .isEqualTo(1);

            assertThat(meters.get("cascade.cache.size").tags("cache", "namespace").gauge().value()).isEqualTo(1);
            assertThat(meters.get("cascade.cache.gets").tags("cache", "secret", "result", "miss").functionCounter().count())
                    .isEqualTo(c.resolver().stats().secrets().misses()).isPositive();
            assertThat(meters.get("cascade.cache.gets").tags("cache", "namespace", "result", "hit").functionCounter().count())
                    .isEqualTo(c.resolver().stats().namespaces().hits()).isPositive();
            assertThat(meters.get("cascade.cache.evictions").tags("cache", "template").functionCounter().count()).isZero();
            Map<String, Object> task = Map.of("type", "io.kestra.Log", "message", "{{ secret('DB_PASSWORD') }}");
            c.resolver().resolveTask(MAIN, MARKETING, task, List.of(), Map.of());
            c.resolver().resolveTask(MAIN, MARKETING, task, List.of(), Map.of());
            assertThat(meters.get("cascade.cache.gets").tags("cache", "plan", "result", "miss").functionCounter().count())
                    .isEqualTo(1);
            assertThat(meters.get("cascade.cache.gets").tags("cache", "plan", "result", "hit").functionCounter().count())
                    .isEqualTo(1);
            assertThat(meters.get("cascade.cache.size").tags("cache", "plan").gauge().value()).isEqualTo(1);

            // bounded cardinality: no namespace, tenant or key tag by default, and no value anywhere
            for (Meter m : meters.getMeters()) {
                for (Tag t : m.getId().getTags()) {
                    assertThat(t.getKey()).isNotIn("namespace", "tenant", "key");
                    assertThat(t.getValue()).doesNotContain(VALUE).doesNotContain("DB_PASSWORD");
                }
            }
        }
    }

    @Test
    void denialsAreCountedByPermissionAndAction() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Cascade c = Cascade.builder().roleBasedAccessControl()
                .observer(MicrometerCascadeObserver.builder(meters).build()).build()) {
            assertThatThrownBy(() -> c.management().session(MAIN, Actor.user("bob"))
                    .createNamespace(MARKETING, NamespaceProperties.ofDescription("")))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(meters.get("cascade.access.denials").tags("source", "management", "permission", "namespace",
                    "action", "create").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void namespaceTagsOnlyWhenAskedFor() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Cascade c = Cascade.builder()
                .observer(MicrometerCascadeObserver.builder(meters).namespaceTag(true).build()).build()) {
            seed(c);
            c.resolver().render(MAIN, MARKETING, "{{ secret('DB_PASSWORD') }}", Map.of());
            assertThat(meters.get("cascade.resolve").tags("namespace", "company.marketing").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void observationsNestBackendCallsUnderTheResolution() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        List<Observation.Context> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Cascade c = Cascade.builder().observer(MicrometerCascadeObserver.builder(observations, meters).build()).build()) {
            seed(c);
            c.resolver().render(MAIN, MARKETING, "{{ 1 }}", Map.of());
        }
        TestObservationRegistryAssert.assertThat(observations)
                .hasObservationWithNameEqualTo("cascade.resolve").that()
                .hasLowCardinalityKeyValue("operation", "render")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasBeenStarted().hasBeenStopped();
        List<Observation.Context> gets = stopped.stream().filter(ctx -> "cascade.backend".equals(ctx.getName())
                        && "read namespace chain".equals(ctx.getLowCardinalityKeyValue("operation").getValue()))
                .toList();
        assertThat(gets).isNotEmpty();
        // read while resolving: the resolution is the parent (a span's parent with a tracing bridge)
        assertThat(gets).anyMatch(ctx -> ctx.getParentObservation() != null
                && "cascade.resolve".equals(ctx.getParentObservation().getContextView().getName()));
    }

    @Test
    void staleAnswersAndFailedRefreshesAreCounted() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InMemoryStorage storage = new InMemoryStorage();
        FlakyStore flaky = new FlakyStore();
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (Resolver r = Resolver.builder().storage(storage).secretStores(new SecretStores("s", Map.of("s", flaky)))
                .ticker(nanos::get).executor(Runnable::run)
                .cacheConfig(ResolverCacheConfig.builder().secretExpireAfterWrite(Duration.ofMinutes(5))
                        .secretRefreshAhead(Duration.ofMinutes(4)).secretStaleIfError(Duration.ofMinutes(10)).build())
                .observer(MicrometerCascadeObserver.builder(meters).build()).build()) {
            storage.namespaces().create(MAIN, MARKETING, NamespaceProperties.ofDescription(""));
            flaky.put(MAIN, MARKETING, SecretKey.of("K"), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            assertThat(r.render(MAIN, MARKETING, "{{ secret('K') }}", Map.of()).output()).isEqualTo(VALUE);
            flaky.failing = true;
            nanos.addAndGet(Duration.ofMinutes(6).toNanos());
            assertThat(r.render(MAIN, MARKETING, "{{ secret('K') }}", Map.of()).output()).isEqualTo(VALUE);
            assertThat(meters.get("cascade.cache.stale.served").tags("cache", "secret", "store", "s").counter().count())
                    .isEqualTo(1);
            assertThat(meters.get("cascade.cache.refresh.failures").tags("cache", "secret", "store", "s").counter().count())
                    .isPositive();
            assertThat(meters.get("cascade.backend").tags("store", "s", "operation", "get", "outcome", "failure")
                    .timer().count()).isPositive();
        }
    }

    /** An in-memory store that can be made to fail every read. */
    private static final class FlakyStore implements SecretStore {
        private final InMemorySecretStore d = new InMemorySecretStore();
        volatile boolean failing;

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public Optional<SecretValue> get(TenantId t, NamespaceId n, SecretKey k) {
            if (failing) {
                throw new IllegalStateException("down");
            }
            return d.get(t, n, k);
        }

        @Override
        public List<SecretMetadata> list(TenantId t, NamespaceId n) {
            if (failing) {
                throw new IllegalStateException("down");
            }
            return d.list(t, n);
        }

        @Override
        public SecretMetadata put(TenantId t, NamespaceId n, SecretKey k, SecretValue v, SecretAttributes a, long ev) {
            return d.put(t, n, k, v, a, ev);
        }

        @Override
        public boolean delete(TenantId t, NamespaceId n, SecretKey k, long ev) {
            return d.delete(t, n, k, ev);
        }
    }
}
