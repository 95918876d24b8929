package dev.cascade.kit;

import dev.cascade.ConflictException;
import dev.cascade.ReadOnlyStoreException;
import dev.cascade.access.RoleBinding;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.AccessControlStore;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;
import dev.cascade.spi.Versioned;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The kits catch what they promise to catch: each deliberately broken store below breaks one rule of the SPI
 * and must fail the kit on every run (each is run several times), while the same wrapper unbroken passes.
 * The kit classes are run through the JUnit Platform's {@link EngineTestKit}, as a plugin author's build
 * would run them.
 */
class KitCatchesBrokenStoresTest {
    private static final int RUNS = 5;

    // ---- controls: the forwarding wrappers, unbroken, pass the whole kit ----

    @Test
    void theUnbrokenWrappersPassTheKits() {
        assertThat(failures(UnbrokenSecretStore.class)).isEmpty();
        assertThat(failures(UnbrokenStorage.class)).isEmpty();
    }

    // ---- secret stores ----

    @RepeatedTest(RUNS)
    void aCompareAndSetThatChecksWithoutHoldingTheWriteFailsEveryRun() {
        assertThat(failures(RacyCompareAndSet.class)).as("only the concurrency checks can see this store's race")
                .containsExactlyInAnyOrder("concurrentCompareAndSetWritersLoseNoUpdate", "concurrentCreatorsOfOneKeySucceedOnce");
    }

    @Test
    void aStoreWithACorrectPrefetchPassesTheKit() {
        assertThat(failures(UnbrokenPrefetch.class)).isEmpty();
    }

    @RepeatedTest(RUNS)
    void aPrefetchThatIgnoresItsCapFails() {
        assertThat(failures(PrefetchIgnoringCap.class)).containsExactly("prefetchHonoursItsCap");
    }

    @RepeatedTest(RUNS)
    void aPrefetchThatInheritsTheParentsSecretsFails() {
        assertThat(failures(PrefetchInheriting.class)).containsExactly("prefetchReturnsWhatSingleReadsReturn");
    }

    @RepeatedTest(RUNS)
    void aPrefetchThatServesAnOldAnswerFails() {
        assertThat(failures(PrefetchRemembering.class)).containsExactly("prefetchReflectsWrites");
    }

    @RepeatedTest(RUNS)
    void aDeleteOfAMissingKeyThatReturnsFalseFails() {
        assertThat(failures(DeleteOfMissingReturnsFalse.class)).containsExactly("deleteOfAMissingKeyWithASpecificVersionIsNotFound");
    }

    @RepeatedTest(RUNS)
    void aValueInAnExceptionMessageFails() {
        assertThat(failures(ValueInExceptionMessage.class))
                .contains("createOverExistingConflictsAndChangesNothing", "staleVersionConflictsAndChangesNothing");
    }

    @RepeatedTest(RUNS)
    void anUnsortedListFails() {
        assertThat(failures(UnsortedList.class)).contains("listIsSortedByKeyInJavaStringOrder", "listIsSortedAndHoldsOnlyMetadata");
    }

    @RepeatedTest(RUNS)
    void aStoreThatSubscribesButDeliversNothingFails() {
        assertThat(failures(EventsMissing.class))
                .containsExactlyInAnyOrder("subscribeDeliversAnEventForEveryWrite", "aClosedSubscriptionReceivesNothingMore");
    }

    @RepeatedTest(RUNS)
    void aSubscriptionThatKeepsDeliveringAfterCloseFails() {
        assertThat(failures(EventsAfterClose.class)).containsExactly("aClosedSubscriptionReceivesNothingMore");
    }

    @RepeatedTest(RUNS)
    void metadataHoldingTheValueFails() {
        assertThat(failures(ValueInMetadata.class)).contains("metadataNeverHoldsTheValue");
    }

    @RepeatedTest(RUNS)
    void aReadOnlyStoreThatWritesBeforeRefusingFails() {
        assertThat(failures(ReadOnlyButWrites.class)).containsExactly("readOnlyStoreRefusesWritesAndChangesNothing");
    }

    // ---- storages ----

