package dev.cascade.internal;

import dev.cascade.BackendException;
import dev.cascade.CascadeException;
import dev.cascade.access.Role;
import dev.cascade.access.RoleBinding;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.observe.BackendCall;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.AccessControlStore;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.NamespaceLevel;
import dev.cascade.spi.NamespaceQuery;
import dev.cascade.spi.NamespaceStore;
import dev.cascade.spi.PluginDefaultsStore;
import dev.cascade.spi.Revision;
import dev.cascade.spi.RevisionStore;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;
import dev.cascade.spi.Versioned;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static dev.cascade.observe.BackendCall.StoreKind.STORAGE;

/**
 * Wraps third-party stores so that anything they throw besides a {@link CascadeException} reaches the
 * caller as a {@link BackendException} naming backend, operation, tenant, namespace and key. The original
 * exception's message and cause are dropped on purpose: a store may have put data (even a secret value)
 * in them. Thread-safe when the wrapped store is. Not API.
 */
public final class GuardedStores {
    private GuardedStores() {
    }

    static <T> T call(String backend, String op, TenantId tenant, NamespaceId ns, Object key, Supplier<T> body) {
        return call(ObserverHooks.NONE, BackendCall.StoreKind.STORAGE, backend, op, tenant, ns, key, body);
    }

    static <T> T call(ObserverHooks hooks, BackendCall.StoreKind kind, String backend, String op, TenantId tenant,
                      NamespaceId ns, Object key, Supplier<T> body) {
        try {
            return hooks.backend(backend, kind, op, tenant, ns, key, body);
        } catch (CascadeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackendException(backend, op, tenant == null ? null : tenant.value(),
                    ns == null ? null : ns.value(), key == null ? null : key.toString(),
                    "unexpected " + e.getClass().getName() + " from the backend (message withheld)");
        }
    }

    static void run(ObserverHooks hooks, String backend, String op, TenantId tenant, NamespaceId ns, Object key,
                    Runnable body) {
        call(hooks, BackendCall.StoreKind.STORAGE, backend, op, tenant, ns, key, () -> {
            body.run();
            return null;
        });
    }

    public static SecretStore guard(SecretStore store) {
        return store instanceof GuardedSecretStore ? store : new GuardedSecretStore(store, store.name(), ObserverHooks.NONE);
    }

    public static Storage guard(Storage storage) {
        return guard(storage, ObserverHooks.NONE);
    }

    /** Guards {@code storage} and reports its calls to {@code hooks}; a storage guarded already is returned as is. */
    public static Storage guard(Storage storage, ObserverHooks hooks) {
        return storage instanceof GuardedStorage ? storage : new GuardedStorage(storage, hooks);
    }

    /**
     * Guards every store of {@code stores} and reports their calls, under their configured names, to {@code hooks};
     * stores guarded already stay as they are.
     */
    public static SecretStores guard(SecretStores stores, ObserverHooks hooks) {
        Map<String, SecretStore> guarded = new LinkedHashMap<>();
        stores.all().forEach((name, store) -> guarded.put(name, store instanceof GuardedSecretStore ? store
                : new GuardedSecretStore(store, name, hooks)));
        return new SecretStores(stores.defaultName(), guarded);
    }

    private record GuardedSecretStore(SecretStore d, String configured, ObserverHooks hooks) implements SecretStore {
        private <T> T call(String op, TenantId t, NamespaceId n, Object key, Supplier<T> body) {
            return GuardedStores.call(hooks, BackendCall.StoreKind.SECRET_STORE, configured, op, t, n, key, body);
        }

        @Override
        public String name() {
            return d.name();
        }

        @Override
        public Optional<SecretValue> get(TenantId t, NamespaceId n, SecretKey k) {
            return call("get", t, n, k, () -> d.get(t, n, k));
        }

        @Override
        public List<SecretMetadata> list(TenantId t, NamespaceId n) {
            return call("list", t, n, null, () -> d.list(t, n));
        }

        @Override
        public Optional<SecretMetadata> metadata(TenantId t, NamespaceId n, SecretKey k) {
            return call("metadata", t, n, k, () -> d.metadata(t, n, k));
        }

        @Override
        public Map<SecretKey, SecretValue> getAll(TenantId t, NamespaceId n) {
            return call("getAll", t, n, null, () -> d.getAll(t, n));
        }

