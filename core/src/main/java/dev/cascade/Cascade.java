package dev.cascade;

import dev.cascade.internal.Arguments;
import dev.cascade.access.AccessPolicy;
import dev.cascade.audit.AuditSink;
import dev.cascade.audit.Slf4jAuditSink;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.internal.GuardedStores;
import dev.cascade.internal.ManagementAccess;
import dev.cascade.internal.ObserverHooks;
import dev.cascade.internal.ProviderLoader;
import dev.cascade.management.NamespaceManagement;
import dev.cascade.observe.CascadeObserver;
import dev.cascade.resolve.Resolver;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.secret.SecretStores;
import dev.cascade.spi.Backend;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.SecretStoreProvider;
import dev.cascade.spi.Storage;
import dev.cascade.spi.StorageProvider;
import dev.cascade.template.TemplateExtension;

import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point: one Cascade instance wires storage, secret stores, the access policy and the audit
 * sink into the {@link #management() management facade} and the {@link #resolver() resolver}.
 *
 * <pre>{@code
 * Cascade cascade = Cascade.builder()
 *         .storage(new InMemoryStorage())                    // or .storage("jdbc", Map.of("url", ...))
 *         .secretStore(new InMemorySecretStore())            // the default store
 *         .secretStore("vault", "vault", Map.of("address", "https://vault:8200", ...))   // a named one
 *         .build();
 * }</pre>
 *
 * With JDBC, one call wires storage, an encrypted secret store, the audit trail and access control over one
 * connection pool:
 *
 * <pre>{@code
 * Cascade cascade = Cascade.builder().backend(JdbcStorage.create(JdbcConfig.from(ConfigSource.environment()))).build();
 * }</pre>
 *
 * Explicit instances passed to the builder take precedence; names resolve through {@link java.util.ServiceLoader}
 * ({@link StorageProvider}, {@link SecretStoreProvider}).
 *
 * <p><b>Ownership:</b> {@link #close()} closes everything this instance created (its resolver, and whatever it
 * created from providers); what the host passed in stays open unless the host asked otherwise with
 * {@link Builder#closeOnShutdown(boolean)}. Thread-safe once built.
 */
public final class Cascade implements AutoCloseable {
    private final Storage storage;
    private final SecretStores secretStores;
    private final AccessPolicy accessPolicy;
    private final AuditSink auditSink;
    private final List<PluginDefault> globalDefaults;
    private final boolean requireExistingNamespace;
    private final Clock clock;
    private final NamespaceManagement management;
    private final Resolver resolver;
    private final List<AutoCloseable> owned;

    private Cascade(Builder b, Storage storage, SecretStores secretStores, List<AutoCloseable> owned) {
        this.storage = storage;
        this.secretStores = secretStores;
        this.accessPolicy = b.accessPolicy;
        this.auditSink = b.auditSink;
        this.globalDefaults = List.copyOf(b.globalDefaults);
        this.requireExistingNamespace = b.requireExistingNamespace;
        this.clock = b.clock;
        this.owned = owned;
        // with an observer, one set of timed wrappers serves the resolver and the management facade
        ObserverHooks hooks = ObserverHooks.of(b.observer);
        Storage observedStorage = hooks.enabled() ? GuardedStores.guard(storage, hooks) : storage;
        SecretStores observedStores = hooks.enabled() ? GuardedStores.guard(secretStores, hooks) : secretStores;
        Resolver.Builder rb = Resolver.builder()
                .storage(observedStorage)
                .secretStores(observedStores)
                .observer(b.observer)
                .globalDefaults(globalDefaults)
                .requireExistingNamespace(requireExistingNamespace)
                .cacheConfig(b.cacheConfig)
                .templateExtensions(b.resolvedExtensions);
        this.resolver = rb.build();
        // writes made through the facade invalidate the resolver's caches at once, whatever the backend
        this.management = ManagementAccess.create(observedStorage, observedStores, accessPolicy, auditSink, clock,
                resolver::onChange, hooks);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The management facade (namespaces, variables, plugin defaults, secrets). */
    public NamespaceManagement management() {
        return management;
    }

    /**
     * The resolver: applies plugin defaults and renders templates for tasks, with the caches. Writes made
     * through {@link #management()} invalidate its caches at once; changes from other processes arrive
     * through the storage's and secret stores' change feeds.
     */
    public Resolver resolver() {
        return resolver;
    }

    public Storage storage() {
        return storage;
    }

    public SecretStores secretStores() {
        return secretStores;
    }

    public List<PluginDefault> globalPluginDefaults() {
        return globalDefaults;
    }

    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    public boolean requireExistingNamespace() {
        return requireExistingNamespace;
    }

    /** Closes the resolver (its threads and subscriptions) and the stores this instance created from providers. */
    @Override
    public void close() {
        RuntimeException first = null;
        try {
            resolver.close();
        } catch (RuntimeException e) {
            first = e;
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new CascadeException("Closing " + c + " failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "Cascade[storage=" + storage.name() + ", secretStores=" + secretStores.all().keySet() + ", default="
                + secretStores.defaultName() + "]";
    }

    /** Builds a {@link Cascade}. Not thread-safe; setters check their arguments at once. */
    public static final class Builder {
        private Storage storage;
        private String storageProvider;
        private Map<String, String> storageProperties = Map.of();
        private final Map<String, SecretStore> stores = new LinkedHashMap<>();
        private final Map<String, Map.Entry<String, Map<String, String>>> storeProviders = new LinkedHashMap<>();
        private String defaultStore;
        private AccessPolicy accessPolicy = AccessPolicy.allowAll();
        private boolean roleBased;
        private AuditSink auditSink = new Slf4jAuditSink();
        private boolean auditSinkSet;
        private Backend backend;
        private String backendProvider;
        private Map<String, String> backendProperties = Map.of();
        private boolean closeOnShutdown;
        private final List<PluginDefault> globalDefaults = new ArrayList<>();
        private boolean requireExistingNamespace;
        private Clock clock = Clock.systemUTC();
        private ResolverCacheConfig cacheConfig = ResolverCacheConfig.DEFAULTS;
        private ClassLoader classLoader = Cascade.class.getClassLoader();
        private CascadeObserver observer = CascadeObserver.none();
        /** Template extensions in registration order: instances, or names to find through ServiceLoader. */
        private final List<Object> templateExtensions = new ArrayList<>();
        private List<TemplateExtension> resolvedExtensions = List.of();

        private Builder() {
        }

        /**
         * Reports backend calls, cache events, template failures, access denials and resolution timings to
         * {@code observer} (for metrics and traces: {@code cascade-micrometer}). Default {@link CascadeObserver#none()}:
         * nothing is reported, and the hot path spends nothing on it. Several observers: {@link
         * CascadeObserver#composite}.
         */
        public Builder observer(CascadeObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Uses this storage instance (takes precedence over a provider name). */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** Creates the storage through the {@link StorageProvider} named {@code provider}. */
        public Builder storage(String provider, Map<String, String> properties) {
            this.storageProvider = requireName(provider, "storage provider");
            this.storageProperties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
            return this;
        }

        /** Adds a secret store under its own {@link SecretStore#name()}; the first one added is the default. */
        public Builder secretStore(SecretStore store) {
            Objects.requireNonNull(store, "store");
            return secretStore(store.name(), store);
        }

        /** Adds a secret store under {@code name} (what namespaces bind to); the first one added is the default. */
        public Builder secretStore(String name, SecretStore store) {
            requireName(name, "secret store name");
            Objects.requireNonNull(store, "store");
            if (stores.containsKey(name) || storeProviders.containsKey(name)) {
                throw new ConfigurationException("Secret store name '" + name + "' is configured twice");
            }
            stores.put(name, store);
            if (defaultStore == null) {
                defaultStore = name;
            }
            return this;
        }

        /** Adds a secret store created by the {@link SecretStoreProvider} named {@code provider}. */
        public Builder secretStore(String name, String provider, Map<String, String> properties) {
            requireName(name, "secret store name");
            requireName(provider, "secret store provider");
            if (stores.containsKey(name) || storeProviders.containsKey(name)) {
                throw new ConfigurationException("Secret store name '" + name + "' is configured twice");
            }
            storeProviders.put(name, Map.entry(provider, Map.copyOf(Objects.requireNonNull(properties, "properties"))));
            if (defaultStore == null) {
                defaultStore = name;
            }
            return this;
        }

        /** Which configured store serves namespaces that name none (default: the first added). */
        public Builder defaultSecretStore(String name) {
            this.defaultStore = requireName(name, "default secret store");
            return this;
        }

        public Builder accessPolicy(AccessPolicy policy) {
            this.accessPolicy = Objects.requireNonNull(policy, "accessPolicy");
            return this;
        }

        /**
         * Enforces the built-in {@link dev.cascade.access.RoleBasedAccessPolicy} over the storage's roles,
         * bindings and group memberships (replaces any {@link #accessPolicy} set). Bootstrap the first
         * administrator with {@link NamespaceManagement#bootstrapAdmin}.
         */
        public Builder roleBasedAccessControl() {
            this.roleBased = true;
            return this;
        }

        public Builder auditSink(AuditSink sink) {
            this.auditSink = Objects.requireNonNull(sink, "auditSink");
            this.auditSinkSet = true;
            return this;
        }

        /**
         * Uses every part the backend offers, in one call: its storage (with its access-control store), its secret
         * store — the default store, unless secret stores of your own are added, in which case it is registered
         * under its name for namespaces to bind — and its audit sink, unless {@link #auditSink} is set. Replaces
         * {@link #storage(Storage)}. The backend stays the caller's: {@link Cascade#close()} leaves it open unless
         * {@link #closeOnShutdown(boolean)} says otherwise.
         */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Creates a backend through the {@link StorageProvider} named {@code provider} (for example {@code jdbc},
         * with {@code url} and {@code encryptionKey.<id>} properties) and uses it as {@link #backend(Backend)}
         * does: one pool and one migration for storage, secrets, audit and access control. {@link Cascade#close()}
         * closes it.
         */
        public Builder backend(String provider, Map<String, String> properties) {
            this.backendProvider = requireName(provider, "backend provider");
            this.backendProperties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
            return this;
        }

        /**
         * Whether {@link Cascade#close()} also closes the storage, backend and secret stores the host passed in as
         * instances (default {@code false}: they belong to the host). What Cascade created from provider names is
         * closed either way. A host's {@code DataSource} is never closed by Cascade.
         */
        public Builder closeOnShutdown(boolean close) {
            this.closeOnShutdown = close;
            return this;
        }

        /** Instance-wide plugin defaults: the lowest-precedence level (their forced values win over namespaces'). */
        public Builder globalPluginDefaults(List<PluginDefault> rules) {
            List<PluginDefault> copy = Arguments.listWithoutNulls(Objects.requireNonNull(rules, "rules"), "rules");
            this.globalDefaults.clear();
            this.globalDefaults.addAll(copy);
            return this;
        }

        /** Resolving a namespace that does not exist fails instead of resolving a placeholder. */
        public Builder requireExistingNamespace(boolean require) {
            this.requireExistingNamespace = require;
            return this;
        }

        /** Cache sizes and lifetimes of the resolver (see {@link ResolverCacheConfig}). */
        public Builder cacheConfig(ResolverCacheConfig config) {
            this.cacheConfig = Objects.requireNonNull(config, "cacheConfig");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds the filters, functions and tests of {@code extension} to every template (see
         * {@link TemplateExtension}); a name that clashes with a built-in or another extension fails the build.
         */
        public Builder templateExtension(TemplateExtension extension) {
            templateExtensions.add(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        /**
         * Adds the {@link TemplateExtension} named {@code name} found through {@link java.util.ServiceLoader}
         * (for example {@code "jq"} from {@code cascade-jq}); none or several with that name fail the build
         * with a message listing what was found.
         */
        public Builder templateExtension(String name) {
            templateExtensions.add(requireName(name, "template extension name"));
            return this;
        }

        /** Class loader for {@link java.util.ServiceLoader} discovery. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        private static String requireName(String name, String what) {
            if (name == null || name.isBlank()) {
                throw new ConfigurationException(what + " must not be blank");
            }
            return name;
        }

        public Cascade build() {
            List<AutoCloseable> owned = new ArrayList<>();
            try {
                Backend b = backend;
                if (b == null && backendProvider != null) {
                    Storage created = ProviderLoader.find(StorageProvider.class, backendProvider, StorageProvider::name,
                            classLoader).create(backendProperties);
                    owned.add(created);
                    if (!(created instanceof Backend)) {
                        throw new ConfigurationException("Storage provider '" + backendProvider + "' makes a storage "
                                + "only, not a backend with secrets and audit; use storage(\"" + backendProvider
                                + "\", properties)");
                    }
                    b = (Backend) created;
                } else if (b != null && closeOnShutdown) {
                    owned.add(b);
                }
                if (b != null && (storage != null || storageProvider != null)) {
                    throw new ConfigurationException("Both a backend and a storage are configured; a backend brings "
                            + "its own storage");
                }
                Storage s = b == null ? storage : b.storage();
                if (s != null && s == storage && closeOnShutdown) {
                    owned.add(s);
                }
                if (s == null && storageProvider != null) {
                    s = ProviderLoader.find(StorageProvider.class, storageProvider, StorageProvider::name, classLoader)
                            .create(storageProperties);
                    owned.add(s);
                }
                if (s == null) {
                    s = new InMemoryStorage();
                }
                if (closeOnShutdown) {
                    owned.addAll(stores.values());
                }
                Map<String, SecretStore> all = new LinkedHashMap<>(stores);
                for (Map.Entry<String, Map.Entry<String, Map<String, String>>> e : storeProviders.entrySet()) {
                    SecretStore created = ProviderLoader.find(SecretStoreProvider.class, e.getValue().getKey(),
                            SecretStoreProvider::name, classLoader).create(e.getValue().getValue());
                    owned.add(created);
                    all.put(e.getKey(), created);
                }
                String def = defaultStore;
                Optional<SecretStore> backendStore = b == null ? Optional.empty() : b.defaultSecretStore();
                if (backendStore.isPresent()) {
                    all.putIfAbsent(backendStore.get().name(), backendStore.get());
                    if (def == null) {
                        def = backendStore.get().name();
                    }
                }
                if (b != null && !auditSinkSet) {
                    b.defaultAuditSink().ifPresent(sink -> auditSink = sink);
                }
                if (all.isEmpty() && !(s instanceof InMemoryStorage)) {
                    LoggerFactory.getLogger(Cascade.class).warn("No secret store is configured and storage "
                            + "'{}' provides none: secrets are kept in memory and lost when the process ends", s.name());
                }
                if (all.isEmpty()) {
                    InMemorySecretStore memory = new InMemorySecretStore();
                    all.put(memory.name(), memory);
                    def = memory.name();
                }
                List<TemplateExtension> extensions = new ArrayList<>();
                for (Object e : templateExtensions) {
                    extensions.add(e instanceof TemplateExtension t ? t : ProviderLoader.find(TemplateExtension.class,
                            (String) e, TemplateExtension::name, classLoader));
                }
                resolvedExtensions = List.copyOf(extensions);
                if (roleBased) {
                    Storage chosen = s;
                    accessPolicy = new dev.cascade.access.RoleBasedAccessPolicy(s.accessControl().orElseThrow(() ->
                            new ConfigurationException("Role-based access control needs a storage that keeps roles and "
                                    + "bindings; storage '" + chosen.name() + "' does not")));
                }
                return new Cascade(this, s, new SecretStores(def, all), owned);
            } catch (RuntimeException e) {
                for (AutoCloseable c : owned) {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
    }
}