    @RepeatedTest(RUNS)
    void aStorageWithARacyVariablesCompareAndSetFailsEveryRun() {
        assertThat(failures(RacyVariables.class)).containsExactly("concurrentWritersLoseNoUpdate");
    }

    @RepeatedTest(RUNS)
    void aStorageThatPublishesNoEventsFails() {
        assertThat(failures(StorageEventsMissing.class))
                .containsExactlyInAnyOrder("writesPublishChangeEvents", "aClosedSubscriptionReceivesNothingMore");
    }

    // ---- access control ----

    @Test
    void theUnbrokenAccessControlWrapperPassesTheKit() {
        assertThat(failures(UnbrokenAccessControl.class)).isEmpty();
    }

    @RepeatedTest(RUNS)
    void anAccessControlStoreThatChecksThenAddsFailsEveryRun() {
        assertThat(failures(CheckThenAddBinding.class)).containsExactly("concurrentEqualWritesSucceedOnce");
    }

    // ---- providers ----

    @RepeatedTest(RUNS)
    void aProviderThatIgnoresUnknownPropertiesFails() {
        assertThat(failures(IgnoresUnknown.class)).containsExactlyInAnyOrder("unknownPropertiesAreRefusedAllInOneMessage",
                "everyProblemIsListedInOneMessage");
    }

    @RepeatedTest(RUNS)
    void aProviderThatReportsOneProblemAtATimeFails() {
        assertThat(failures(FirstProblemOnly.class)).containsExactlyInAnyOrder("unknownPropertiesAreRefusedAllInOneMessage",
                "everyProblemIsListedInOneMessage");
    }

    @RepeatedTest(RUNS)
    void aProviderThatQuotesASecretPropertyFails() {
        assertThat(failures(QuotesSecret.class)).containsExactlyInAnyOrder("eachInvalidPropertyIsRefusedAndNamed",
                "unknownPropertiesAreRefusedAllInOneMessage");
    }

    @Test
    void aProviderThatIsNotRegisteredFails() {
        assertThat(failures(NotRegistered.class)).contains("theProviderIsFoundThroughServiceLoaderByItsName",
                "theValidPropertiesBuildAStore");
    }

