package dev.cascade.spring.boot;

import dev.cascade.Cascade;
import dev.cascade.ConfigurationException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.management.NamespaceManagement;
import dev.cascade.observe.CascadeObserver;
import dev.cascade.resolve.Resolver;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.yaml.NamespaceDocuments;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link Cascade} from {@code cascade.*} properties and exposes it with its {@link Resolver} and {@link
 * NamespaceManagement}. Storage: {@code cascade.storage.provider} with its properties; {@code jdbc} without a
 * {@code url} (or no provider at all, when {@code cascade-storage-jdbc} is present) uses the application's
 * {@link DataSource}, which Cascade never closes. Every {@link CascadeObserver} bean is installed (the Micrometer
 * one among them when Micrometer is present), and every {@link CascadeBuilderCustomizer} bean is applied last.
 * Each bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "cascade.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CascadeProperties.class)
@Import({CascadeMicrometerConfiguration.class, CascadeHealthConfiguration.class})
public class CascadeAutoConfiguration {
    private static final String JDBC_STORAGE = "dev.cascade.storage.jdbc.JdbcStorage";

    /** Closed with the context: closes what it created (pools it opened, provider-made stores), never the DataSource. */
    @Bean
    @ConditionalOnMissingBean
    public Cascade cascade(CascadeProperties properties, ObjectProvider<DataSource> dataSources,
                           ObjectProvider<CascadeObserver> observers, ObjectProvider<CascadeBuilderCustomizer> customizers) {
        Cascade.Builder b = Cascade.builder().closeOnShutdown(true);
        storage(b, properties.getStorage(), dataSources);
        properties.getSecretStores().forEach((name, store) -> {
            if (store.getProvider() == null || store.getProvider().isBlank()) {
                throw new ConfigurationException("Invalid Cascade configuration: cascade.secret-stores." + name
                        + ".provider was '' but it is required (vault, aws, env, memory, jdbc or your own provider)");
            }
            b.secretStore(name, store.getProvider(), PropertyNames.canonical(store.getProperties(), PropertyNames.NONE));
        });
        if (properties.getDefaultSecretStore() != null && !properties.getDefaultSecretStore().isBlank()) {
            b.defaultSecretStore(properties.getDefaultSecretStore());
        }
        b.cacheConfig(ResolverCacheConfig.fromProperties(PropertyNames.canonical(properties.getCache(),
                ResolverCacheConfig.PROPERTIES)));
        if (properties.getRbac().isEnabled()) {
            b.roleBasedAccessControl();
        }
        if (properties.getGlobalPluginDefaults() != null) {
            b.globalPluginDefaults(globalDefaults(properties.getGlobalPluginDefaults()));
        }
        b.requireExistingNamespace(properties.isRequireExistingNamespace());
        List<CascadeObserver> all = observers.orderedStream().toList();
        if (!all.isEmpty()) {
            b.observer(CascadeObserver.composite(all));
        }
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    private static void storage(Cascade.Builder b, CascadeProperties.Storage storage, ObjectProvider<DataSource> dataSources) {
        String provider = storage.getProvider();
        boolean jdbcPresent = ClassUtils.isPresent(JDBC_STORAGE, CascadeAutoConfiguration.class.getClassLoader());
        DataSource dataSource = dataSources.getIfUnique();
        if (provider == null || provider.isBlank()) {
            provider = jdbcPresent && dataSource != null ? "jdbc" : "memory";
        }
        Map<String, String> props = PropertyNames.canonical(storage.getProperties(),
                "jdbc".equals(provider) ? PropertyNames.JDBC : PropertyNames.NONE);
        if (!"jdbc".equals(provider)) {
            b.storage(provider, props);
            return;
        }
        if (!jdbcPresent) {
            throw new ConfigurationException("Invalid Cascade configuration: cascade.storage.provider was 'jdbc' but "
                    + "dev.cascade:cascade-storage-jdbc is not on the class path; add it as a dependency");
        }
        if (props.containsKey("url") || dataSource == null) {
            b.backend("jdbc", props); // Cascade opens (and closes) its own pool
        } else {
            b.backend(JdbcBackends.onDataSource(dataSource, props));
        }
    }

    private static List<PluginDefault> globalDefaults(Resource resource) {
        String yaml;
        try (InputStream in = resource.getInputStream()) {
            yaml = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException("Invalid Cascade configuration: cascade.global-plugin-defaults was '"
                    + resource.getDescription() + "' but it cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return new NamespaceDocuments().readPluginDefaults(yaml);
    }

    /** The instance's resolver; closed by the {@link Cascade} bean, not by the context. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public Resolver cascadeResolver(Cascade cascade) {
        return cascade.resolver();
    }

    @Bean
    @ConditionalOnMissingBean
    public NamespaceManagement cascadeNamespaceManagement(Cascade cascade) {
        return cascade.management();
    }
}
