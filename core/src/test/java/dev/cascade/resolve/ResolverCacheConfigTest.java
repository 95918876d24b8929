package dev.cascade.resolve;

import dev.cascade.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ResolverCacheConfig}: the defaults and limits of docs/resolver.md's table. */
class ResolverCacheConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        ResolverCacheConfig d = ResolverCacheConfig.DEFAULTS;
        assertThat(d.namespaceCacheSize()).isEqualTo(10_000);
        assertThat(d.namespaceExpireAfterWrite()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.secretCacheSize()).isEqualTo(10_000);
        assertThat(d.secretExpireAfterWrite()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.secretRefreshAhead()).isEqualTo(Duration.ofMinutes(4));
        assertThat(d.secretStaleIfError()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.secretNegativeTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.backendTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.templateCacheSize()).isEqualTo(10_000);
        assertThat(d.planCacheSize()).isEqualTo(10_000);
        assertThat(d.maxRenderedChars()).isEqualTo(1_000_000);
        assertThat(d.templateCacheMaxChars()).isEqualTo(8_000_000);
        assertThat(d.maxTemplateSteps()).isEqualTo(5_000_000);
        assertThat(d.maxRangeLength()).isEqualTo(100_000);
        assertThat(d.maxRenderDepth()).isEqualTo(16);
        assertThat(d.maskMinLength()).isEqualTo(4);
        assertThat(d.secretPrefetchMaxKeys()).isEqualTo(64);
        assertThat(ResolverCacheConfig.builder().build()).isEqualTo(d);
    }

    @Test
    void everySettingHasItsSmallestValidValue() {
        ResolverCacheConfig c = ResolverCacheConfig.builder()
                .namespaceCacheSize(1).namespaceExpireAfterWrite(Duration.ofNanos(1))
                .secretCacheSize(1).secretExpireAfterWrite(Duration.ofNanos(2)).secretRefreshAhead(Duration.ofNanos(1))
                .secretStaleIfError(Duration.ZERO).secretNegativeTtl(Duration.ofNanos(1)).backendTimeout(Duration.ofNanos(1))
                .templateCacheSize(1).maxRenderedChars(1).maskMinLength(1).planCacheSize(1).templateCacheMaxChars(1)
                .maxTemplateSteps(1).maxRangeLength(0).maxRenderDepth(1).secretPrefetchMaxKeys(0).build();
        assertThat(c).isEqualTo(new ResolverCacheConfig(1, Duration.ofNanos(1), 1, Duration.ofNanos(2),
                Duration.ofNanos(1), Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(1), 1, 1, 1, 1, 1, 1, 0, 1,
                0));
        assertThat(ResolverCacheConfig.builder().secretPrefetchMaxKeys(ResolverCacheConfig.MAX_PREFETCH_KEYS).build()
                .secretPrefetchMaxKeys()).isEqualTo(10_000);
    }

    @Test
    void everyBadSettingIsReportedAtOnce() {
        assertThatThrownBy(() -> ResolverCacheConfig.builder()
                .namespaceCacheSize(0).namespaceExpireAfterWrite(Duration.ZERO)
                .secretCacheSize(0).secretExpireAfterWrite(Duration.ofSeconds(-1)).secretRefreshAhead(null)
                .secretStaleIfError(Duration.ofSeconds(-1)).secretNegativeTtl(Duration.ZERO).backendTimeout(null)
                .templateCacheSize(0).maxRenderedChars(0).maskMinLength(0).planCacheSize(0).templateCacheMaxChars(0)
                .maxTemplateSteps(0).maxRangeLength(-1).maxRenderDepth(0).secretPrefetchMaxKeys(-1).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("namespaceCacheSize was '0' but it must be at least 1")
                .hasMessageContaining("namespaceExpireAfterWrite was 'PT0S' but it must be a positive duration")
                .hasMessageContaining("secretCacheSize was '0'")
                .hasMessageContaining("secretExpireAfterWrite was 'PT-1S' but it must be a positive duration")
                .hasMessageContaining("secretRefreshAhead was 'null' but it must be a positive duration")
                .hasMessageContaining("secretStaleIfError was 'PT-1S' but it must be zero or positive")
                .hasMessageContaining("secretNegativeTtl was 'PT0S'")
                .hasMessageContaining("backendTimeout was 'null'")
                .hasMessageContaining("templateCacheSize was '0'")
                .hasMessageContaining("maxRenderedChars was '0' but it must be at least 1")
                .hasMessageContaining("maskMinLength was '0' but it must be at least 1")
                .hasMessageContaining("planCacheSize was '0'")
                .hasMessageContaining("templateCacheMaxChars was '0'")
                .hasMessageContaining("maxTemplateSteps was '0'")
                .hasMessageContaining("maxRangeLength was '-1' but it must be zero or positive")
                .hasMessageContaining("maxRenderDepth was '0' but it must be at least 1")
                .hasMessageContaining("secretPrefetchMaxKeys was '-1' but it must be between 0 and 10000");
        assertThatThrownBy(() -> ResolverCacheConfig.builder().secretPrefetchMaxKeys(10_001).build())
                .hasMessageContaining("secretPrefetchMaxKeys was '10001' but it must be between 0 and 10000");
        assertThatThrownBy(() -> ResolverCacheConfig.builder().secretStaleIfError(null).build())
                .hasMessageContaining("secretStaleIfError was 'null'");
    }

    @Test
    void refreshAheadMustBeShorterThanExpiry() {
        assertThatThrownBy(() -> ResolverCacheConfig.builder().secretExpireAfterWrite(Duration.ofMinutes(5))
                .secretRefreshAhead(Duration.ofMinutes(5)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("secretRefreshAhead was 'PT5M' but it must be shorter than secretExpireAfterWrite (PT5M)");
        assertThat(ResolverCacheConfig.builder().secretExpireAfterWrite(Duration.ofMinutes(5))
                .secretRefreshAhead(Duration.ofMinutes(5).minusNanos(1)).build().secretRefreshAhead())
                .isEqualTo(Duration.ofMinutes(5).minusNanos(1));
        // a negative refresh-ahead is reported once, as not positive, not also as too long
        assertThatThrownBy(() -> ResolverCacheConfig.builder().secretRefreshAhead(Duration.ofMinutes(-9)).build())
                .hasMessageNotContaining("shorter than");
        assertThatThrownBy(() -> ResolverCacheConfig.builder().secretExpireAfterWrite(null).build())
                .hasMessageContaining("secretExpireAfterWrite was 'null'").hasMessageNotContaining("shorter than");
    }

    @Test
    void everyPropertyIsReadByItsName() {
        Map<String, String> p = new HashMap<>();
        p.put("namespaceCacheSize", "11");
        p.put("namespaceExpireAfterWrite", "12s");
        p.put("secretCacheSize", "13");
        p.put("secretExpireAfterWrite", "14s");
        p.put("secretRefreshAhead", "13s");
        p.put("secretStaleIfError", "0s");
        p.put("secretNegativeTtl", "15s");
        p.put("backendTimeout", "16s");
        p.put("templateCacheSize", "17");
        p.put("maxRenderedChars", "18");
        p.put("maskMinLength", "19");
        p.put("planCacheSize", "20");
        p.put("templateCacheMaxChars", "21");
        p.put("maxTemplateSteps", "22");
        p.put("maxRangeLength", "23");
        p.put("maxRenderDepth", "24");
        p.put("secretPrefetchMaxKeys", "25");
        assertThat(p.keySet()).isEqualTo(ResolverCacheConfig.PROPERTIES);
        assertThat(ResolverCacheConfig.fromProperties(p)).isEqualTo(new ResolverCacheConfig(11, Duration.ofSeconds(12),
                13, Duration.ofSeconds(14), Duration.ofSeconds(13), Duration.ZERO, Duration.ofSeconds(15),
                Duration.ofSeconds(16), 17, 18, 19, 20, 21, 22, 23, 24, 25));
        assertThat(ResolverCacheConfig.fromProperties(Map.of())).isEqualTo(ResolverCacheConfig.DEFAULTS);
        assertThatThrownBy(() -> ResolverCacheConfig.fromProperties(Map.of("secretPrefetchMaxKeys", "10001")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("secretPrefetchMaxKeys was '10001'");
        assertThatThrownBy(() -> ResolverCacheConfig.fromProperties(Map.of("maskMinLength", "0", "unknownThing", "1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maskMinLength").hasMessageContaining("unknownThing");
    }
}
