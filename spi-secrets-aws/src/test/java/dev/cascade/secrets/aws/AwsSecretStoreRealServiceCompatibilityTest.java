package dev.cascade.secrets.aws;

import dev.cascade.backend.InMemoryStorage;
import dev.cascade.kit.SecretStoreCompatibilityKit;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.resolve.Resolver;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract kit against a real Secrets Manager endpoint, when one is configured:
 * {@code CASCADE_AWS_TEST_REGION} (with the SDK's standard credentials: environment, profile, ...) and
 * optionally {@code CASCADE_AWS_TEST_ENDPOINT} (an emulator or VPC endpoint). Otherwise every test is
 * skipped and a line says so. Secrets go under the prefix {@code cascade-test} (or
 * {@code CASCADE_AWS_TEST_PREFIX}) and are force-deleted after each test by the names its stores created
 * (recorded from their {@code CreateSecret} requests, not looked up with the eventually consistent
 * {@code ListSecrets}). The store declares its listing eventually consistent, so the kit's assertions about
 * {@code list} wait up to five minutes (the lag the API reference allows); reads are checked at once. One
 * more test resolves a child namespace's secret written a moment ago by another store instance.
 */
class AwsSecretStoreRealServiceCompatibilityTest extends SecretStoreCompatibilityKit {
    private static final String REGION = System.getenv("CASCADE_AWS_TEST_REGION");
    private static final String ENDPOINT = System.getenv("CASCADE_AWS_TEST_ENDPOINT");
    private static final String PREFIX = System.getenv().getOrDefault("CASCADE_AWS_TEST_PREFIX", "cascade-test");

    /** Every name a store of this test created, recorded from the CreateSecret requests it sent. */
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private AwsSecretStoreConfig config;

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
        config = b.build();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof CreateSecretRequest c) {
                    created.add(c.name());
                }
            }
        };
        // a store on a client built like create() builds it, plus the recorder; the test closes the client
        SecretsManagerClient client = AwsSecretStore.buildClient(config, recorder);
        clients.add(client);
        return AwsSecretStore.withClient(config, client);
    }

    private final List<SecretsManagerClient> clients = new ArrayList<>();

    @Override
    protected int concurrencyRounds() {
        return 3;
    }

    /** "ListSecrets might not reflect changes from the last five minutes" (API_ListSecrets). */
    @Override
    protected java.time.Duration listingDeadline() {
        return java.time.Duration.ofMinutes(5);
    }

    @Test
    void aChildsSecretWrittenByAnotherProcessIsResolvedAtOnce() {
        SecretStore otherProcess = createStore();
        try {
            SecretKey key = SecretKey.of("REAL_LAG");
            otherProcess.put(tenant, ns, key, SecretValue.of("parent-value"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            InMemoryStorage storage = new InMemoryStorage();
            storage.namespaces().create(tenant, ns, NamespaceProperties.EMPTY);
            storage.namespaces().create(tenant, child, NamespaceProperties.EMPTY);
            try (Resolver resolver = Resolver.builder().storage(storage).secretStores(SecretStores.single(store))
                    .executor(Runnable::run).build()) {
                assertThat(resolver.render(tenant, child, "{{ secret('REAL_LAG') }}", Map.of()).output())
                        .isEqualTo("parent-value");
                otherProcess.put(tenant, child, key, SecretValue.of("child-value"), SecretAttributes.NONE,
                        SecretStore.ANY_VERSION);
                resolver.invalidateAll(); // what the other process's write event does in a deployment that has one
                assertThat(resolver.render(tenant, child, "{{ secret('REAL_LAG') }}", Map.of()).output())
                        .isEqualTo("child-value");
            }
        } finally {
            otherProcess.close();
        }
    }

    /** Deletes by the recorded names (ListSecrets is eventually consistent and could miss a fresh secret). */
    @AfterEach
    void deleteWhatTheTestCreated() {
        if (config == null) {
            return;
        }
        try (SecretsManagerClient client = AwsSecretStore.buildClient(config)) {
            for (String name : created) {
                try {
                    client.deleteSecret(d -> d.secretId(name).forceDeleteWithoutRecovery(true));
                } catch (ResourceNotFoundException e) {
                    // the test deleted it already
                }
            }
        } finally {
            created.clear();
            clients.forEach(SecretsManagerClient::close);
            clients.clear();
        }
    }
}
