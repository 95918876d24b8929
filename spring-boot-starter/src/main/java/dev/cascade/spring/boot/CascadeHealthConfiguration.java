package dev.cascade.spring.boot;

import dev.cascade.Cascade;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One health component {@code cascade} with a member per store: {@code storage} and {@code secretStore-<name>}, when
 * Spring Boot's health module is present.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
class CascadeHealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "cascadeHealthContributor")
    HealthContributor cascadeHealthContributor(Cascade cascade) {
        Map<String, HealthContributor> members = new LinkedHashMap<>();
        members.put("storage", CascadeStoreHealthIndicator.storage(cascade.storage()));
        cascade.secretStores().all().forEach((name, store) ->
                members.put("secretStore-" + name, CascadeStoreHealthIndicator.secretStore(name, store)));
        return CompositeHealthContributor.fromMap(members);
    }
}
