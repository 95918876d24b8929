package dev.cascade.spring.boot;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascade.Cascade;
import dev.cascade.ConfigurationException;
import dev.cascade.access.Actor;
import dev.cascade.access.RoleBasedAccessPolicy;
import dev.cascade.management.NamespaceManagement;
import dev.cascade.micrometer.CascadeCacheMetrics;
import dev.cascade.micrometer.MicrometerCascadeObserver;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.Resolver;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration under each condition: DataSource, Micrometer, RBAC, the application's beans, bad properties. */
class CascadeAutoConfigurationTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String VALUE = "pa55-never-in-health-or-meters";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CascadeAutoConfiguration.class));

    private static HikariDataSource h2() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:starter-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        c.setUsername("sa");
        c.setMaximumPoolSize(10);
        return new HikariDataSource(c);
    }

    @Test
    void withoutADataSourceCascadeKeepsEverythingInMemory() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(Cascade.class).hasSingleBean(Resolver.class).hasSingleBean(NamespaceManagement.class);
            Cascade cascade = ctx.getBean(Cascade.class);
            assertThat(cascade.storage().name()).isEqualTo("memory");
            assertThat(ctx.getBean(Resolver.class)).isSameAs(cascade.resolver());
            assertThat(ctx).doesNotHaveBean(MicrometerCascadeObserver.class);
        });
    }

    @Test
    void withADataSourceCascadeStoresInItAndNeverClosesIt() {
        HikariDataSource ds = h2();
        try {
            runner.withBean(DataSource.class, () -> ds, bd -> bd.setDestroyMethodName(""))
                    .withPropertyValues("cascade.storage.properties.encryptionKey.k1=" + KEY,
                            "cascade.storage.properties.table-prefix=boot_")
                    .run(ctx -> {
                        Cascade cascade = ctx.getBean(Cascade.class);
                        assertThat(cascade.storage().name()).isEqualTo("jdbc");
                        assertThat(cascade.secretStores().defaultName()).isEqualTo("jdbc");
                        NamespaceId ns = NamespaceId.of("company.marketing");
                        var admin = cascade.management().session(TenantId.DEFAULT, Actor.user("alice"));
                        admin.createNamespace(ns, NamespaceProperties.ofDescription("Marketing"));
                        admin.putSecret(ns, SecretKey.of("K"), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
                        assertThat(cascade.resolver().render(TenantId.DEFAULT, ns, "{{ secret('K') }}", Map.of()).output())
                                .isEqualTo(VALUE);
                        try (var c = ds.getConnection(); var rs = c.getMetaData().getTables(null, null, "BOOT_%", null)) {
                            assertThat(rs.next()).as("tables with the configured prefix").isTrue();
                        }
                    });
            assertThat(ds.isClosed()).as("the application's DataSource after the context closed").isFalse();
        } finally {
            ds.close();
        }
    }

    @Test
    void withMicrometerTheBindingIsInstalled() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        runner.withBean(MeterRegistry.class, () -> meters).withBean(ObservationRegistry.class, () -> observations)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(MicrometerCascadeObserver.class).hasSingleBean(CascadeCacheMetrics.class);
                    Cascade cascade = ctx.getBean(Cascade.class);
                    cascade.resolver().render(TenantId.DEFAULT, NamespaceId.of("a"), "{{ 1 }}", Map.of());
                    assertThat(meters.get("cascade.resolve").tags("operation", "render").timer().count()).isEqualTo(1);
                    assertThat(meters.get("cascade.backend").tags("operation", "read namespace chain").timer().count()).isPositive();
                });
        runner.withBean(MeterRegistry.class, () -> new SimpleMeterRegistry())
                .withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withPropertyValues("cascade.observation.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MicrometerCascadeObserver.class));
    }

    @Test
    void rbacOnEnforcesTheRoleBasedPolicy() {
        runner.withPropertyValues("cascade.rbac.enabled=true").run(ctx ->
                assertThat(ctx.getBean(Cascade.class).accessPolicy()).isInstanceOf(RoleBasedAccessPolicy.class));
        runner.run(ctx ->
                assertThat(ctx.getBean(Cascade.class).accessPolicy()).isNotInstanceOf(RoleBasedAccessPolicy.class));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        Cascade own = Cascade.builder().build();
        try {
            runner.withBean(Cascade.class, () -> own, bd -> bd.setDestroyMethodName("")).run(ctx -> {
                assertThat(ctx.getBean(Cascade.class)).isSameAs(own);
                assertThat(ctx.getBean(Resolver.class)).isSameAs(own.resolver());
            });
        } finally {
            own.close();
        }
        runner.withPropertyValues("cascade.enabled=false").run(ctx -> assertThat(ctx).doesNotHaveBean(Cascade.class));
        runner.withBean(CascadeBuilderCustomizer.class, () -> b -> b.requireExistingNamespace(true))
                .run(ctx -> assertThat(ctx.getBean(Cascade.class).requireExistingNamespace()).isTrue());
    }

    @Test
    void cacheSettingsAndGlobalDefaultsComeFromProperties() {
        runner.withPropertyValues("cascade.cache.namespace-cache-size=123", "cascade.cache.secretExpireAfterWrite=10m",
                        "cascade.global-plugin-defaults=classpath:cascade/global-defaults.yml")
                .run(ctx -> {
                    Cascade cascade = ctx.getBean(Cascade.class);
                    assertThat(cascade.resolver().cacheConfig().namespaceCacheSize()).isEqualTo(123);
                    assertThat(cascade.resolver().cacheConfig().secretExpireAfterWrite()).hasMinutes(10);
                    assertThat(cascade.globalPluginDefaults()).singleElement()
                            .satisfies(d -> assertThat(d.type()).isEqualTo("io.kestra.plugin.aws"));
                });
    }

    @Test
    void badPropertiesFailAtStartupWithTheOneMessageFormat() {
        runner.withPropertyValues("cascade.cache.backendTimeout=10", "cascade.cache.maskMinLength=0").run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable root = ctx.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("backendTimeout was '10' but it has no unit")
                    .hasMessageContaining("maskMinLength was '0' but it must be");
        });
        runner.withPropertyValues("cascade.secret-stores.vault.properties.address=https://vault:8200").run(ctx ->
                assertThat(ctx).getFailure().rootCause().isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("cascade.secret-stores.vault.provider was '' but it is required"));
        runner.withPropertyValues("cascade.storage.provider=nosuch").run(ctx ->
                assertThat(ctx).getFailure().rootCause().isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("nosuch"));
    }

    @Test
    void healthHasAComponentPerStoreAndNeverASecret() {
        SecretStore broken = new SecretStore() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public java.util.Optional<SecretValue> get(TenantId t, NamespaceId n, SecretKey k) {
                throw new IllegalStateException("connection to backend failed, password " + VALUE);
            }

            @Override
            public java.util.List<dev.cascade.secret.SecretMetadata> list(TenantId t, NamespaceId n) {
                throw new IllegalStateException("connection to backend failed, password " + VALUE);
            }

            @Override
            public dev.cascade.secret.SecretMetadata put(TenantId t, NamespaceId n, SecretKey k, SecretValue v,
                                                         SecretAttributes a, long ev) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean delete(TenantId t, NamespaceId n, SecretKey k, long ev) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.Optional<dev.cascade.secret.SecretMetadata> metadata(TenantId t, NamespaceId n, SecretKey k) {
                throw new IllegalStateException("connection to backend failed, password " + VALUE);
            }
        };
        runner.withPropertyValues("cascade.secret-stores.mem.provider=memory")
                .withBean(CascadeBuilderCustomizer.class, () -> b -> b.secretStore("broken", broken))
                .run(ctx -> {
                    CompositeHealthContributor cascade = (CompositeHealthContributor) ctx.getBean("cascadeHealthContributor",
                            HealthContributor.class);
                    Health storage = ((HealthIndicator) cascade.getContributor("storage")).health();
                    assertThat(storage.getStatus()).isEqualTo(Status.UP);
                    assertThat(storage.getDetails()).containsEntry("backend", "memory");
                    assertThat(((HealthIndicator) cascade.getContributor("secretStore-mem")).health().getStatus())
                            .isEqualTo(Status.UP);
                    Health down = ((HealthIndicator) cascade.getContributor("secretStore-broken")).health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("backend", "broken");
                    assertThat(down.getDetails().get("reason").toString()).contains("IllegalStateException")
                            .doesNotContain(VALUE);
                });
    }

    @Test
    void propertiesMetadataIsGeneratedForIdes() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(json).contains("\"cascade.storage.provider\"", "\"cascade.rbac.enabled\"", "\"cascade.cache\"",
                    "\"cascade.global-plugin-defaults\"", "\"cascade.observation.namespace-tag\"", "cascade.cache.keys");
            // the keys offered for cascade.cache.* are exactly the resolver's settings
            var hints = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("hints");
            java.util.Set<String> cacheKeys = new java.util.TreeSet<>();
            for (var hint : hints) {
                if (hint.get("name").asText().equals("cascade.cache.keys")) {
                    hint.get("values").forEach(v -> cacheKeys.add(v.get("value").asText()));
                }
            }
            assertThat(cacheKeys).isEqualTo(new java.util.TreeSet<>(dev.cascade.resolve.ResolverCacheConfig.PROPERTIES));
        }
    }
}
