package dev.cascade.secrets.aws;

import dev.cascade.kit.ProviderCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;
import java.util.Set;

/** The {@code aws-secrets-manager} provider against the provider kit, building stores on the in-process fake. */
class AwsProviderCompatibilityTest extends ProviderCompatibilityKit {
    private static FakeSecretsManager fake;

    @BeforeAll
    static void startFake() throws Exception {
        fake = new FakeSecretsManager();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Override
    protected Kind kind() {
        return Kind.SECRET_STORE;
    }

    @Override
    protected String providerName() {
        return "aws-secrets-manager";
    }

    @Override
    protected Map<String, String> validProperties() {
        return Map.of("region", "us-east-1", "endpoint", fake.endpoint().toString(), "accessKeyId", "AKIAKITFAKE",
                "secretAccessKey", "kit-aws-secret-access-key", "prefix", "provider-kit");
    }

    @Override
    protected Map<String, String> invalidProperties() {
        return Map.of("maxAttempts", "-1", "region", "Not A Region", "readOnly", "perhaps");
    }

    @Override
    protected Set<String> secretProperties() {
        return Set.of("secretAccessKey");
    }
}
