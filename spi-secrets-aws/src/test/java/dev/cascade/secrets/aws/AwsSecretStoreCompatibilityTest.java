package dev.cascade.secrets.aws;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract kit through the real SDK client against the in-process fake. */
class AwsSecretStoreCompatibilityTest extends SecretStoreCompatibilityKit {
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
    protected SecretStore createStore() {
        return AwsSecretStore.create(fake.config().build());
    }
}
