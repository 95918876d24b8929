package dev.cascade.kit;

import dev.cascade.ConfigurationException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;
import dev.cascade.spi.Storage;
import dev.cascade.spi.StorageProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link SecretStoreProvider} and {@link StorageProvider} must meet. Extend it, say which
 * kind of provider and which name, and give the properties of a working configuration:
 *
 * <pre>{@code
 * class MyProviderCompatibilityTest extends ProviderCompatibilityKit {
 *     protected Kind kind() { return Kind.SECRET_STORE; }
 *     protected String providerName() { return "my-store"; }
 *     protected Map<String, String> validProperties() { return Map.of("file", tempFile.toString()); }
 *     protected Map<String, String> invalidProperties() { return Map.of("file", "", "mode", "sideways"); }
 * }
 * }</pre>
 *
 * What it checks: the provider is registered in {@code META-INF/services} and found through
 * {@link ServiceLoader} by its name, exactly once; unknown properties are refused; invalid properties are
 * refused with one {@link ConfigurationException} that names every bad property at once and never quotes
 * the value of a {@linkplain #secretProperties() secret property}; the valid properties build a store that
 * passes the store kit ({@link SecretStoreCompatibilityKit} or {@link StorageCompatibilityKit}, run as the
 * nested classes {@code CreatedSecretStore} and {@code CreatedStorage}; the one for the other kind is reported
 * as skipped).
 *
 * <p>Knobs: {@link #invalidProperties()}, {@link #secretProperties()}, {@link #seed}, {@link
 * #isolatesTenantsAndNamespaces()}, {@link #runsStoreKit()}, {@link #concurrentWriters()}, {@link
 * #concurrencyRounds()}, {@link #failSafeTimeout()}, {@link #eventTimeout()}.
 */
public abstract class ProviderCompatibilityKit extends KitKnobs {

    /** Which SPI the provider implements. */
    public enum Kind {
        SECRET_STORE(SecretStoreProvider.class), STORAGE(StorageProvider.class);

        private final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }

        /** The provider interface registered in {@code META-INF/services}. */
        public Class<?> providerType() {
            return type;
        }
    }

    /** The SPI the provider implements. */
    protected abstract Kind kind();

    /** The name configurations choose the provider by. */
    protected abstract String providerName();

    /** Properties of a working configuration (may be empty for a provider that takes none). */
    protected abstract Map<String, String> validProperties();

    /**
     * Properties with a value the provider must refuse, each one on its own and all together. Empty (the
     * default) for a provider that takes no properties; give at least two when it takes some.
     */
    protected Map<String, String> invalidProperties() {
        return Map.of();
    }

    /** Properties whose values are secrets (passwords, tokens, keys): a refusal never quotes these values. */
    protected Set<String> secretProperties() {
        return Set.of();
    }

    /** Whether the store built from {@link #validProperties()} runs the whole store kit (default true). */
    protected boolean runsStoreKit() {
        return true;
    }

    /** Plants a secret for the store kit's read tests; read-only stores override, as in the store kit. */
    protected void seed(SecretStore store, TenantId tenant, NamespaceId namespace, SecretKey key, String value) {
        store.put(tenant, namespace, key, SecretValue.of(value), SecretAttributes.NONE, SecretStore.ANY_VERSION);
    }

    /** As {@link SecretStoreCompatibilityKit#isolatesTenantsAndNamespaces()}. */
    protected boolean isolatesTenantsAndNamespaces() {
        return true;
    }

    /** The providers of {@link #kind()} registered under {@link #providerName()}, through ServiceLoader. */
    private List<Object> registered() {
        List<Object> found = new ArrayList<>();
        ServiceLoader<?> loader = ServiceLoader.load(kind().providerType(), Thread.currentThread().getContextClassLoader());
        for (Object provider : loader) {
            if (providerName().equals(nameOf(provider))) {
                found.add(provider);
            }
        }
        return found;
    }

    private Object provider() {
        List<Object> found = registered();
        if (found.size() != 1) {
            fail("expected exactly one " + kind().providerType().getSimpleName() + " named '" + providerName()
                    + "' in META-INF/services/" + kind().providerType().getName() + ", found " + found.size());
        }
        return found.get(0);
    }

    private static String nameOf(Object provider) {
        if (provider instanceof SecretStoreProvider p) {
            return p.name();
        }
        return ((StorageProvider) provider).name();
    }

    /** Asks the provider found through ServiceLoader to build a store or storage from these properties. */
    protected AutoCloseable create(Map<String, String> properties) {
        Object provider = provider();
        if (provider instanceof SecretStoreProvider p) {
            return p.create(properties);
        }
        return ((StorageProvider) provider).create(properties);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new AssertionError("closing what the provider built failed: " + e, e);
        }
    }

    @Test
    void theProviderIsFoundThroughServiceLoaderByItsName() {
        List<Object> found = registered();
        assertThat(found).as("%s providers named '%s' registered in META-INF/services/%s",
                kind().providerType().getSimpleName(), providerName(), kind().providerType().getName()).hasSize(1);
        Object provider = found.get(0);
        assertThat(nameOf(provider)).isEqualTo(providerName()).isNotBlank();
        assertThat(Modifier.isPublic(provider.getClass().getModifiers()))
                .as("the provider class is public").isTrue();
    }

    @Test
    void theValidPropertiesBuildAStore() {
        AutoCloseable created = create(validProperties());
        try {
            assertThat(created).isNotNull();
            String name = created instanceof SecretStore s ? s.name() : ((Storage) created).name();
            assertThat(name).isNotBlank();
        } finally {
            closeQuietly(created);
        }
    }

    @Test
    void unknownPropertiesAreRefusedAllInOneMessage() {
        Map<String, String> props = new LinkedHashMap<>(validProperties());
        props.put("kitUnknownFirst", "first-unknown-value");
        props.put("kit.unknown.second", "second-unknown-value");
        assertThatThrownBy(() -> closeQuietly(create(props)))
                .as("unknown properties are refused, not ignored")
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kitUnknownFirst")
                .hasMessageContaining("kit.unknown.second")
                .satisfies(e -> assertNoSecretValueIn(e.getMessage(), props));
    }

    @Test
    void eachInvalidPropertyIsRefusedAndNamed() {
        assumeTrue(!invalidProperties().isEmpty(), "the provider declares no invalid properties (invalidProperties())");
        invalidProperties().forEach((property, value) -> {
            Map<String, String> props = new LinkedHashMap<>(validProperties());
            props.put(property, value);
            assertThatThrownBy(() -> closeQuietly(create(props)))
                    .as("%s = '%s' is refused", property, secretProperties().contains(property) ? "<secret>" : value)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(property)
                    .satisfies(e -> assertNoSecretValueIn(e.getMessage(), props));
        });
    }

    @Test
    void everyProblemIsListedInOneMessage() {
        Map<String, String> props = new LinkedHashMap<>(validProperties());
        props.putAll(invalidProperties());
        props.put("kitUnknownProperty", "unknown-value");
        Throwable refused = null;
        try {
            closeQuietly(create(props));
        } catch (ConfigurationException e) {
            refused = e;
        }
        assertThat(refused).as("all invalid and unknown properties at once are refused").isNotNull();
        String message = refused.getMessage();
        List<String> expected = new ArrayList<>(invalidProperties().keySet());
        expected.add("kitUnknownProperty");
        for (String property : expected) {
            assertThat(message).as("one message names every problem; missing %s", property).contains(property);
        }
        assertNoSecretValueIn(message, props);
    }

    private void assertNoSecretValueIn(String message, Map<String, String> props) {
        for (String secret : secretProperties()) {
            String value = props.get(secret);
            if (value != null && !value.isEmpty()) {
                assertThat(message).as("a refusal quotes the value of the secret property %s", secret).doesNotContain(value);
            }
        }
    }

    /** The secret store the provider builds from {@link #validProperties()}, against the whole secret store kit. */
    @Nested
    class CreatedSecretStore extends SecretStoreCompatibilityKit {
        @Override
        protected SecretStore createStore() {
            assumeTrue(kind() == Kind.SECRET_STORE, "the provider builds storages, not secret stores");
            assumeTrue(runsStoreKit(), "runsStoreKit() is false");
            return (SecretStore) ProviderCompatibilityKit.this.create(validProperties());
        }

        @Override
        protected void seed(SecretStore store, TenantId tenant, NamespaceId namespace, SecretKey key, String value) {
            ProviderCompatibilityKit.this.seed(store, tenant, namespace, key, value);
        }

        @Override
        protected boolean isolatesTenantsAndNamespaces() {
            return ProviderCompatibilityKit.this.isolatesTenantsAndNamespaces();
        }

        @Override
        protected int concurrentWriters() {
            return ProviderCompatibilityKit.this.concurrentWriters();
        }

        @Override
        protected int concurrencyRounds() {
            return ProviderCompatibilityKit.this.concurrencyRounds();
        }

        @Override
        protected Duration failSafeTimeout() {
            return ProviderCompatibilityKit.this.failSafeTimeout();
        }

        @Override
        protected Duration eventTimeout() {
            return ProviderCompatibilityKit.this.eventTimeout();
        }
    }

    /** The storage the provider builds from {@link #validProperties()}, against the whole storage kit. */
    @Nested
    class CreatedStorage extends StorageCompatibilityKit {
        @Override
        protected Storage createStorage() {
            assumeTrue(kind() == Kind.STORAGE, "the provider builds secret stores, not storages");
            assumeTrue(runsStoreKit(), "runsStoreKit() is false");
            return (Storage) ProviderCompatibilityKit.this.create(validProperties());
        }

        @Override
        protected int concurrentWriters() {
            return ProviderCompatibilityKit.this.concurrentWriters();
        }

        @Override
        protected int concurrencyRounds() {
            return ProviderCompatibilityKit.this.concurrencyRounds();
        }

        @Override
        protected Duration failSafeTimeout() {
            return ProviderCompatibilityKit.this.failSafeTimeout();
        }

        @Override
        protected Duration eventTimeout() {
            return ProviderCompatibilityKit.this.eventTimeout();
        }
    }
}