    /** Runs a kit class through the Jupiter engine and returns the names of the kit tests that failed. */
    private static List<String> failures(Class<?> kitRun) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kitRun)).execute();
        assertThat(results.containerEvents().failed().count()).as("containers that failed in %s", kitRun.getSimpleName()).isZero();
        assertThat(results.testEvents().started().count()).as("kit tests run in %s", kitRun.getSimpleName()).isGreaterThan(10);
        List<String> failed = new ArrayList<>(new TreeSet<>(results.testEvents().failed().stream()
                .map(KitCatchesBrokenStoresTest::methodName).toList()));
        return failed;
    }

    private static String methodName(Event event) {
        return event.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName())
                .orElse(event.getTestDescriptor().getDisplayName());
    }

    /** One backend round trip between reading the version and writing, as a remote store has. */
    private static void roundTrip() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }

    // ---- the kit runs (static nested: surefire does not pick them up on their own) ----

    static class UnbrokenAccessControl extends AccessControlStoreCompatibilityKit {
        @Override
        protected AccessControlStore createStore() {
            return new ForwardingAccessControlStore();
        }
    }

    /** "Add unless present" in two steps: equal bindings added at the same time are both reported as added. */
    static class CheckThenAddBinding extends AccessControlStoreCompatibilityKit {
        @Override
        protected AccessControlStore createStore() {
            return new ForwardingAccessControlStore() {
                @Override
                public boolean addBinding(RoleBinding binding) {
                    if (delegate.bindings(binding.tenant()).contains(binding)) {
                        return false;
                    }
                    roundTrip();
                    delegate.addBinding(binding);
                    return true;
                }
            };
        }
    }

    abstract static class BrokenProviderKit extends ProviderCompatibilityKit {
        @Override
        protected Kind kind() {
            return Kind.SECRET_STORE;
        }

        @Override
        protected Map<String, String> validProperties() {
            return Map.of("mode", "safe", "token", "kit-provider-token-value");
        }

        @Override
        protected Map<String, String> invalidProperties() {
            return Map.of("mode", "sideways", "token", "");
        }

        @Override
        protected Set<String> secretProperties() {
            return Set.of("token");
        }
    }

    static class IgnoresUnknown extends BrokenProviderKit {
        @Override
        protected String providerName() {
            return "kit-broken-ignores-unknown";
        }
    }

    static class FirstProblemOnly extends BrokenProviderKit {
        @Override
        protected String providerName() {
            return "kit-broken-first-problem-only";
        }
    }

    static class QuotesSecret extends BrokenProviderKit {
        @Override
        protected String providerName() {
            return "kit-broken-quotes-secret";
        }
    }

    static class NotRegistered extends BrokenProviderKit {
        @Override
        protected String providerName() {
            return "kit-never-registered";
        }
    }

    static class UnbrokenSecretStore extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore();
        }
    }

    /** The forwarding store with a correct prefetch built on list and get. */
    static class PrefetchingStore extends ForwardingMemoryStore {
        @Override
        public boolean supportsPrefetch() {
            return true;
        }

        @Override
        public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
            List<SecretMetadata> keys = delegate().list(tenant, namespace);
            if (keys.size() > maxKeys) {
                return Optional.empty();
            }
            Map<SecretKey, SecretValue> all = new java.util.LinkedHashMap<>();
            keys.forEach(m -> delegate().get(tenant, namespace, m.key()).ifPresent(v -> all.put(m.key(), v)));
            return Optional.of(all);
        }
    }

    static class UnbrokenPrefetch extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new PrefetchingStore();
        }
    }

    /** Returns every secret however many there are. */
    static class PrefetchIgnoringCap extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new PrefetchingStore() {
                @Override
                public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
                    return super.prefetch(tenant, namespace, Integer.MAX_VALUE);
                }
            };
        }
    }

    /** Adds the parent namespace's secrets, as if the store did the resolver's inheritance. */
    static class PrefetchInheriting extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new PrefetchingStore() {
                @Override
                public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
                    Optional<Map<SecretKey, SecretValue>> own = super.prefetch(tenant, namespace, maxKeys);
                    if (own.isEmpty()) {
                        return own;
                    }
                    Map<SecretKey, SecretValue> all = new java.util.LinkedHashMap<>();
                    namespace.parent().flatMap(p -> super.prefetch(tenant, p, maxKeys)).ifPresent(all::putAll);
                    all.putAll(own.get());
                    return all.size() > maxKeys ? Optional.empty() : Optional.of(all);
                }
            };
        }
    }

    /** Remembers its first answer per namespace (a cache without invalidation in front of the backend). */
    static class PrefetchRemembering extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new PrefetchingStore() {
                final Map<String, Optional<Map<SecretKey, SecretValue>>> first = new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId tenant, NamespaceId namespace, int maxKeys) {
                    return first.computeIfAbsent(tenant + "/" + namespace + "/" + maxKeys,
                            k -> super.prefetch(tenant, namespace, maxKeys));
                }
            };
        }
    }

    static class UnbrokenStorage extends StorageCompatibilityKit {
        @Override
        protected Storage createStorage() {
            return new ForwardingStorage();
        }
    }

    /** Checks the version, then writes unconditionally: two writers that read the same version both win. */
    static class RacyCompareAndSet extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore() {
                @Override
                public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                          SecretAttributes attributes, long expectedVersion) {
                    if (expectedVersion != ANY_VERSION) {
                        long current = delegate().metadata(tenant, namespace, key).map(SecretMetadata::version).orElse(0L);
                        if (current != expectedVersion) {
                            throw new ConflictException("Conflict writing secret '" + key + "'");
                        }
                        roundTrip();
                    }
                    return delegate().put(tenant, namespace, key, value, attributes, ANY_VERSION);
                }
            };
        }
    }

    static class DeleteOfMissingReturnsFalse extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore() {
                @Override
                public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
                    if (delegate().metadata(tenant, namespace, key).isEmpty()) {
                        return false;
                    }
                    return delegate().delete(tenant, namespace, key, expectedVersion);
                }
            };
        }
    }

    static class ValueInExceptionMessage extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore() {
                @Override
                public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                          SecretAttributes attributes, long expectedVersion) {
                    try {
                        return delegate().put(tenant, namespace, key, value, attributes, expectedVersion);
                    } catch (ConflictException e) {
                        throw new ConflictException(e.getMessage() + " while writing '" + value.reveal() + "'", e);
                    }
                }
            };
        }
    }

    static class UnsortedList extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore() {
                @Override
                public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
                    List<SecretMetadata> reversed = new ArrayList<>(delegate().list(tenant, namespace));
                    java.util.Collections.reverse(reversed);
                    return reversed;
                }
            };
        }
    }

    /** Claims to publish (its subscription is not {@code Subscription.NONE}) but never delivers. */
    static class EventsMissing extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore() {
                @Override
                public Subscription subscribe(ChangeListener listener) {
                    return () -> { };
                }
            };
        }

        @Override
        protected Duration eventTimeout() {
            return Duration.ofMillis(300); // nothing ever arrives: the wait only bounds the run
        }
    }

    static class EventsAfterClose extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore() {
                @Override
                public Subscription subscribe(ChangeListener listener) {
                    delegate().subscribe(listener);
                    return () -> { };
                }
            };
        }
    }

    static class ValueInMetadata extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore() {
                @Override
                public Optional<SecretMetadata> metadata(TenantId tenant, NamespaceId namespace, SecretKey key) {
                    return delegate().metadata(tenant, namespace, key).map(m -> new SecretMetadata(m.key(),
                            "current value " + delegate().get(tenant, namespace, key).map(SecretValue::reveal).orElse(""),
                            m.tags(), m.updated(), m.version()));
                }
            };
        }
    }

    /** Read-only, but a write reaches the backend before the refusal. */
    static class ReadOnlyButWrites extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            return new ForwardingMemoryStore() {
                @Override
                public boolean isReadOnly() {
                    return true;
                }

                @Override
                public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                          SecretAttributes attributes, long expectedVersion) {
                    delegate().put(tenant, namespace, key, value, attributes, ANY_VERSION);
                    throw new ReadOnlyStoreException("store 'forwarding' is read-only");
                }

                @Override
                public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
                    throw new ReadOnlyStoreException("store 'forwarding' is read-only");
                }
            };
        }

        @Override
        protected void seed(SecretStore store, TenantId tenant, NamespaceId namespace, SecretKey key, String value) {
            ((ForwardingMemoryStore) store).memory().put(tenant, namespace, key, SecretValue.of(value),
                    SecretAttributes.NONE, SecretStore.ANY_VERSION);
        }
    }

    /** Variables checked then written in two steps. */
    static class RacyVariables extends StorageCompatibilityKit {
        @Override
        protected Storage createStorage() {
            return new ForwardingStorage() {
                @Override
                public VariableStore variables() {
                    VariableStore d = delegate.variables();
                    return new VariableStore() {
                        @Override
                        public Optional<Versioned<Map<String, Object>>> get(TenantId tenant, NamespaceId namespace) {
                            return d.get(tenant, namespace);
                        }

                        @Override
                        public Versioned<Map<String, Object>> put(TenantId tenant, NamespaceId namespace,
                                                                  Map<String, Object> variables, long expectedVersion) {
                            long current = d.get(tenant, namespace).map(Versioned::version).orElse(0L);
                            if (current != expectedVersion) {
                                throw new ConflictException("Conflict writing variables of '" + namespace + "'");
                            }
                            roundTrip();
                            long now = d.get(tenant, namespace).map(Versioned::version).orElse(0L);
                            return d.put(tenant, namespace, variables, now);
                        }
                    };
                }
            };
        }
    }

    static class StorageEventsMissing extends StorageCompatibilityKit {
        @Override
        protected Storage createStorage() {
            return new ForwardingStorage() {
                @Override
                public Subscription subscribe(ChangeListener listener) {
                    return () -> { };
                }
            };
        }

        @Override
        protected Duration eventTimeout() {
            return Duration.ofMillis(300);
        }
    }
}
