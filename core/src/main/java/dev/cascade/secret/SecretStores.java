package dev.cascade.secret;

import dev.cascade.ConfigurationException;
import dev.cascade.namespace.Namespace;
import dev.cascade.spi.SecretStore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The secret stores an instance has configured, by name, and which one serves namespaces that name
 * none. A namespace may choose its store ({@link Namespace#secretStore()}), as Kestra lets a namespace
 * choose its secret manager. Immutable and thread-safe.
 */
public final class SecretStores {
    private final String defaultName;
    private final Map<String, SecretStore> stores;

    /**
     * @param defaultName the store serving namespaces that name none; must be a key of {@code stores}
     * @param stores      configured stores by name
     */
    public SecretStores(String defaultName, Map<String, SecretStore> stores) {
        Objects.requireNonNull(defaultName, "defaultName");
        Objects.requireNonNull(stores, "stores");
        if (!stores.containsKey(defaultName)) {
            throw new ConfigurationException("Default secret store '" + defaultName + "' is not among the configured stores "
                    + stores.keySet());
        }
        this.defaultName = defaultName;
        this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
    }

    /** A single store serving every namespace, registered under its own {@link SecretStore#name()}. */
    public static SecretStores single(SecretStore store) {
        return new SecretStores(store.name(), Map.of(store.name(), store));
    }

    public String defaultName() {
        return defaultName;
    }

    public SecretStore defaultStore() {
        return stores.get(defaultName);
    }

    /** Configured stores by name. */
    public Map<String, SecretStore> all() {
        return stores;
    }

    public Optional<SecretStore> byName(String name) {
        return Optional.ofNullable(stores.get(name));
    }

    /**
     * The store a namespace binding names, or the default when it names none.
     *
     * @throws ConfigurationException when the named store is not configured
     */
    public SecretStore forBinding(Optional<String> binding) {
        if (binding.isEmpty()) {
            return defaultStore();
        }
        SecretStore s = stores.get(binding.get());
        if (s == null) {
            throw new ConfigurationException("Secret store '" + binding.get() + "' is not configured; configured stores: "
                    + stores.keySet());
        }
        return s;
    }

    /** The name of the store a binding resolves to. */
    public String nameForBinding(Optional<String> binding) {
        return binding.orElse(defaultName);
    }
}
