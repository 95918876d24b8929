package dev.cascade.secrets.aws;

import dev.cascade.ConfigurationException;
import dev.cascade.internal.ProviderLoader;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsSecretStoreConfigTest {

    @Test
    void defaults() {
        AwsSecretStoreConfig c = AwsSecretStoreConfig.fromProperties(Map.of());
        assertThat(c.prefix()).isEqualTo("cascade");
        assertThat(c.readOnly()).isFalse();
        assertThat(c.adoptBy()).isEqualTo(AwsSecretStoreConfig.AdoptBy.NAME);
        assertThat(c.recoveryWindowDays()).isEqualTo(30);
        assertThat(c.forceDelete()).isFalse();
        assertThat(c.batchGet()).isTrue();
        assertThat(c.maxAttempts()).isEqualTo(3);
        assertThat(c.hasStaticCredentials()).isFalse();
        assertThat(c.region()).isEmpty();
    }

    @Test
    void readsEveryProperty() {
        Map<String, String> p = new HashMap<>();
        p.put("region", "eu-west-1");
        p.put("endpoint", "https://secretsmanager.eu-west-1.amazonaws.com");
        p.put("accessKeyId", "AKIAEXAMPLE");
        p.put("secretAccessKey", "very-secret-key");
        p.put("sessionToken", "very-secret-token");
        p.put("prefix", "org/cascade");
        p.put("readOnly", "true");
        p.put("adoptBy", "tags");
        p.put("adoptNamePrefix", "prod/");
        p.put("requiredTags", "env=prod, owner=platform");
        p.put("recoveryWindowDays", "7");
        p.put("forceDelete", "true");
        p.put("kmsKeyId", "alias/cascade");
        p.put("batchGet", "false");
        p.put("maxAttempts", "5");
        p.put("retryMode", "adaptive");
        p.put("connectTimeout", "500ms");
        p.put("readTimeout", "10s");
        p.put("apiCallTimeout", "PT2M");
        AwsSecretStoreConfig c = AwsSecretStoreConfig.fromProperties(p);
        assertThat(c.region()).contains("eu-west-1");
        assertThat(c.endpoint()).isPresent();
        assertThat(c.accessKeyId()).contains("AKIAEXAMPLE");
        assertThat(c.secretAccessKey()).contains("very-secret-key");
        assertThat(c.sessionToken()).contains("very-secret-token");
        assertThat(c.prefix()).isEqualTo("org/cascade");
        assertThat(c.readOnly()).isTrue();
        assertThat(c.adoptBy()).isEqualTo(AwsSecretStoreConfig.AdoptBy.TAGS);
        assertThat(c.adoptNamePrefix()).contains("prod/");
        assertThat(c.requiredTags()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "owner", "platform"));
        assertThat(c.recoveryWindowDays()).isEqualTo(7);
        assertThat(c.forceDelete()).isTrue();
        assertThat(c.kmsKeyId()).contains("alias/cascade");
        assertThat(c.batchGet()).isFalse();
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.retryMode()).isEqualTo(AwsSecretStoreConfig.RetryMode.ADAPTIVE);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.apiCallTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.toString()).doesNotContain("very-secret-key").doesNotContain("very-secret-token");
    }

    @Test
    void reportsEveryBadPropertyAtOnceWithoutEchoingSecrets() {
        Map<String, String> p = new HashMap<>();
        p.put("region", "EU West");
        p.put("endpoint", "ftp://nowhere");
        p.put("secretAccessKey", "hush-key-value");
        p.put("sessionToken", "hush-token-value");
        p.put("prefix", "/bad prefix/");
        p.put("adoptBy", "tags");
        p.put("recoveryWindowDays", "3");
        p.put("forceDelete", "maybe");
        p.put("maxAttempts", "zero");
        p.put("retryMode", "eager");
        p.put("readTimeout", "soon");
        p.put("requiredTags", "key=x");
        p.put("unknownSecretThing", "hush-unknown-value");
        assertThatThrownBy(() -> AwsSecretStoreConfig.fromProperties(p))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("region was 'EU West' but it")
                        .contains("endpoint was 'ftp://nowhere' but it")
                        .contains("accessKeyId was '' but it is required when secretAccessKey is set")
                        .contains("sessionToken was '<redacted>'")
                        .contains("prefix was '/bad prefix/' but it may only use")
                        .contains("must not start or end with '/'")
                        .contains("adoptBy was 'tags' but it needs readOnly=true")
                        .contains("recoveryWindowDays was '3' but it must be between 7 and 30")
                        .contains("forceDelete was 'maybe' but it must be true or false")
                        .contains("maxAttempts was 'zero' but it is not a whole number")
                        .contains("retryMode was 'eager'")
                        .contains("readTimeout was 'soon' but it is not a duration")
                        .contains("tag key 'key' is reserved")
                        .contains("unknownSecretThing was '<redacted>' but it is not a property")
                        .doesNotContain("hush-key-value")
                        .doesNotContain("hush-token-value")
                        .doesNotContain("hush-unknown-value"));
    }

    @Test
    void builderValidatesToo() {
        assertThatThrownBy(() -> AwsSecretStoreConfig.builder().prefix("").maxAttempts(0)
                .readTimeout(Duration.ZERO).adoptNamePrefix("x/").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("prefix was '' but it must not be empty")
                .hasMessageContaining("maxAttempts was '0' but it must be between 1 and 20")
                .hasMessageContaining("readTimeout was 'PT0S' but it must be a positive duration")
                .hasMessageContaining("adoptNamePrefix was 'x/' but it applies only with adoptBy=tags");
    }

    @Test
    void versionIdsCarryTheCounter() {
        assertThat(SecretNames.versionToken(7)).hasSizeBetween(32, 64).isEqualTo(SecretNames.versionToken(7));
        assertThat(SecretNames.versionOf(SecretNames.versionToken(7))).contains(7L);
        assertThat(SecretNames.versionOf(SecretNames.versionToken(123456789))).contains(123456789L);
        // ids of earlier releases carried a random part after the counter: still read
        assertThat(SecretNames.versionOf(SecretNames.versionToken(5) + "-0a1b2c3d4e5f")).contains(5L);
        assertThat(SecretNames.versionOf("3f2b8c9e-0a4d-4c1e-9b7a-2e5f6d7c8b9a")).isEmpty();
        assertThat(SecretNames.versionOf("cascade-version-12")).isEmpty();
        assertThat(SecretNames.cascadeCurrentVersion(Map.of())).isEmpty();
        assertThat(SecretNames.cascadeCurrentVersion(Map.of(SecretNames.versionToken(4), java.util.List.of("AWSCURRENT"),
                SecretNames.versionToken(3), java.util.List.of("AWSPREVIOUS")))).contains(4L);
        assertThat(SecretNames.cascadeCurrentVersion(Map.of("foreign-uuid-0000000000000000000000", java.util.List.of("AWSCURRENT"),
                SecretNames.versionToken(3), java.util.List.of("AWSPREVIOUS")))).isEmpty();
    }

    @Test
    void endpointWithUserInfoIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> AwsSecretStoreConfig.builder().region("us-east-1")
                .endpoint(java.net.URI.create("https://admin:hunter2@vpce.example.com")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("endpoint was '<redacted>' but it must not carry user information")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("admin");
        assertThatThrownBy(() -> AwsSecretStoreConfig.fromProperties(Map.of("region", "us-east-1",
                "endpoint", "https://admin:hunter2@vpce.example.com/")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must not carry user information").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> AwsSecretStoreConfig.fromProperties(Map.of("endpoint", "https://a:hunter2@bad host/")))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> AwsSecretStoreConfig.builder().tagCacheTtl(java.time.Duration.ofSeconds(-1)).build())
                .hasMessageContaining("tagCacheTtl was 'PT-1S' but it must be between zero and one hour");
    }

    @Test
    void providerIsFoundByNameAndBuildsAWorkingStore() throws Exception {
        SecretStoreProvider provider = ProviderLoader.find(SecretStoreProvider.class, "aws-secrets-manager",
                SecretStoreProvider::name, getClass().getClassLoader());
        assertThat(provider).isInstanceOf(AwsSecretStoreProvider.class);
        try (FakeSecretsManager fake = new FakeSecretsManager()) {
            Map<String, String> props = Map.of("region", "us-east-1", "endpoint", fake.endpoint().toString(),
                    "accessKeyId", "AKIAFAKE", "secretAccessKey", "fake", "prefix", "via-provider");
            try (SecretStore store = provider.create(props)) {
                assertThat(store.name()).isEqualTo("aws-secrets-manager");
                store.put(TenantId.DEFAULT, NamespaceId.of("a"), SecretKey.of("K"), SecretValue.of("v"),
                        SecretAttributes.NONE, SecretStore.ANY_VERSION);
                assertThat(fake.secret("via-provider/main/a/K")).isNotNull();
            }
        }
        assertThatThrownBy(() -> provider.create(Map.of("maxAttempts", "-1")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxAttempts was '-1'");
    }
}
