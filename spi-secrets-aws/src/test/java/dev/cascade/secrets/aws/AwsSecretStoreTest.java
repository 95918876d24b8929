package dev.cascade.secrets.aws;

import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.InvalidIdException;
import dev.cascade.NotFoundException;
import dev.cascade.ReadOnlyStoreException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour beyond the contract kit, through the real SDK client against the fake. */
class AwsSecretStoreTest {
    private static FakeSecretsManager fake;

    private final List<AwsSecretStore> stores = new ArrayList<>();
    private TenantId tenant;
    private final NamespaceId ns = NamespaceId.of("company.team");

    @BeforeAll
    static void startFake() throws Exception {
        fake = new FakeSecretsManager();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void freshTenant() {
        tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
        fake.listPageSize(100);
        fake.resetCounts();
        fake.listingLag(java.time.Duration.ofHours(1)); // ListSecrets lags, as AWS documents; tests settle it where they rely on it
    }

    @AfterEach
    void closeStores() {
        stores.forEach(AwsSecretStore::close);
    }

    private AwsSecretStore store(AwsSecretStoreConfig.Builder config) {
        AwsSecretStore s = AwsSecretStore.create(config.build());
        stores.add(s);
        return s;
    }

    private AwsSecretStore store() {
        return store(fake.config());
    }

    private static SecretKey key(String k) {
        return SecretKey.of(k);
    }

    private String name(String key) {
        return "cascade/" + tenant.value() + "/" + ns.value() + "/" + key;
    }

    @Test
    void createsNamedTaggedDescribedSecret() {
        AwsSecretStore store = store(fake.config().requiredTags(Map.of("owner", "cascade")));
        SecretMetadata m = store.put(tenant, ns, key("DB_PASSWORD"), SecretValue.of("pw-1"),
                new SecretAttributes("the database", Map.of("team", "data")), SecretStore.MUST_NOT_EXIST);

        FakeSecretsManager.Secret s = fake.secret(name("DB_PASSWORD"));
        assertThat(s).isNotNull();
        assertThat(store.secretName(tenant, ns, key("DB_PASSWORD"))).isEqualTo(name("DB_PASSWORD"));
        assertThat(s.description).isEqualTo("the database");
        assertThat(fake.tags(s.name)).containsExactlyInAnyOrderEntriesOf(Map.of("tenant", tenant.value(),
                "namespace", ns.value(), "key", "DB_PASSWORD", "team", "data", "owner", "cascade"));
        assertThat(s.current().id).startsWith(SecretNames.VERSION_PREFIX);
        // the caller sees its own tags (and the store's required ones), not the three the store manages
        assertThat(m.tags()).containsOnlyKeys("team", "owner");
        assertThat(store.metadata(tenant, ns, key("DB_PASSWORD")).orElseThrow().tags()).containsOnlyKeys("team", "owner");
        assertThat(store.list(tenant, ns).get(0).tags()).containsOnlyKeys("team", "owner");
    }

    @Test
    void namesMapReversiblyAndDoNotLeakAcrossPrefixesOfNamespaces() {
        SecretNames names = new SecretNames("org/cascade");
        NamespaceId n = NamespaceId.of("a.b-c_d");
        SecretKey k = key("Key.with-All_chars9");
        String name = names.name(tenant, n, k);
        assertThat(name).isEqualTo("org/cascade/" + tenant.value() + "/a.b-c_d/Key.with-All_chars9");
        assertThat(AwsSecretStoreConfig.isNameChars(name)).isTrue();
        assertThat(names.keyOf(name, tenant, n)).contains(k);
        assertThat(names.keyOf(name, tenant, NamespaceId.of("a"))).isEmpty();
        assertThat(names.keyOf(name + "/extra", tenant, n)).isEmpty();
        assertThat(names.keyOf("org/cascade/" + tenant.value() + "/a.b-c_d/9bad", tenant, n)).isEmpty();
    }

    @Test
    void updateReplacesDescriptionAndUserTagsButKeepsManagedTags() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), new SecretAttributes("first", Map.of("a", "1", "b", "2")),
                SecretStore.ANY_VERSION);
        SecretMetadata m = store.put(tenant, ns, key("K"), SecretValue.of("v2"),
                new SecretAttributes("second", Map.of("b", "3", "c", "4")), 1);
        assertThat(m.version()).isEqualTo(2);
        assertThat(fake.tags(name("K"))).containsExactlyInAnyOrderEntriesOf(Map.of("tenant", tenant.value(),
                "namespace", ns.value(), "key", "K", "b", "3", "c", "4"));
        SecretMetadata read = store.metadata(tenant, ns, key("K")).orElseThrow();
        assertThat(read.description()).isEqualTo("second");
        assertThat(read.version()).isEqualTo(2);
        // a value-only rewrite sends no attribute calls
        fake.resetCounts();
        store.put(tenant, ns, key("K"), SecretValue.of("v3"), new SecretAttributes("second", Map.of("b", "3", "c", "4")), 2);
        assertThat(fake.calls("UpdateSecret") + fake.calls("TagResource") + fake.calls("UntagResource")).isZero();
        assertThat(fake.calls("PutSecretValue")).isEqualTo(1);
    }

    @Test
    void reservedTagWithAnotherValueIsRefusedAndNothingIsWritten() {
        AwsSecretStore store = store();
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("v"),
                new SecretAttributes("", Map.of("tenant", "someone-else")), SecretStore.ANY_VERSION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThat(fake.secret(name("K"))).isNull();
        // the same value as the store would set is accepted (metadata round-trips)
        store.put(tenant, ns, key("K"), SecretValue.of("v"), new SecretAttributes("", Map.of("key", "K")),
                SecretStore.ANY_VERSION);
        assertThat(fake.secret(name("K"))).isNotNull();
    }

    @Test
    void overlongNameIsRefusedBeforeAnyCall() {
        AwsSecretStore store = store();
        NamespaceId longNs = NamespaceId.of("a".repeat(200) + "." + "b".repeat(54));
        SecretKey longKey = key("K".repeat(255));
        fake.resetCounts();
        assertThatThrownBy(() -> store.put(tenant, longNs, longKey, SecretValue.of("v"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION)).isInstanceOf(InvalidIdException.class).hasMessageContaining("512");
        assertThat(fake.totalCalls()).isZero();
    }

    @Test
    void listFollowsNextTokenToTheEnd() {
        AwsSecretStore store = store();
        for (int i = 0; i < 10; i++) {
            store.put(tenant, ns, key("K" + i), SecretValue.of("v" + i), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        }
        // neighbours that a sloppy prefix match would pick up
        store.put(tenant, NamespaceId.of("company.team.sub"), key("K99"), SecretValue.of("x"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        store.put(tenant, NamespaceId.of("company.teams"), key("K98"), SecretValue.of("x"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        fake.settleListing(); // past ListSecrets' lag: this test is about pagination
        fake.listPageSize(3);
        fake.resetCounts();
        List<SecretMetadata> list = store.list(tenant, ns);
        assertThat(list).extracting(m -> m.key().value())
                .containsExactly("K0", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9");
        assertThat(fake.calls("ListSecrets")).isEqualTo(4);
        assertThat(list).allSatisfy(m -> assertThat(m.version()).isEqualTo(1));
    }

    @Test
    void prefetchReadsANamespaceTwentyAtATime() {
        AwsSecretStore store = store();
        for (int i = 0; i < 45; i++) {
            fake.plant(name(String.format("K%02d", i)), "value-" + i, false, Map.of());
        }
        fake.settleListing(); // past ListSecrets' lag: this test is about batching
        fake.listPageSize(100);
        fake.resetCounts();
        Map<SecretKey, SecretValue> all = store.getAll(tenant, ns);
        assertThat(all).hasSize(45);
        assertThat(all.get(key("K07")).reveal()).isEqualTo("value-7");
        assertThat(all.get(key("K44")).reveal()).isEqualTo("value-44");
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(3);
        assertThat(fake.batchSizes()).containsExactly(20, 20, 5);
        assertThat(fake.calls("GetSecretValue")).isZero();
        assertThat(fake.calls("ListSecrets")).isEqualTo(1);
    }

    @Test
    void prefetchSkipsASecretDeletedBetweenListAndBatchRead() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("STAYS"), SecretValue.of("s"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        store.put(tenant, ns, key("GOES"), SecretValue.of("g"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        AwsSecretStore other = store();
        fake.beforeNext("BatchGetSecretValue", () -> fake.secret(name("GOES")).deleted = java.time.Instant.now());
        assertThat(store.getAll(tenant, ns)).containsOnlyKeys(key("STAYS"));
        assertThat(other.get(tenant, ns, key("GOES"))).isEmpty();
    }

    @Test
    void prefetchWithoutBatchReadsOneByOne() {
        AwsSecretStore store = store(fake.config().batchGet(false));
        for (int i = 0; i < 3; i++) {
            store.put(tenant, ns, key("K" + i), SecretValue.of("v" + i), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        }
        fake.resetCounts();
        assertThat(store.getAll(tenant, ns)).hasSize(3);
        assertThat(fake.calls("BatchGetSecretValue")).isZero();
        assertThat(fake.calls("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void createRaceWithMustNotExistConflictsAndKeepsTheWinner() {
        AwsSecretStore store = store();
        AwsSecretStore rival = store();
        FakeSecretsManager.Secret[] planted = new FakeSecretsManager.Secret[1];
        // the rival creates the secret after our store has looked and before our CreateSecret lands
        fake.beforeNext("CreateSecret", () -> planted[0] = fake.plant(name("RACE"), "rival-value", false,
                Map.of("tenant", tenant.value(), "namespace", ns.value(), "key", "RACE")));
        assertThatThrownBy(() -> store.put(tenant, ns, key("RACE"), SecretValue.of("my-value"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("created concurrently")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("my-value").doesNotContain("rival-value"));
        assertThat(planted[0]).isNotNull();
        assertThat(rival.get(tenant, ns, key("RACE"))).map(SecretValue::reveal).contains("rival-value");
    }

    @Test
    void createRaceWithAnyVersionWritesOverTheWinner() {
        AwsSecretStore store = store();
        fake.beforeNext("CreateSecret", () -> fake.plant(name("RACE"), "rival-value", false,
                Map.of("tenant", tenant.value(), "namespace", ns.value(), "key", "RACE")));
        SecretMetadata m = store.put(tenant, ns, key("RACE"), SecretValue.of("my-value"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        assertThat(m.version()).isEqualTo(2); // the rival's foreign version counts as 1
        assertThat(store.get(tenant, ns, key("RACE"))).map(SecretValue::reveal).contains("my-value");
        assertThat(fake.calls("CreateSecret")).isEqualTo(1);
        assertThat(fake.calls("PutSecretValue")).isEqualTo(1);
    }

    @Test
    void concurrentCreatorsExactlyOneWins() throws Exception {
        int writers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> results = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                AwsSecretStore s = store();
                String value = "writer-" + w;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        s.put(tenant, ns, key("ONCE"), SecretValue.of(value), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
                        return value;
                    } catch (ConflictException e) {
                        return "conflict";
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (var f : results) {
                outcomes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            List<String> winners = outcomes.stream().filter(o -> !o.equals("conflict")).toList();
            assertThat(winners).hasSize(1);
            assertThat(store().get(tenant, ns, key("ONCE"))).map(SecretValue::reveal).contains(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recreationWaitsOutAnAsynchronousForcedDeletion() {
        AwsSecretStore store = store(fake.config().forceDelete(true));
        // the name is still being purged: CreateSecret is refused once although DescribeSecret no longer finds it
        fake.failNext("CreateSecret", 1, 400, "InvalidRequestException",
                r -> "You can't create this secret because a secret with this name is already scheduled for deletion.");
        SecretMetadata m = store.put(tenant, ns, key("K"), SecretValue.of("v"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        assertThat(m.version()).isEqualTo(1);
        assertThat(fake.calls("CreateSecret")).isEqualTo(2);
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("v");
    }

    @Test
    void invalidRequestWithoutADeletionIsNotRetried() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        fake.resetCounts();
        fake.failNext("PutSecretValue", 1, 400, "InvalidRequestException");
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION))
                .isInstanceOf(BackendException.class).hasMessageContaining("InvalidRequestException");
        assertThat(fake.calls("PutSecretValue")).isEqualTo(1);
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("v1");
    }

    @Test
    void twoWritersFromTheSameVersionCannotBothWin() {
        AwsSecretStore store = store();
        AwsSecretStore rival = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        // the rival, also holding version 1, writes between our DescribeSecret and our PutSecretValue
        fake.beforeNext("PutSecretValue", () -> fake.putVersion(name("K"), SecretNames.versionToken(2),
                "rival-v2"));
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("mine-v2"), SecretAttributes.NONE, 1))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("concurrently")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("mine-v2").doesNotContain("rival-v2"));
        assertThat(rival.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("rival-v2");
        assertThat(rival.metadata(tenant, ns, key("K")).orElseThrow().version()).isEqualTo(2);
    }

    /** A rival that claims the version number the store is about to claim, {@code times} times in a row. */
    private void rivalClaims(int times) {
        java.util.concurrent.atomic.AtomicInteger claimed = new java.util.concurrent.atomic.AtomicInteger();
        Runnable[] rival = new Runnable[1];
        rival[0] = () -> {
            int n = claimed.incrementAndGet();
            fake.putVersion(name("K"), SecretNames.versionToken(n + 1), "rival-" + n);
            if (n < times) {
                fake.beforeNext("PutSecretValue", rival[0]);
            }
        };
        fake.beforeNext("PutSecretValue", rival[0]);
    }

    @Test
    void anUnconditionalWriterOutlastsManyLostClaims() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        rivalClaims(12); // more than the 8 attempts other retries get: every loss is another writer's success
        SecretMetadata m = store.put(tenant, ns, key("K"), SecretValue.of("mine"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        assertThat(m.version()).isEqualTo(14);
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("mine");
    }

    @Test
    void anUnconditionalWriterThatNeverWinsGivesUpAfterABoundedNumberOfAttempts() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        fake.resetCounts();
        rivalClaims(40); // as many as the store attempts: no hook is left for the next test
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("mine"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION))
                .isInstanceOf(BackendException.class).hasMessageContaining("kept changing concurrently over 40 attempts")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("mine").doesNotContain("rival-"));
        assertThat(fake.calls("PutSecretValue")).isEqualTo(40);
    }

    @Test
    void staleExpectedVersionConflictsWithoutWriting() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.NONE, 1);
        fake.resetCounts();
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("v3"), SecretAttributes.NONE, 1))
                .isInstanceOf(ConflictException.class).hasMessageContaining("current version is 2");
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("v3"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.delete(tenant, ns, key("K"), 1)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.put(tenant, ns, key("NEW"), SecretValue.of("n"), SecretAttributes.NONE, 3))
                .isInstanceOf(ConflictException.class).hasMessageContaining("does not exist");
        assertThat(fake.calls("PutSecretValue") + fake.calls("CreateSecret") + fake.calls("DeleteSecret")).isZero();
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("v2");
    }

    @Test
    void throttlingIsRetriedByTheSdk() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        fake.resetCounts();
        fake.failNext("GetSecretValue", 2, 400, "ThrottlingException");
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("v");
        assertThat(fake.calls("GetSecretValue")).isEqualTo(3);

        fake.failNext("ListSecrets", 1, 500, "InternalServiceError");
        assertThat(store.list(tenant, ns)).hasSize(1);
        assertThat(fake.calls("ListSecrets")).isEqualTo(2);
    }

    @Test
    void throttlingBeyondMaxAttemptsBecomesABackendException() {
        AwsSecretStore store = store(fake.config().maxAttempts(2));
        fake.resetCounts();
        fake.failNext("GetSecretValue", 2, 400, "ThrottlingException");
        assertThatThrownBy(() -> store.get(tenant, ns, key("K")))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("'aws-secrets-manager' failed on get")
                .hasMessageContaining("tenant '" + tenant.value() + "'")
                .hasMessageContaining("namespace 'company.team'")
                .hasMessageContaining("key 'K'")
                .hasMessageContaining("ThrottlingException")
                .satisfies(e -> {
                    BackendException be = (BackendException) e;
                    assertThat(be.backend()).isEqualTo("aws-secrets-manager");
                    assertThat(be.operation()).isEqualTo("get");
                });
        assertThat(fake.calls("GetSecretValue")).isEqualTo(2);
    }

    @Test
    void serviceErrorsAreMappedWithOperationAndIds() {
        AwsSecretStore store = store();
        fake.failNext("ListSecrets", 1, 400, "AccessDeniedException");
        assertThatThrownBy(() -> store.list(tenant, ns))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("failed on list")
                .hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("namespace 'company.team'");
        fake.failNext("DeleteSecret", 1, 400, "AccessDeniedException");
        store.put(tenant, ns, key("K"), SecretValue.of("v"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThatThrownBy(() -> store.delete(tenant, ns, key("K"), SecretStore.ANY_VERSION))
                .isInstanceOf(BackendException.class).hasMessageContaining("failed on delete")
                .hasMessageContaining("key 'K'");
    }

    @Test
    void binarySecretGetsAClearError() {
        AwsSecretStore store = store();
        fake.plant(name("BIN"), "binary-bytes", true, Map.of());
        assertThatThrownBy(() -> store.get(tenant, ns, key("BIN")))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("binary value")
                .hasMessageContaining("key 'BIN'");
    }

    @Test
    void prefetchSkipsABinarySecretWithAWarningNamingTheKey() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(AwsSecretStore.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            fake.plant(name("BIN"), "binary-bytes", true, Map.of());
            fake.settleListing(); // past ListSecrets' lag
            for (boolean batch : List.of(true, false)) {
                AwsSecretStore store = store(fake.config().batchGet(batch));
                if (batch) {
                    store.put(tenant, ns, key("TEXT"), SecretValue.of("text-value"), SecretAttributes.NONE,
                            SecretStore.MUST_NOT_EXIST);
                } else {
                    fake.settleListing(); // this second store did not write TEXT: it waits for ListSecrets' lag
                }
                appender.list.clear();
                Map<SecretKey, SecretValue> all = store.getAll(tenant, ns);
                assertThat(all).containsOnlyKeys(key("TEXT"));
                assertThat(appender.list).singleElement().satisfies(ev -> {
                    assertThat(ev.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                    assertThat(ev.getFormattedMessage()).contains("'BIN'").contains("binary")
                            .doesNotContain("binary-bytes");
                });
                // get still reports it
                assertThatThrownBy(() -> store.get(tenant, ns, key("BIN"))).isInstanceOf(BackendException.class)
                        .hasMessageContaining("binary value");
            }
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void deleteSchedulesWithTheConfiguredRecoveryWindowAndRecreationRestores() {
        AwsSecretStore store = store(fake.config().recoveryWindowDays(7));
        store.put(tenant, ns, key("K"), SecretValue.of("old"), SecretAttributes.of("old one"), SecretStore.MUST_NOT_EXIST);
        store.put(tenant, ns, key("K"), SecretValue.of("old2"), SecretAttributes.of("old one"), 1);
        assertThat(store.delete(tenant, ns, key("K"), 2)).isTrue();

        FakeSecretsManager.Secret s = fake.secret(name("K"));
        assertThat(s.deleted).isNotNull();
        assertThat(s.recoveryWindowDays).isEqualTo(7L);
        assertThat(store.get(tenant, ns, key("K"))).isEmpty();
        assertThat(store.metadata(tenant, ns, key("K"))).isEmpty();
        assertThat(store.list(tenant, ns)).isEmpty();
        assertThat(store.delete(tenant, ns, key("K"), SecretStore.ANY_VERSION)).isFalse();
        assertThatThrownBy(() -> store.delete(tenant, ns, key("K"), 2)).isInstanceOf(NotFoundException.class);

        SecretMetadata again = store.put(tenant, ns, key("K"), SecretValue.of("new"), SecretAttributes.of("new one"),
                SecretStore.MUST_NOT_EXIST);
        assertThat(again.version()).isEqualTo(3);
        assertThat(fake.secret(name("K")).deleted).isNull();
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("new");
        assertThat(store.metadata(tenant, ns, key("K")).orElseThrow().description()).isEqualTo("new one");
    }

    @Test
    void forceDeleteRemovesAtOnce() {
        AwsSecretStore store = store(fake.config().forceDelete(true));
        store.put(tenant, ns, key("K"), SecretValue.of("v"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
        assertThat(store.delete(tenant, ns, key("K"), 1)).isTrue();
        assertThat(fake.secret(name("K"))).isNull();
        assertThat(store.put(tenant, ns, key("K"), SecretValue.of("v"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST)
                .version()).isEqualTo(1);
    }

    @Test
    void versionsWrittenByAnotherToolContinueTheCount() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.NONE, 1);
        fake.writeForeignVersion(name("K"), "rotated-by-console");
        SecretMetadata m = store.metadata(tenant, ns, key("K")).orElseThrow();
        assertThat(m.version()).isEqualTo(3);
        assertThat(store.list(tenant, ns).get(0).version()).isEqualTo(3);
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("rotated-by-console");
        assertThat(store.put(tenant, ns, key("K"), SecretValue.of("v4"), SecretAttributes.NONE, 3).version()).isEqualTo(4);
    }

    @Test
    void rotationByAnotherToolNeverTakesVersionsBackwardsNorReusesAnId() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.NONE, 1);
        // two rotations by another tool: Cascade's ids lose every staging label (deprecated, still kept by AWS)
        fake.writeForeignVersion(name("K"), "rotated-1");
        fake.writeForeignVersion(name("K"), "rotated-2");
        assertThat(fake.secret(name("K")).versions.get(SecretNames.versionToken(2)).stages).isEmpty();

        SecretMetadata m = store.metadata(tenant, ns, key("K")).orElseThrow();
        assertThat(m.version()).as("highest Cascade number 2, + 1 for the foreign version").isEqualTo(3);
        assertThat(store.list(tenant, ns).get(0).version()).isEqualTo(3);
        SecretMetadata w = store.put(tenant, ns, key("K"), SecretValue.of("after-rotation"), SecretAttributes.NONE, 3);
        assertThat(w.version()).isEqualTo(4);
        assertThat(fake.secret(name("K")).current().id).isEqualTo(SecretNames.versionToken(4));
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("after-rotation");
        assertThat(store.put(tenant, ns, key("K"), SecretValue.of("v5"), SecretAttributes.NONE, SecretStore.ANY_VERSION)
                .version()).isEqualTo(5);
        // a stale reader of version 2 or 3 is refused
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("stale"), SecretAttributes.NONE, 3))
                .isInstanceOf(ConflictException.class).hasMessageContaining("current version is 5");
    }

    @Test
    void writeAfterARollbackSkipsTheIdsOfDeprecatedVersions() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.NONE, 1);
        store.put(tenant, ns, key("K"), SecretValue.of("v3"), SecretAttributes.NONE, 2);
        fake.rollBackTo(name("K"), SecretNames.versionToken(1));
        assertThat(store.metadata(tenant, ns, key("K")).orElseThrow().version()).isEqualTo(1);
        // ids 2 and 3 are taken by versions AWS keeps: a conditional write goes on to 4
        assertThat(store.put(tenant, ns, key("K"), SecretValue.of("new"), SecretAttributes.NONE, 1).version()).isEqualTo(4);
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("new");
        // the same value as a deprecated version under its id: AWS would ignore the write, the store moves on
        fake.rollBackTo(name("K"), SecretNames.versionToken(1));
        SecretMetadata m = store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        assertThat(m.version()).isEqualTo(5);
        assertThat(fake.secret(name("K")).current().id).isEqualTo(SecretNames.versionToken(5));
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("v2");
    }

    @Test
    void recreationOverARestoredSecretWhoseNextIdIsTakenStillWrites() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.NONE, 1);
        fake.rollBackTo(name("K"), SecretNames.versionToken(1));
        assertThat(store.delete(tenant, ns, key("K"), 1)).isTrue();
        // restored with version 1 current; id 2 is taken, so the write goes to 3 instead of failing half-way
        // (which would leave the deleted secret restored with its old value)
        SecretMetadata m = store.put(tenant, ns, key("K"), SecretValue.of("fresh"), SecretAttributes.NONE,
                SecretStore.MUST_NOT_EXIST);
        assertThat(m.version()).isEqualTo(3);
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("fresh");
    }

    @Test
    void unconditionalWriteThatLosesTheRaceTakesTheNextVersion() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        // another writer claims version 2 between our DescribeSecret and our PutSecretValue
        fake.beforeNext("PutSecretValue", () -> fake.putVersion(name("K"), SecretNames.versionToken(2), "rival-v2"));
        SecretMetadata m = store.put(tenant, ns, key("K"), SecretValue.of("mine"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION);
        assertThat(m.version()).isEqualTo(3);
        assertThat(fake.secret(name("K")).versions.get(SecretNames.versionToken(2)).string).isEqualTo("rival-v2");
        assertThat(store.metadata(tenant, ns, key("K")).orElseThrow().version()).isEqualTo(3);
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("mine");
    }

    @Test
    void concurrentUnconditionalWritersGetDistinctIncreasingVersions() throws Exception {
        store().put(tenant, ns, key("K"), SecretValue.of("start"), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST);
        int writers = 4;
        int writes = 5;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Map<Long, String>>> results = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                AwsSecretStore s = store();
                int writer = w;
                results.add(pool.submit(() -> {
                    start.await();
                    Map<Long, String> mine = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < writes; i++) {
                        String value = "writer-" + writer + "-write-" + i;
                        mine.put(s.put(tenant, ns, key("K"), SecretValue.of(value), SecretAttributes.NONE,
                                SecretStore.ANY_VERSION).version(), value);
                    }
                    return mine;
                }));
            }
            start.countDown();
            Map<Long, String> all = new java.util.TreeMap<>();
            for (var f : results) {
                Map<Long, String> mine = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(mine).hasSize(writes);
                assertThat(new ArrayList<>(mine.keySet())).as("one writer's versions increase").isSorted();
                mine.forEach((v, value) -> assertThat(all.put(v, value)).as("version %d given twice", v).isNull());
            }
            assertThat(all.keySet()).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(2, 1 + writers * writes).boxed().toList());
            long last = 1 + writers * writes;
            AwsSecretStore reader = store();
            assertThat(reader.metadata(tenant, ns, key("K")).orElseThrow().version()).isEqualTo(last);
            assertThat(reader.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains(all.get(last));
            // every number is the id of exactly the value its writer was told
            all.forEach((v, value) -> assertThat(fake.secret(name("K")).versions.get(SecretNames.versionToken(v)).string)
                    .isEqualTo(value));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void attributeFailureAfterTheValueWasWrittenSaysSo() {
        AwsSecretStore store = store();
        store.put(tenant, ns, key("K"), SecretValue.of("v1"), SecretAttributes.of("one"), SecretStore.MUST_NOT_EXIST);
        fake.failNext("UpdateSecret", 1, 400, "AccessDeniedException");
        assertThatThrownBy(() -> store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.of("two"),
                SecretStore.ANY_VERSION))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("the value WAS written (version 2)")
                .hasMessageContaining("repeat the put")
                .hasMessageContaining("AccessDeniedException");
        assertThat(store.get(tenant, ns, key("K"))).map(SecretValue::reveal).contains("v2");
        assertThat(store.metadata(tenant, ns, key("K")).orElseThrow().description()).isEqualTo("one");
        SecretMetadata again = store.put(tenant, ns, key("K"), SecretValue.of("v2"), SecretAttributes.of("two"),
                SecretStore.ANY_VERSION);
        assertThat(again.version()).isEqualTo(3);
        assertThat(store.metadata(tenant, ns, key("K")).orElseThrow().description()).isEqualTo("two");
    }

    @Test
    void tagsModeReusesTheNamespaceMappingWithinItsTtl() {
        Map<String, String> ids = Map.of("tenant", tenant.value(), "namespace", ns.value());
        fake.plant("tagged/" + tenant.value() + "/a", "a-value", false, merge(ids, Map.of("key", "A")));
        fake.plant("tagged/" + tenant.value() + "/b", "b-value", false, merge(ids, Map.of("key", "B")));
        fake.settleListing(); // tagged long ago: listed
        AwsSecretStore ro = store(fake.config().readOnly(true).adoptBy(AwsSecretStoreConfig.AdoptBy.TAGS)
                .adoptNamePrefix("tagged/").tagCacheTtl(java.time.Duration.ofSeconds(30)));
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        ro.ticker(now::get);
        fake.resetCounts();
        assertThat(ro.get(tenant, ns, key("A"))).map(SecretValue::reveal).contains("a-value");
        assertThat(ro.get(tenant, ns, key("B"))).map(SecretValue::reveal).contains("b-value");
        assertThat(ro.metadata(tenant, ns, key("A"))).isPresent();
        assertThat(ro.get(tenant, ns, key("MISSING"))).isEmpty();
        assertThat(fake.calls("ListSecrets")).as("one listing serves the namespace").isEqualTo(1);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(2);
        assertThat(fake.calls("DescribeSecret")).isEqualTo(1);

        // tagged meanwhile by another tool: seen once the TTL has passed
        fake.plant("tagged/" + tenant.value() + "/c", "c-value", false, merge(ids, Map.of("key", "C")));
        assertThat(ro.get(tenant, ns, key("C"))).isEmpty();
        now.addAndGet(java.time.Duration.ofSeconds(31).toNanos());
        fake.settleListing(); // and ListSecrets has caught up
        assertThat(ro.get(tenant, ns, key("C"))).map(SecretValue::reveal).contains("c-value");
        assertThat(fake.calls("ListSecrets")).isEqualTo(2);

        // deleted in AWS: gone at once (the read by ARN fails), and the mapping is dropped
        fake.remove("tagged/" + tenant.value() + "/a");
        assertThat(ro.get(tenant, ns, key("A"))).isEmpty();
        assertThat(ro.get(tenant, ns, key("B"))).map(SecretValue::reveal).contains("b-value");
        assertThat(fake.calls("ListSecrets")).isEqualTo(3);
        // re-tagged to another key: metadata checks the tags it describes
        fake.secret("tagged/" + tenant.value() + "/b").tags.put("key", "B2");
        assertThat(ro.metadata(tenant, ns, key("B"))).isEmpty();
    }

    @Test
    void closeClosesTheCredentialsProviderOnlyWhenTheStoreCreatedIt() {
        AwsSecretStore defaultChain = AwsSecretStore.create(fake.config().staticCredentials(null, null, null).build());
        assertThat(defaultChain.ownedCredentials()).isNotNull();
        defaultChain.close();
        AwsSecretStore staticKeys = store();
        assertThat(staticKeys.ownedCredentials()).isNull();

        java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        AwsSecretStore owning = new AwsSecretStore(fake.config().build(), AwsSecretStore.buildClient(fake.config().build()),
                true, closed::incrementAndGet);
        owning.close();
        assertThat(closed).hasValue(1);
    }

    @Test
    void readOnlyByNameAdoptsAnExistingHierarchyAndNeverCalls() {
        fake.plant("legacy/apps/" + tenant.value() + "/" + ns.value() + "/API_KEY", "api-value", false, Map.of());
        fake.plant("legacy/apps/" + tenant.value() + "/" + ns.value() + "/not a key", "x", false, Map.of());
        fake.settleListing(); // an existing hierarchy: listed long ago
        AwsSecretStore ro = store(fake.config().prefix("legacy/apps").readOnly(true));
        assertThat(ro.isReadOnly()).isTrue();
        assertThat(ro.get(tenant, ns, key("API_KEY"))).map(SecretValue::reveal).contains("api-value");
        assertThat(ro.list(tenant, ns)).extracting(m -> m.key().value()).containsExactly("API_KEY");
        assertThat(ro.getAll(tenant, ns)).containsOnlyKeys(key("API_KEY"));
        fake.resetCounts();
        assertThatThrownBy(() -> ro.put(tenant, ns, key("API_KEY"), SecretValue.of("overwrite"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION)).isInstanceOf(ReadOnlyStoreException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("overwrite").doesNotContain("api-value"));
        assertThatThrownBy(() -> ro.delete(tenant, ns, key("API_KEY"), SecretStore.ANY_VERSION))
                .isInstanceOf(ReadOnlyStoreException.class);
        assertThat(fake.totalCalls()).isZero();
    }

    @Test
    void readOnlyByTagsAdoptsWhateverTheNameWithinTheNamePrefixAndRequiredTags() {
        Map<String, String> ids = Map.of("tenant", tenant.value(), "namespace", ns.value());
        fake.plant("prod/" + tenant.value() + "/db-password", "db-value", false,
                merge(ids, Map.of("key", "DB_PASSWORD", "env", "prod")));
        fake.plant("prod/" + tenant.value() + "/token", "token-value", false,
                merge(ids, Map.of("key", "TOKEN", "env", "prod")));
        fake.plant("prod/" + tenant.value() + "/stale", "stale-value", false,
                merge(ids, Map.of("key", "STALE", "env", "staging")));
        fake.plant("other/" + tenant.value() + "/outside", "outside-value", false,
                merge(ids, Map.of("key", "OUTSIDE", "env", "prod")));
        fake.plant("prod/" + tenant.value() + "/sub", "sub-value", false,
                Map.of("tenant", tenant.value(), "namespace", ns.value() + ".sub", "key", "SUB", "env", "prod"));
        fake.settleListing(); // tagged long ago: listed
        AwsSecretStore ro = store(fake.config().readOnly(true).adoptBy(AwsSecretStoreConfig.AdoptBy.TAGS)
                .adoptNamePrefix("prod/").requiredTags(Map.of("env", "prod")));
        assertThat(ro.list(tenant, ns)).extracting(m -> m.key().value()).containsExactly("DB_PASSWORD", "TOKEN");
        assertThat(ro.get(tenant, ns, key("DB_PASSWORD"))).map(SecretValue::reveal).contains("db-value");
        assertThat(ro.get(tenant, ns, key("STALE"))).isEmpty();
        assertThat(ro.get(tenant, ns, key("OUTSIDE"))).isEmpty();
        assertThat(ro.metadata(tenant, ns, key("TOKEN"))).isPresent();
        Map<SecretKey, SecretValue> all = ro.getAll(tenant, ns);
        assertThat(all).containsOnlyKeys(key("DB_PASSWORD"), key("TOKEN"));
        assertThat(ro.list(TenantId.of("someone-else"), ns)).isEmpty();
    }

    @Test
    void readOnlyByTagsReportsTwoSecretsClaimingOneKey() {
        Map<String, String> tags = Map.of("tenant", tenant.value(), "namespace", ns.value(), "key", "DUP");
        fake.plant("x/" + tenant.value() + "/one", "a", false, tags);
        fake.plant("x/" + tenant.value() + "/two", "b", false, tags);
        fake.settleListing(); // tagged long ago: listed
        AwsSecretStore ro = store(fake.config().readOnly(true).adoptBy(AwsSecretStoreConfig.AdoptBy.TAGS));
        assertThatThrownBy(() -> ro.get(tenant, ns, key("DUP")))
                .isInstanceOf(BackendException.class).hasMessageContaining("two secrets carry the tags");
    }

    @Test
    void requiredTagsHideAndProtectSecretsOfOtherOwners() {
        fake.plant(name("THEIRS"), "their-value", false, Map.of("owner", "someone-else"));
        AwsSecretStore store = store(fake.config().requiredTags(Map.of("owner", "cascade")));
        assertThat(store.get(tenant, ns, key("THEIRS"))).isEmpty();
        assertThat(store.metadata(tenant, ns, key("THEIRS"))).isEmpty();
        assertThat(store.list(tenant, ns)).isEmpty();
        assertThatThrownBy(() -> store.put(tenant, ns, key("THEIRS"), SecretValue.of("mine"), SecretAttributes.NONE,
                SecretStore.ANY_VERSION)).isInstanceOf(ConflictException.class).hasMessageContaining("required tags");
        assertThatThrownBy(() -> store.delete(tenant, ns, key("THEIRS"), SecretStore.ANY_VERSION))
                .isInstanceOf(ConflictException.class);
        assertThat(fake.secret(name("THEIRS")).current().string).isEqualTo("their-value");
        assertThat(fake.secret(name("THEIRS")).deleted).isNull();
    }

    @Test
    void hostSuppliedClientIsUsedAndLeftOpen() {
        var client = AwsSecretStore.buildClient(fake.config().build());
        try {
            AwsSecretStore store = AwsSecretStore.withClient(AwsSecretStoreConfig.builder().prefix("host").build(), client);
            store.put(tenant, ns, key("K"), SecretValue.of("v"), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            store.close();
            assertThat(fake.secret("host/" + tenant.value() + "/" + ns.value() + "/K")).isNotNull();
            // still usable after the store closed
            assertThat(client.describeSecret(b -> b.secretId("host/" + tenant.value() + "/" + ns.value() + "/K")).name())
                    .endsWith("/K");
        } finally {
            client.close();
        }
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
