package dev.cascade.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code cascade.*} properties. Provider settings and cache settings are maps read with Cascade's own
 * configuration grammar (durations such as {@code 10s}, sizes, booleans), so a bad value fails at startup with the
 * same one-message report as anywhere else. Mutable, as Spring's binding needs; not thread-safe, read once at
 * startup.
 */
@ConfigurationProperties("cascade")
public class CascadeProperties {
    /** Whether to auto-configure Cascade at all. */
    private boolean enabled = true;

    /** Where namespaces, variables and plugin defaults are stored. */
    private final Storage storage = new Storage();

    /**
     * Named secret stores, each created by its provider ({@code vault}, {@code aws}, {@code env}, {@code memory},
     * ...) with its own properties. Namespaces bind to a store by this name.
     */
    private Map<String, SecretStore> secretStores = new LinkedHashMap<>();

    /**
     * The secret store that serves namespaces that name none. Default: the first one configured under
     * secret-stores, else the JDBC backend's encrypted store, else an in-memory store.
     */
    private String defaultSecretStore;

    /**
     * Resolver cache settings in Cascade's grammar: namespaceCacheSize, namespaceExpireAfterWrite, secretCacheSize,
     * secretExpireAfterWrite, secretRefreshAhead, secretStaleIfError, secretNegativeTtl, backendTimeout,
     * templateCacheSize, maxRenderedChars, maskMinLength, secretPrefetchMaxKeys and the rest of
     * {@code ResolverCacheConfig.PROPERTIES}.
     */
    private Map<String, String> cache = new LinkedHashMap<>();

    /** Role-based access control. */
    private final Rbac rbac = new Rbac();

    /**
     * A YAML resource with the instance-wide plugin defaults: a list of {type, values, forced} rules, the
     * lowest-precedence level (for example classpath:cascade/global-defaults.yml).
     */
    private Resource globalPluginDefaults;

    /** Resolving a namespace that does not exist fails instead of resolving a placeholder. */
    private boolean requireExistingNamespace;

    /** Metrics and traces through Micrometer (when Micrometer and cascade-micrometer are present). */
    private final Observation observation = new Observation();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Storage getStorage() {
        return storage;
    }

    public Map<String, SecretStore> getSecretStores() {
        return secretStores;
    }

    public void setSecretStores(Map<String, SecretStore> secretStores) {
        this.secretStores = secretStores;
    }

    public String getDefaultSecretStore() {
        return defaultSecretStore;
    }

    public void setDefaultSecretStore(String defaultSecretStore) {
        this.defaultSecretStore = defaultSecretStore;
    }

    public Map<String, String> getCache() {
        return cache;
    }

    public void setCache(Map<String, String> cache) {
        this.cache = cache;
    }

    public Rbac getRbac() {
        return rbac;
    }

    public Resource getGlobalPluginDefaults() {
        return globalPluginDefaults;
    }

    public void setGlobalPluginDefaults(Resource globalPluginDefaults) {
        this.globalPluginDefaults = globalPluginDefaults;
    }

    public boolean isRequireExistingNamespace() {
        return requireExistingNamespace;
    }

    public void setRequireExistingNamespace(boolean requireExistingNamespace) {
        this.requireExistingNamespace = requireExistingNamespace;
    }

    public Observation getObservation() {
        return observation;
    }

    /** {@code cascade.storage.*}. */
    public static class Storage {
        /**
         * The storage provider: jdbc, memory, or any registered StorageProvider. Default: jdbc when
         * cascade-storage-jdbc is present and the application has a DataSource, memory otherwise.
         */
        private String provider;

        /**
         * The provider's properties (for jdbc: url, user, password, poolSize, tablePrefix, pollInterval,
         * listenNotify, migrate, changeLogRetention, activeKeyId, encryptionKey.[id]). Without a url, jdbc uses
         * the application's DataSource, which Cascade never closes.
         */
        private Map<String, String> properties = new LinkedHashMap<>();

        public String getProvider() {
            return provider;
        }

        public void setProvider(String provider) {
            this.provider = provider;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** {@code cascade.secret-stores.<name>.*}. */
    public static class SecretStore {
        /** The SecretStoreProvider's name: vault, aws, env, memory, jdbc, or your own. */
        private String provider;

        /** The provider's properties. */
        private Map<String, String> properties = new LinkedHashMap<>();

        public String getProvider() {
            return provider;
        }

        public void setProvider(String provider) {
            this.provider = provider;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** {@code cascade.rbac.*}. */
    public static class Rbac {
        /**
         * Enforce the built-in role-based policy over the storage's roles and bindings (needs a storage that keeps
         * them: jdbc or memory). Off: every caller may do everything.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code cascade.observation.*}. */
    public static class Observation {
        /** Record Cascade's meters and observations when Micrometer is present. */
        private boolean enabled = true;

        /** Tag meters with the namespace (multiplies time series by the number of namespaces). */
        private boolean namespaceTag;

        /** Tag meters with the tenant. */
        private boolean tenantTag;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isNamespaceTag() {
            return namespaceTag;
        }

        public void setNamespaceTag(boolean namespaceTag) {
            this.namespaceTag = namespaceTag;
        }

        public boolean isTenantTag() {
            return tenantTag;
        }

        public void setTenantTag(boolean tenantTag) {
            this.tenantTag = tenantTag;
        }
    }
}
