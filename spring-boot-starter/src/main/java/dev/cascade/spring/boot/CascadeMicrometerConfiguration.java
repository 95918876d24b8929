package dev.cascade.spring.boot;

import dev.cascade.micrometer.CascadeCacheMetrics;
import dev.cascade.micrometer.MicrometerCascadeObserver;
import dev.cascade.resolve.Resolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Micrometer binding, when {@code cascade-micrometer} is present and the application has an
 * {@link ObservationRegistry} and a {@link MeterRegistry} (Spring Boot's actuator makes both). The cache binder is a
 * {@code MeterBinder} bean, which Spring Boot binds to its registries.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"dev.cascade.micrometer.MicrometerCascadeObserver",
        "io.micrometer.observation.ObservationRegistry", "io.micrometer.core.instrument.MeterRegistry"})
@ConditionalOnBooleanProperty(name = "cascade.observation.enabled", matchIfMissing = true)
class CascadeMicrometerConfiguration {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ObservationRegistry.class, MeterRegistry.class})
    MicrometerCascadeObserver cascadeMicrometerObserver(ObservationRegistry observations, MeterRegistry meters,
                                                        CascadeProperties properties) {
        return MicrometerCascadeObserver.builder(observations, meters)
                .namespaceTag(properties.getObservation().isNamespaceTag())
                .tenantTag(properties.getObservation().isTenantTag())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MeterRegistry.class)
    CascadeCacheMetrics cascadeCacheMetrics(Resolver resolver) {
        return new CascadeCacheMetrics(resolver);
    }
}
