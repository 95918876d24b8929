package dev.cascade.secrets.aws;

import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;

import java.util.Map;

/**
 * Provider {@code aws-secrets-manager}: an {@link AwsSecretStore} from the properties listed in
 * {@link AwsSecretStoreConfig#PROPERTIES}. Stateless and thread-safe.
 */
public final class AwsSecretStoreProvider implements SecretStoreProvider {
    /** The name configurations use to choose this provider. */
    public static final String NAME = "aws-secrets-manager";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SecretStore create(Map<String, String> properties) {
        return AwsSecretStore.create(AwsSecretStoreConfig.fromProperties(properties));
    }
}