        @Override
        public boolean supportsPrefetch() {
            return d.supportsPrefetch();
        }

        @Override
        public Optional<Map<SecretKey, SecretValue>> prefetch(TenantId t, NamespaceId n, int maxKeys) {
            return call("prefetch", t, n, null, () -> d.prefetch(t, n, maxKeys));
        }

        @Override
        public SecretMetadata put(TenantId t, NamespaceId n, SecretKey k, SecretValue v, SecretAttributes a, long ev) {
            return call("put", t, n, k, () -> d.put(t, n, k, v, a, ev));
        }

        @Override
        public boolean delete(TenantId t, NamespaceId n, SecretKey k, long ev) {
            return call("delete", t, n, k, () -> d.delete(t, n, k, ev));
        }

        @Override
        public boolean isNamespaceScoped() {
            return d.isNamespaceScoped();
        }

        @Override
        public boolean isReadOnly() {
            return d.isReadOnly();
        }

        @Override
        public boolean supportsCompareAndSet() {
            return d.supportsCompareAndSet();
        }

        @Override
        public boolean listIsStronglyConsistent() {
            return d.listIsStronglyConsistent();
        }

        @Override
        public Subscription subscribe(ChangeListener listener) {
            return d.subscribe(listener);
        }

        @Override
        public void close() {
            d.close();
        }

        @Override
        public String toString() {
            return d.toString();
        }
    }

    private static final class GuardedStorage implements Storage {
        private final Storage d;
        private final NamespaceStore namespaces;
        private final VariableStore variables;
        private final PluginDefaultsStore defaults;
        private final Optional<AccessControlStore> access;
        private final Optional<RevisionStore> revisions;

        private final ObserverHooks hooks;

