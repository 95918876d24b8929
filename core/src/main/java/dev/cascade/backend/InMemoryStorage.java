package dev.cascade.backend;

import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.TreeData;
import dev.cascade.internal.ChangeBroadcaster;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.NamespaceQuery;
import dev.cascade.spi.NamespaceStore;
import dev.cascade.spi.PluginDefaultsStore;
import dev.cascade.spi.Revision;
import dev.cascade.spi.RevisionStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;
import dev.cascade.spi.Versioned;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Storage held in memory: the embedded default for tests and single-process hosts. Nothing survives the
 * process. It keeps the revision history of every namespace's properties, variables and plugin defaults (the
 * newest {@value #MAX_REVISIONS} of each, so history cannot grow without bound). Thread-safe: each tenant's data is guarded by one lock, so every write is atomic and
 * linearizable; change events are published after the lock is released.
 */
public final class InMemoryStorage implements Storage {
    /** Revisions kept per namespace and resource; older ones are dropped. */
    public static final int MAX_REVISIONS = 1000;

    private final ConcurrentHashMap<TenantId, TenantData> tenants = new ConcurrentHashMap<>();
    private final ChangeBroadcaster changes = new ChangeBroadcaster();
    private final Clock clock;
    private final Namespaces namespaces = new Namespaces();
    private final Variables variables = new Variables();
    private final Defaults defaults = new Defaults();
    private final InMemoryAccessControlStore accessControl = new InMemoryAccessControlStore();
    private final Revisions revisions = new Revisions();

    public InMemoryStorage() {
        this(Clock.systemUTC());
    }

    public InMemoryStorage(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "memory";
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
    public Optional<dev.cascade.spi.AccessControlStore> accessControl() {
        return Optional.of(accessControl);
    }

    @Override
    public Optional<RevisionStore> revisions() {
        return Optional.of(revisions);
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
        return changes.subscribe(listener);
    }

    @Override
    public String toString() {
        return "InMemoryStorage";
    }

    private TenantData tenant(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return tenants.computeIfAbsent(tenant, t -> new TenantData());
    }

    private static final class TenantData {
        final TreeMap<NamespaceId, Namespace> namespaces = new TreeMap<>();
        final Map<NamespaceId, Versioned<Map<String, Object>>> variables = new TreeMap<>();
        final Map<NamespaceId, Versioned<List<PluginDefault>>> defaults = new TreeMap<>();
        final TreeSet<NamespaceId> used = new TreeSet<>();
        final Map<NamespaceId, EnumMap<Revision.Resource, ArrayList<Revision>>> history = new TreeMap<>();

        /** Records a revision; the caller holds this tenant's lock. */
        void record(NamespaceId id, Revision revision) {
            ArrayList<Revision> list = history.computeIfAbsent(id, k -> new EnumMap<>(Revision.Resource.class))
                    .computeIfAbsent(revision.resource(), k -> new ArrayList<>());
            list.add(revision);
            if (list.size() > MAX_REVISIONS) {
                list.remove(0);
            }
        }
    }

    private static ConflictException conflict(String what, TenantId tenant, NamespaceId id, long expected, long actual) {
        return new ConflictException("Conflict updating " + what + " of namespace '" + id + "' (tenant '" + tenant
                + "'): expected version " + expected + " but the current version is " + actual
                + "; re-read and retry");
    }

    private final class Namespaces implements NamespaceStore {
        @Override
        public Optional<Namespace> get(TenantId tenant, NamespaceId id) {
            Objects.requireNonNull(id, "id");
            TenantData data = tenant(tenant);
            synchronized (data) {
                return Optional.ofNullable(data.namespaces.get(id));
            }
        }

        @Override
        public List<Namespace> list(TenantId tenant) {
            TenantData data = tenant(tenant);
            synchronized (data) {
                return List.copyOf(data.namespaces.values());
            }
        }

        @Override
        public Namespace create(TenantId tenant, NamespaceId id, NamespaceProperties properties) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(properties, "properties");
            TenantData data = tenant(tenant);
            Namespace created;
            synchronized (data) {
                if (data.namespaces.containsKey(id)) {
                    throw new ConflictException("Namespace '" + id + "' already exists (tenant '" + tenant + "')");
                }
                Instant now = clock.instant();
                created = new Namespace(tenant, id, properties.description(), properties.allowedNamespaces(),
                        properties.secretStore(), 1, now, now);
                data.namespaces.put(id, created);
                data.history.remove(id); // a re-created namespace starts a new history
                data.record(id, new Revision(Revision.Resource.PROPERTIES, 1, now, created.properties()));
            }
            changes.publish(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
            return created;
        }

        @Override
        public Namespace update(TenantId tenant, NamespaceId id, NamespaceProperties properties, long expectedVersion) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(properties, "properties");
            TenantData data = tenant(tenant);
            Namespace updated;
            synchronized (data) {
                Namespace current = data.namespaces.get(id);
                if (current == null) {
                    throw new NotFoundException("Namespace '" + id + "' does not exist (tenant '" + tenant + "')");
                }
                if (current.version() != expectedVersion) {
                    throw conflict("properties", tenant, id, expectedVersion, current.version());
                }
                updated = new Namespace(tenant, id, properties.description(), properties.allowedNamespaces(),
                        properties.secretStore(), current.version() + 1, current.created(), clock.instant());
                data.namespaces.put(id, updated);
                data.record(id, new Revision(Revision.Resource.PROPERTIES, updated.version(), updated.updated(),
                        updated.properties()));
            }
            changes.publish(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
            return updated;
        }

        @Override
        public void delete(TenantId tenant, NamespaceId id, long expectedVersion) {
            Objects.requireNonNull(id, "id");
            TenantData data = tenant(tenant);
            synchronized (data) {
                Namespace current = data.namespaces.get(id);
                if (current == null) {
                    throw new NotFoundException("Namespace '" + id + "' does not exist (tenant '" + tenant + "')");
                }
                if (current.version() != expectedVersion) {
                    throw conflict("properties", tenant, id, expectedVersion, current.version());
                }
                data.namespaces.remove(id);
                data.variables.remove(id);
                data.defaults.remove(id);
                data.history.remove(id);
            }
            changes.publish(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE));
        }

        @Override
        public void markUsed(TenantId tenant, Collection<NamespaceId> ids) {
            List<NamespaceId> copy = new ArrayList<>(ids);
            copy.forEach(i -> Objects.requireNonNull(i, "namespace id"));
            TenantData data = tenant(tenant);
            synchronized (data) {
                data.used.addAll(copy);
            }
        }

        @Override
        public Set<NamespaceId> used(TenantId tenant) {
            TenantData data = tenant(tenant);
            synchronized (data) {
                return Set.copyOf(data.used);
            }
        }

        @Override
        public List<Namespace> listPage(TenantId tenant, NamespaceQuery query) {
            Objects.requireNonNull(query, "query");
            TenantData data = tenant(tenant);
            synchronized (data) {
                return page(data.namespaces.navigableKeySet(), query, data.namespaces::get);
            }
        }

        @Override
        public List<NamespaceId> usedPage(TenantId tenant, NamespaceQuery query) {
            Objects.requireNonNull(query, "query");
            TenantData data = tenant(tenant);
            synchronized (data) {
                return page(data.used, query, id -> id);
            }
        }
    }

    /** A page of sorted ids: starts at the query's lower bound, stops past its subtree or at the limit. */
    private static <T> List<T> page(NavigableSet<NamespaceId> ids, NamespaceQuery query, Function<NamespaceId, T> value) {
        NamespaceId from = query.after().orElse(null);
        boolean inclusive = false;
        if (query.subtree().isPresent() && (from == null || from.compareTo(query.subtree().get()) < 0)) {
            from = query.subtree().get();
            inclusive = true;
        }
        String end = query.subtree().map(NamespaceQuery::descendantsUpperBound).orElse(null);
        List<T> out = new ArrayList<>(Math.min(query.limit(), 64));
        for (NamespaceId id : from == null ? ids : ids.tailSet(from, inclusive)) {
            if (end != null && id.value().compareTo(end) >= 0) {
                break;
            }
            if (query.matches(id)) {
                out.add(value.apply(id));
                if (out.size() == query.limit()) {
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    private final class Variables implements VariableStore {
        @Override
        public Optional<Versioned<Map<String, Object>>> get(TenantId tenant, NamespaceId namespace) {
            Objects.requireNonNull(namespace, "namespace");
            TenantData data = tenant(tenant);
            synchronized (data) {
                return Optional.ofNullable(data.variables.get(namespace));
            }
        }

        @Override
        public Versioned<Map<String, Object>> put(TenantId tenant, NamespaceId namespace, Map<String, Object> variables,
                                                  long expectedVersion) {
            Objects.requireNonNull(namespace, "namespace");
            Map<String, Object> frozen = TreeData.storableCopy(Objects.requireNonNull(variables, "variables"),
                    "variables of namespace '" + namespace + "'");
            TenantData data = tenant(tenant);
            Versioned<Map<String, Object>> written;
            synchronized (data) {
                if (!data.namespaces.containsKey(namespace)) {
                    throw new NotFoundException("Namespace '" + namespace + "' does not exist (tenant '" + tenant
                            + "'); create it before setting its variables");
                }
                Versioned<Map<String, Object>> current = data.variables.get(namespace);
                long currentVersion = current == null ? 0 : current.version();
                if (currentVersion != expectedVersion) {
                    throw conflict("variables", tenant, namespace, expectedVersion, currentVersion);
                }
                written = new Versioned<>(frozen, currentVersion + 1, clock.instant());
                data.variables.put(namespace, written);
                data.record(namespace, new Revision(Revision.Resource.VARIABLES, written.version(), written.updated(),
                        frozen));
            }
            changes.publish(ChangeEvent.of(tenant, namespace, ChangeEvent.Kind.VARIABLES));
            return written;
        }
    }

    private final class Defaults implements PluginDefaultsStore {
        @Override
        public Optional<Versioned<List<PluginDefault>>> get(TenantId tenant, NamespaceId namespace) {
            Objects.requireNonNull(namespace, "namespace");
            TenantData data = tenant(tenant);
            synchronized (data) {
                return Optional.ofNullable(data.defaults.get(namespace));
            }
        }

        @Override
        public Versioned<List<PluginDefault>> put(TenantId tenant, NamespaceId namespace, List<PluginDefault> rules,
                                                  long expectedVersion) {
            Objects.requireNonNull(namespace, "namespace");
            List<PluginDefault> copy = TreeData.storableRules(Objects.requireNonNull(rules, "rules"),
                    "plugin defaults of namespace '" + namespace + "'");
            TenantData data = tenant(tenant);
            Versioned<List<PluginDefault>> written;
            synchronized (data) {
                if (!data.namespaces.containsKey(namespace)) {
                    throw new NotFoundException("Namespace '" + namespace + "' does not exist (tenant '" + tenant
                            + "'); create it before setting its plugin defaults");
                }
                Versioned<List<PluginDefault>> current = data.defaults.get(namespace);
                long currentVersion = current == null ? 0 : current.version();
                if (currentVersion != expectedVersion) {
                    throw conflict("plugin defaults", tenant, namespace, expectedVersion, currentVersion);
                }
                written = new Versioned<>(copy, currentVersion + 1, clock.instant());
                data.defaults.put(namespace, written);
                data.record(namespace, new Revision(Revision.Resource.PLUGIN_DEFAULTS, written.version(),
                        written.updated(), copy));
            }
            changes.publish(ChangeEvent.of(tenant, namespace, ChangeEvent.Kind.PLUGIN_DEFAULTS));
            return written;
        }
    }

    private final class Revisions implements RevisionStore {
        @Override
        public List<Revision> list(TenantId tenant, NamespaceId namespace, Revision.Resource resource) {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(resource, "resource");
            TenantData data = tenant(tenant);
            synchronized (data) {
                EnumMap<Revision.Resource, ArrayList<Revision>> byResource = data.history.get(namespace);
                List<Revision> list = byResource == null ? null : byResource.get(resource);
                return list == null ? List.of() : List.copyOf(list);
            }
        }
    }
}
