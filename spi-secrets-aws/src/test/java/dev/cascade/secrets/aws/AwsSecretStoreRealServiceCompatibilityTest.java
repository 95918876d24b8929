package dev.cascade.secrets.aws;

import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract kit against a real Secrets Manager endpoint, when one is configured:
 * {@code CASCADE_AWS_TEST_REGION} (with the SDK's standard credentials: environment, profile, ...) and
 * optionally {@code CASCADE_AWS_TEST_ENDPOINT} (an emulator or VPC endpoint). Otherwise every test is
 * skipped and a line says so. Secrets go under the prefix {@code cascade-test} (or
 * {@code CASCADE_AWS_TEST_PREFIX}) and are force-deleted after each test.
 */
class AwsSecretStoreRealServiceCompatibilityTest extends SecretStoreCompatibilityKit {
    private static final String REGION = System.getenv("CASCADE_AWS_TEST_REGION");
    private static final String ENDPOINT = System.getenv("CASCADE_AWS_TEST_ENDPOINT");
    private static final String PREFIX = System.getenv().getOrDefault("CASCADE_AWS_TEST_PREFIX", "cascade-test");

    private final List<AwsSecretStore> opened = new ArrayList<>();

    @BeforeAll
    static void requireEndpoint() {
        boolean configured = REGION != null && !REGION.isBlank();
        if (!configured) {
            System.out.println("[cascade-secrets-aws] Skipping AwsSecretStoreRealServiceCompatibilityTest: "
                    + "set CASCADE_AWS_TEST_REGION (and AWS credentials; optionally CASCADE_AWS_TEST_ENDPOINT) "
                    + "to run the contract kit against a real Secrets Manager endpoint");
        }
        assumeTrue(configured, "no real Secrets Manager endpoint configured (CASCADE_AWS_TEST_REGION)");
    }

    @Override
    protected SecretStore createStore() {
        AwsSecretStoreConfig.Builder b = AwsSecretStoreConfig.builder().region(REGION).prefix(PREFIX).forceDelete(true);
        if (ENDPOINT != null && !ENDPOINT.isBlank()) {
            b.endpoint(URI.create(ENDPOINT));
        }
        AwsSecretStore s = AwsSecretStore.create(b.build());
        opened.add(s);
        return s;
    }

    @Override
    protected int writesPerWriter() {
        return 3;
    }

    @AfterEach
    void deleteWhatTheTestCreated() {
        if (tenant == null) {
            return;
        }
        try (SecretsManagerClient client = AwsSecretStore.buildClient(opened.get(0).config())) {
            for (String t : List.of(tenant.value(), otherTenant.value())) {
                String next = null;
                do {
                    String token = next;
                    var r = client.listSecrets(b -> b.nextToken(token).filters(Filter.builder()
                            .key(FilterNameStringType.NAME).values(PREFIX + "/" + t + "/").build()));
                    for (SecretListEntry e : r.secretList()) {
                        client.deleteSecret(d -> d.secretId(e.arn()).forceDeleteWithoutRecovery(true));
                    }
                    next = r.nextToken();
                } while (next != null);
            }
        } finally {
            opened.clear();
        }
    }
}