        GuardedStorage(Storage d, ObserverHooks hooks) {
            this.d = d;
            this.hooks = hooks;
            String b = d.name();
            NamespaceStore ns = d.namespaces();
            this.namespaces = new NamespaceStore() {
                @Override
                public Optional<Namespace> get(TenantId t, NamespaceId id) {
                    return call(hooks, STORAGE, b, "get namespace", t, id, null, () -> ns.get(t, id));
                }

                @Override
                public List<Namespace> list(TenantId t) {
                    return call(hooks, STORAGE, b, "list namespaces", t, null, null, () -> ns.list(t));
                }

                @Override
                public Namespace create(TenantId t, NamespaceId id, NamespaceProperties p) {
                    return call(hooks, STORAGE, b, "create namespace", t, id, null, () -> ns.create(t, id, p));
                }

                @Override
                public Namespace update(TenantId t, NamespaceId id, NamespaceProperties p, long ev) {
                    return call(hooks, STORAGE, b, "update namespace", t, id, null, () -> ns.update(t, id, p, ev));
                }

                @Override
                public void delete(TenantId t, NamespaceId id, long ev) {
                    run(hooks, b, "delete namespace", t, id, null, () -> ns.delete(t, id, ev));
                }

                @Override
                public void markUsed(TenantId t, Collection<NamespaceId> ids) {
                    run(hooks, b, "mark namespaces used", t, null, null, () -> ns.markUsed(t, ids));
                }

                @Override
                public Set<NamespaceId> used(TenantId t) {
                    return call(hooks, STORAGE, b, "list used namespaces", t, null, null, () -> ns.used(t));
                }

                @Override
                public List<Namespace> listPage(TenantId t, NamespaceQuery q) {
                    return call(hooks, STORAGE, b, "list a page of namespaces", t, null, null, () -> ns.listPage(t, q));
                }

                @Override
                public List<NamespaceId> usedPage(TenantId t, NamespaceQuery q) {
                    return call(hooks, STORAGE, b, "list a page of used namespaces", t, null, null, () -> ns.usedPage(t, q));
                }
            };
            VariableStore vs = d.variables();
            this.variables = new VariableStore() {
                @Override
                public Optional<Versioned<Map<String, Object>>> get(TenantId t, NamespaceId n) {
                    return call(hooks, STORAGE, b, "get variables", t, n, null, () -> vs.get(t, n));
                }

                @Override
                public Versioned<Map<String, Object>> put(TenantId t, NamespaceId n, Map<String, Object> v, long ev) {
                    return call(hooks, STORAGE, b, "put variables", t, n, null, () -> vs.put(t, n, v, ev));
                }
            };
            PluginDefaultsStore ps = d.pluginDefaults();
            this.defaults = new PluginDefaultsStore() {
                @Override
                public Optional<Versioned<List<PluginDefault>>> get(TenantId t, NamespaceId n) {
                    return call(hooks, STORAGE, b, "get plugin defaults", t, n, null, () -> ps.get(t, n));
                }

                @Override
                public Versioned<List<PluginDefault>> put(TenantId t, NamespaceId n, List<PluginDefault> r, long ev) {
                    return call(hooks, STORAGE, b, "put plugin defaults", t, n, null, () -> ps.put(t, n, r, ev));
                }
            };
            this.revisions = d.revisions().map(r -> new RevisionStore() {
                @Override
                public List<Revision> list(TenantId t, NamespaceId n, Revision.Resource res) {
                    return call(hooks, STORAGE, b, "list revisions", t, n, null, () -> r.list(t, n, res));
                }

                @Override
                public Optional<Revision> get(TenantId t, NamespaceId n, Revision.Resource res, long version) {
                    return call(hooks, STORAGE, b, "get revision", t, n, null, () -> r.get(t, n, res, version));
                }
            });
            this.access = d.accessControl().map(a -> new AccessControlStore() {
                @Override
                public List<Role> roles(TenantId t) {
                    return call(hooks, STORAGE, b, "list roles", t, null, null, () -> a.roles(t));
                }

                @Override
                public Optional<Role> role(TenantId t, String name) {
                    return call(hooks, STORAGE, b, "get role", t, null, name, () -> a.role(t, name));
                }

                @Override
                public void putRole(TenantId t, Role role) {
                    run(hooks, b, "put role", t, null, role.name(), () -> a.putRole(t, role));
                }

                @Override
                public boolean deleteRole(TenantId t, String name) {
                    return call(hooks, STORAGE, b, "delete role", t, null, name, () -> a.deleteRole(t, name));
                }

                @Override
                public List<RoleBinding> bindings(TenantId t) {
                    return call(hooks, STORAGE, b, "list bindings", t, null, null, () -> a.bindings(t));
                }

                @Override
                public boolean addBinding(RoleBinding binding) {
                    return call(hooks, STORAGE, b, "add binding", binding.tenant(), binding.namespace().orElse(null), binding.subject(),
                            () -> a.addBinding(binding));
                }

                @Override
                public boolean removeBinding(RoleBinding binding) {
                    return call(hooks, STORAGE, b, "remove binding", binding.tenant(), binding.namespace().orElse(null), binding.subject(),
                            () -> a.removeBinding(binding));
                }

                @Override
                public Set<String> groupsOf(TenantId t, String user) {
                    return call(hooks, STORAGE, b, "groups of user", t, null, null, () -> a.groupsOf(t, user));
                }

                @Override
                public Map<String, Set<String>> groups(TenantId t) {
                    return call(hooks, STORAGE, b, "list groups", t, null, null, () -> a.groups(t));
                }

                @Override
                public boolean addMember(TenantId t, String group, String user) {
                    return call(hooks, STORAGE, b, "add group member", t, null, group, () -> a.addMember(t, group, user));
                }

                @Override
                public boolean removeMember(TenantId t, String group, String user) {
                    return call(hooks, STORAGE, b, "remove group member", t, null, group, () -> a.removeMember(t, group, user));
                }
            });
        }

        @Override
        public String name() {
            return d.name();
        }

        @Override
        public NamespaceStore namespaces() {
            return namespaces;
        }

        @Override
        public VariableStore variables() {
            return variables;
        }

        @Override
        public PluginDefaultsStore pluginDefaults() {
            return defaults;
        }

        @Override
        public List<NamespaceLevel> chain(TenantId t, NamespaceId n) {
            // the storage's own (a database reads the chain in one query), timed as one call
            return call(hooks, STORAGE, d.name(), "read namespace chain", t, n, null, () -> d.chain(t, n));
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return call(hooks, STORAGE, d.name(), "transaction", null, null, null, () -> d.inTransaction(work));
        }

        @Override
        public Optional<AccessControlStore> accessControl() {
            return access;
        }

        @Override
        public Optional<RevisionStore> revisions() {
            return revisions;
        }

        @Override
        public Subscription subscribe(ChangeListener listener) {
            return d.subscribe(listener);
        }

        @Override
        public void close() {
            d.close();
        }

        @Override
        public String toString() {
            return d.toString();
        }
    }
}
