package dev.cascade.management;

import dev.cascade.internal.Arguments;
import dev.cascade.AccessDeniedException;
import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.InvalidIdException;
import dev.cascade.NotFoundException;
import dev.cascade.Versions;
import dev.cascade.WriteOutcomeUnknownException;
import dev.cascade.access.Action;
import dev.cascade.access.Actor;
import dev.cascade.access.NamespaceFilter;
import dev.cascade.access.Permission;
import dev.cascade.access.Role;
import dev.cascade.access.RoleBinding;
import dev.cascade.ConfigurationException;
import dev.cascade.spi.AccessControlStore;
import dev.cascade.audit.AuditEvent;
import dev.cascade.audit.DiffEntry;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.TreeData;
import dev.cascade.internal.Ids;
import dev.cascade.internal.NamespacePager;
import dev.cascade.internal.TreeDiff;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.NamespaceSummary;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.NamespaceQuery;
import dev.cascade.spi.Revision;
import dev.cascade.spi.RevisionStore;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Versioned;
import dev.cascade.yaml.NamespaceDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Management calls made by one actor in one tenant. Every call is checked by the access policy; every
 * mutation emits one audit event; every write is optimistic (it carries the version the caller read)
 * and atomic. Secret values are write-only: nothing here returns one.
 *
 * <p>Immutable and thread-safe.
 */
public final class ManagementSession {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementSession.class);

    private final NamespaceManagement m;
    private final TenantId tenant;
    private final Actor actor;

    ManagementSession(NamespaceManagement management, TenantId tenant, Actor actor) {
        this.m = management;
        this.tenant = tenant;
        this.actor = actor;
    }

    public TenantId tenant() {
        return tenant;
    }

    public Actor actor() {
        return actor;
    }

    // ---------------------------------------------------------------- namespaces

    /**
     * Every namespace of the tenant the actor may read: existing ones, and placeholders (used by flows,
     * or ancestors of a used or existing namespace), sorted by id. It loads the whole tenant at once: meant for
     * small tenants (a few thousand namespaces); page through large ones with
     * {@link #listNamespaces(NamespacePageRequest)}.
     */
    public List<NamespaceSummary> listNamespaces() {
        TreeMap<NamespaceId, NamespaceSummary> rows = new TreeMap<>();
        Set<NamespaceId> known = new TreeSet<>();
        for (Namespace ns : m.storage.namespaces().list(tenant)) {
            rows.put(ns.id(), new NamespaceSummary(ns.id(), NamespaceStatus.EXISTING, Optional.of(ns)));
            known.add(ns.id());
        }
        known.addAll(m.storage.namespaces().used(tenant));
        for (NamespaceId id : known) {
            for (NamespaceId ancestor : id.ancestors()) {
                rows.computeIfAbsent(ancestor, a -> new NamespaceSummary(a, NamespaceStatus.PLACEHOLDER, Optional.empty()));
            }
        }
        Predicate<NamespaceId> readable = m.accessPolicy.namespaceFilter(actor, tenant, Permission.NAMESPACE, Action.READ);
        List<NamespaceSummary> visible = new ArrayList<>(rows.size());
        for (NamespaceSummary row : rows.values()) {
            if (readable.test(row.id())) {
                visible.add(row);
            }
        }
        return List.copyOf(visible);
    }

    /**
     * One page of {@link #listNamespaces()}: the rows the actor may read after the request's cursor, in id
     * order, optionally only one subtree or the direct children of one namespace. Reads the store in keyset
     * batches (bounded by the page size, at most 1,000 ids a batch) and the access grants once per call. With the
     * role-based policy only the subtrees the actor may read are read, so time and memory follow the page, not
     * the tenant; with another policy each row is tested and a page keeps reading until it has {@code pageSize}
     * readable rows or the store is exhausted (slow when few rows are readable). Pages are not a
     * snapshot: namespaces created or deleted between calls appear or disappear according to their id.
     */
    public NamespacePage listNamespaces(NamespacePageRequest request) {
        Objects.requireNonNull(request, "request");
        NamespaceFilter readable = m.accessPolicy.namespaceFilter(actor, tenant, Permission.NAMESPACE, Action.READ);
        return NamespacePager.page(m.storage.namespaces(), tenant, request.cursor(), request.pageSize(),
                request.subtree(), request.childrenOf(), readable);
    }

    /** The namespace's status: EXISTING, PLACEHOLDER, or empty when the tenant has never heard of it. */
    public Optional<NamespaceSummary> namespaceStatus(NamespaceId id) {
        Objects.requireNonNull(id, "id");
        check(id, Permission.NAMESPACE, Action.READ, AuditEvent.Resource.NAMESPACE, null);
        Optional<Namespace> ns = m.storage.namespaces().get(tenant, id);
        if (ns.isPresent()) {
            return Optional.of(new NamespaceSummary(id, NamespaceStatus.EXISTING, ns));
        }
        // a placeholder: used by flows, or an ancestor of a used or existing namespace (no full listing needed)
        NamespaceQuery usedBelow = new NamespaceQuery(Optional.empty(), Optional.of(id), 1);
        NamespaceQuery existingBelow = new NamespaceQuery(Optional.of(id), Optional.of(id), 1);
        boolean known = !m.storage.namespaces().usedPage(tenant, usedBelow).isEmpty()
                || !m.storage.namespaces().listPage(tenant, existingBelow).isEmpty();
        return known ? Optional.of(new NamespaceSummary(id, NamespaceStatus.PLACEHOLDER, Optional.empty()))
                : Optional.empty();
    }

    public Optional<Namespace> getNamespace(NamespaceId id) {
        Objects.requireNonNull(id, "id");
        check(id, Permission.NAMESPACE, Action.READ, AuditEvent.Resource.NAMESPACE, null);
        return m.storage.namespaces().get(tenant, id);
    }

    /**
     * Creates a namespace (turning a placeholder into an existing namespace). Its parent need not exist.
     *
     * @throws ConflictException when it exists already
     */
    public Namespace createNamespace(NamespaceId id, NamespaceProperties properties) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(properties, "properties");
        check(id, Permission.NAMESPACE, Action.CREATE, AuditEvent.Resource.NAMESPACE, null);
        checkBinding(id, Optional.empty(), properties);
        return mutate(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE), id, AuditEvent.Resource.NAMESPACE, null,
                Action.CREATE, 0, () -> m.storage.namespaces().create(tenant, id, properties),
                created -> audit(id, AuditEvent.Resource.NAMESPACE, null, Action.CREATE, 0, created.version(),
                        TreeDiff.diff(Map.of(), propertiesTree(created.properties())), false));
    }

    /**
     * Makes the namespace exist with these properties, whatever its state: creates it when it does not exist
     * (or is only a placeholder), updates it when its properties differ, and changes nothing when they are
     * equal. Idempotent, so a start-up script or a quick start can call it on every run. Needs NAMESPACE READ,
     * and CREATE or UPDATE when it writes; it is audited like the create or update it makes (nothing is
     * audited when nothing changes). A concurrent writer can make it fail with {@link ConflictException}:
     * calling it again converges.
     *
     * @return the namespace as it now is
     */
    public Namespace ensureNamespace(NamespaceId id, NamespaceProperties properties) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(properties, "properties");
        Optional<Namespace> current = getNamespace(id);
        if (current.isEmpty()) {
            try {
                return createNamespace(id, properties);
            } catch (ConflictException e) {
                current = getNamespace(id);   // created meanwhile by someone else: fall through to the comparison
                if (current.isEmpty()) {
                    throw e;
                }
            }
        }
        Namespace ns = current.get();
        if (ns.properties().equals(properties)) {
            return ns;
        }
        return updateNamespace(id, properties, ns.version());
    }

    /** Replaces a namespace's description, allowed namespaces and secret-store binding. */
    public Namespace updateNamespace(NamespaceId id, NamespaceProperties properties, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(properties, "properties");
        check(id, Permission.NAMESPACE, Action.UPDATE, AuditEvent.Resource.NAMESPACE, null);
        Namespace before = m.storage.namespaces().get(tenant, id).orElseThrow(() -> notFound(id));
        checkBinding(id, before.secretStore(), properties);
        return mutate(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE), id, AuditEvent.Resource.NAMESPACE, null,
                Action.UPDATE, expectedVersion, () -> m.storage.namespaces().update(tenant, id, properties, expectedVersion),
                after -> audit(id, AuditEvent.Resource.NAMESPACE, null, Action.UPDATE, expectedVersion, after.version(),
                        TreeDiff.diff(propertiesTree(before.properties()), propertiesTree(after.properties())), false));
    }

    /**
     * Deletes a namespace with its variables and plugin defaults. A namespace that still holds secrets or
     * has existing child namespaces is refused unless {@code force} is set; with force its secrets are
     * deleted first and the namespace last, so a secret store that fails half-way leaves the namespace in
     * place (call again to finish) and re-creating the namespace never brings old secrets back. The version
     * is checked before any secret is deleted. Child namespaces are never deleted: they stay, under a
     * placeholder.
     */
    public void deleteNamespace(NamespaceId id, long expectedVersion, boolean force) {
        Objects.requireNonNull(id, "id");
        check(id, Permission.NAMESPACE, Action.DELETE, AuditEvent.Resource.NAMESPACE, null);
        Namespace current = m.storage.namespaces().get(tenant, id).orElseThrow(() -> notFound(id));
        SecretStore store = m.secretStores.forBinding(current.secretStore());
        List<SecretMetadata> secrets = store.isReadOnly() ? List.of() : store.list(tenant, id);
        if (!force) {
            List<String> reasons = new ArrayList<>();
            if (!secrets.isEmpty()) {
                reasons.add(secrets.size() + " secret(s)");
            }
            long children = m.storage.namespaces().list(tenant).stream()
                    .filter(n -> !n.id().equals(id) && id.isAncestorOrSelfOf(n.id())).count();
            if (children > 0) {
                reasons.add(children + " existing child namespace(s)");
            }
            if (!reasons.isEmpty()) {
                throw new ConflictException("Namespace '" + id + "' (tenant '" + tenant + "') still has "
                        + String.join(" and ", reasons) + "; delete them first or pass force=true");
            }
        }
        if (force && !secrets.isEmpty()) {
            check(id, Permission.SECRET, Action.DELETE, AuditEvent.Resource.SECRET, null);
        }
        if (current.version() != expectedVersion) {
            throw new ConflictException("Conflict deleting namespace '" + id + "' (tenant '" + tenant + "'): expected version "
                    + expectedVersion + " but the current version is " + current.version());
        }
        deleteSecrets(store, id, secrets);
        mutate(ChangeEvent.of(tenant, id, ChangeEvent.Kind.NAMESPACE), id, AuditEvent.Resource.NAMESPACE, null,
                Action.DELETE, expectedVersion, () -> {
                    m.storage.namespaces().delete(tenant, id, expectedVersion);
                    return Boolean.TRUE;
                }, done -> audit(id, AuditEvent.Resource.NAMESPACE, null, Action.DELETE, expectedVersion, 0,
                        TreeDiff.diff(propertiesTree(current.properties()), Map.of()), false));
        // a secret written while the namespace was being deleted would otherwise outlive it
        if (!store.isReadOnly()) {
            deleteSecrets(store, id, store.list(tenant, id));
        }
    }

    private void deleteSecrets(SecretStore store, NamespaceId id, List<SecretMetadata> secrets) {
        for (SecretMetadata secret : secrets) {
            mutate(ChangeEvent.secret(tenant, id, secret.key()), id, AuditEvent.Resource.SECRET, secret.key().value(),
                    Action.DELETE, secret.version(), () -> store.delete(tenant, id, secret.key(), SecretStore.ANY_VERSION),
                    deleted -> {
                        if (deleted) {
                            audit(id, AuditEvent.Resource.SECRET, secret.key().value(), Action.DELETE, secret.version(), 0,
                                    List.of(), true);
                        }
                    });
        }
    }

    // ---------------------------------------------------------------- variables

    public Optional<Versioned<Map<String, Object>>> getVariables(NamespaceId id) {
        Objects.requireNonNull(id, "id");
        check(id, Permission.NAMESPACE, Action.READ, AuditEvent.Resource.VARIABLES, null);
        return m.storage.variables().get(tenant, id);
    }

    /**
     * Replaces the namespace's variables document.
     *
     * @param expectedVersion the version read, {@link Versions#MUST_NOT_EXIST} (0) when the namespace had none,
     *                        or {@link Versions#ANY} to overwrite whatever is there
     */
    public Versioned<Map<String, Object>> putVariables(NamespaceId id, Map<String, Object> variables, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        Map<String, Object> copy = TreeData.deepCopy(Objects.requireNonNull(variables, "variables"));
        check(id, Permission.NAMESPACE, Action.UPDATE, AuditEvent.Resource.VARIABLES, null);
        Optional<Versioned<Map<String, Object>>> current = m.storage.variables().get(tenant, id);
        Map<String, Object> before = current.map(Versioned::value).orElse(Map.of());
        long expected = expectedVersion == Versions.ANY
                ? current.map(Versioned::version).orElse(Versions.MUST_NOT_EXIST) : expectedVersion;
        Action action = expected == 0 ? Action.CREATE : Action.UPDATE;
        return mutate(ChangeEvent.of(tenant, id, ChangeEvent.Kind.VARIABLES), id, AuditEvent.Resource.VARIABLES, null,
                action, expected, () -> m.storage.variables().put(tenant, id, copy, expected),
                after -> audit(id, AuditEvent.Resource.VARIABLES, null, action, expected, after.version(),
                        TreeDiff.diff(before, after.value()), false));
    }

    // ---------------------------------------------------------------- plugin defaults

    public Optional<Versioned<List<PluginDefault>>> getPluginDefaults(NamespaceId id) {
        Objects.requireNonNull(id, "id");
        check(id, Permission.NAMESPACE, Action.READ, AuditEvent.Resource.PLUGIN_DEFAULTS, null);
        return m.storage.pluginDefaults().get(tenant, id);
    }

    /**
     * Replaces the namespace's plugin-defaults rules (in declaration order).
     *
     * @param expectedVersion the version read, {@link Versions#MUST_NOT_EXIST} (0) when the namespace had none,
     *                        or {@link Versions#ANY} to overwrite whatever is there
     */
    public Versioned<List<PluginDefault>> putPluginDefaults(NamespaceId id, List<PluginDefault> rules, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        List<PluginDefault> copy = Arguments.listWithoutNulls(Objects.requireNonNull(rules, "rules"), "rules");
        check(id, Permission.NAMESPACE, Action.UPDATE, AuditEvent.Resource.PLUGIN_DEFAULTS, null);
        Optional<Versioned<List<PluginDefault>>> current = m.storage.pluginDefaults().get(tenant, id);
        List<PluginDefault> before = current.map(Versioned::value).orElse(List.of());
        long expected = expectedVersion == Versions.ANY
                ? current.map(Versioned::version).orElse(Versions.MUST_NOT_EXIST) : expectedVersion;
        Action action = expected == 0 ? Action.CREATE : Action.UPDATE;
        return mutate(ChangeEvent.of(tenant, id, ChangeEvent.Kind.PLUGIN_DEFAULTS), id, AuditEvent.Resource.PLUGIN_DEFAULTS,
                null, action, expected, () -> m.storage.pluginDefaults().put(tenant, id, copy, expected),
                after -> audit(id, AuditEvent.Resource.PLUGIN_DEFAULTS, null, action, expected, after.version(),
                        TreeDiff.diff(rulesTree(before), rulesTree(after.value())), false));
    }

    // ---------------------------------------------------------------- secrets

    /** Keys with description, tags and last update, sorted; never a value. */
    public List<SecretMetadata> listSecrets(NamespaceId id) {
        Objects.requireNonNull(id, "id");
        check(id, Permission.SECRET, Action.READ, AuditEvent.Resource.SECRET, null);
        return storeFor(id).list(tenant, id);
    }

    /**
     * Creates or replaces a secret in the namespace's secret store. The namespace must exist.
     *
     * @param expectedVersion {@link Versions#MUST_NOT_EXIST} to create, the version read to replace,
     *                        {@link Versions#ANY} to write unconditionally
     * @return the secret's metadata; the value is never returned
     */
    public SecretMetadata putSecret(NamespaceId id, SecretKey key, SecretValue value, SecretAttributes attributes,
                                    long expectedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        SecretAttributes attrs = attributes == null ? SecretAttributes.NONE : attributes;
        // decide access before reading anything, so a refused actor learns nothing about what exists
        if (!allowed(id, Permission.SECRET, Action.CREATE) && !allowed(id, Permission.SECRET, Action.UPDATE)) {
            check(id, Permission.SECRET, Action.CREATE, AuditEvent.Resource.SECRET, key.value());
        }
        Namespace ns = m.storage.namespaces().get(tenant, id).orElseThrow(() -> new NotFoundException("Namespace '" + id
                + "' does not exist (tenant '" + tenant + "'); create it before adding secrets"));
        SecretStore store = m.secretStores.forBinding(ns.secretStore());
        Optional<SecretMetadata> before = store.metadata(tenant, id, key);
        Action action = before.isPresent() ? Action.UPDATE : Action.CREATE;
        check(id, Permission.SECRET, action, AuditEvent.Resource.SECRET, key.value());
        precheckVersion(store, "writing", id, key, before, expectedVersion);
        boolean valueChanged = true;
        if (before.isPresent()) {
            valueChanged = store.get(tenant, id, key).map(old -> !old.equals(value)).orElse(true);
        }
        boolean changedValue = valueChanged;
        long versionBefore = before.map(SecretMetadata::version).orElse(0L);
        return mutate(ChangeEvent.secret(tenant, id, key), id, AuditEvent.Resource.SECRET, key.value(), action, versionBefore,
                () -> store.put(tenant, id, key, value, attrs, expectedVersion),
                after -> audit(id, AuditEvent.Resource.SECRET, key.value(), action, versionBefore, after.version(),
                        TreeDiff.diff(before.map(b -> attributesTree(b.attributes())).orElse(Map.of()),
                                attributesTree(after.attributes())), changedValue));
    }

    /** Deletes a secret. Returns whether it existed. */
    public boolean deleteSecret(NamespaceId id, SecretKey key, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        check(id, Permission.SECRET, Action.DELETE, AuditEvent.Resource.SECRET, key.value());
        SecretStore store = storeFor(id);
        Optional<SecretMetadata> before = store.metadata(tenant, id, key);
        precheckVersion(store, "deleting", id, key, before, expectedVersion);
        long versionBefore = before.map(SecretMetadata::version).orElse(0L);
        return mutate(ChangeEvent.secret(tenant, id, key), id, AuditEvent.Resource.SECRET, key.value(), Action.DELETE,
                versionBefore, () -> store.delete(tenant, id, key, expectedVersion), deleted -> {
                    if (deleted) {
                        audit(id, AuditEvent.Resource.SECRET, key.value(), Action.DELETE, versionBefore, 0, List.of(), true);
                    }
                });
    }

    // ---------------------------------------------------------------- documents

    /** The namespace as a document (id, description, allowed namespaces, store binding, variables, defaults). */
    public NamespaceDocument exportDocument(NamespaceId id) {
        Namespace ns = getNamespace(id).orElseThrow(() -> notFound(id));
        Map<String, Object> vars = m.storage.variables().get(tenant, id).map(Versioned::value).orElse(Map.of());
        List<PluginDefault> rules = m.storage.pluginDefaults().get(tenant, id).map(Versioned::value).orElse(List.of());
        return new NamespaceDocument(id, ns.description(), ns.allowedNamespaces(), ns.secretStore(), vars, rules);
    }

    /**
     * Creates or updates a namespace from a document: properties, variables and plugin defaults. Each of
     * the three is written optimistically against the versions read at the start; a concurrent change
     * fails the call with a conflict. Parts that are equal to what is stored are not rewritten.
     *
     * <p>Not one transaction: the three parts are three atomic writes, in that order. A failure (a
     * conflict, a denial) keeps the parts already written; applying the same document again completes it.
     *
     * @return the namespace after the call
     */
    public Namespace applyDocument(NamespaceDocument document) {
        Objects.requireNonNull(document, "document");
        NamespaceId id = document.id();
        // the caller must be able to write the namespace whatever the outcome, so that "nothing to change"
        // does not tell an unauthorised actor what is stored
        check(id, Permission.NAMESPACE, Action.READ, AuditEvent.Resource.NAMESPACE, null);
        if (!allowed(id, Permission.NAMESPACE, Action.UPDATE)) {
            check(id, Permission.NAMESPACE, Action.CREATE, AuditEvent.Resource.NAMESPACE, null);
        }
        NamespaceProperties props = new NamespaceProperties(document.description(), document.allowedNamespaces(),
                document.secretStore());
        Optional<Namespace> current = m.storage.namespaces().get(tenant, id);
        Namespace ns;
        if (current.isEmpty()) {
            ns = createNamespace(id, props);
        } else if (!current.get().properties().equals(props)) {
            ns = updateNamespace(id, props, current.get().version());
        } else {
            ns = current.get();
        }
        Optional<Versioned<Map<String, Object>>> vars = m.storage.variables().get(tenant, id);
        if (!vars.map(Versioned::value).orElse(Map.of()).equals(document.variables())) {
            putVariables(id, document.variables(), vars.map(Versioned::version).orElse(0L));
        }
        Optional<Versioned<List<PluginDefault>>> rules = m.storage.pluginDefaults().get(tenant, id);
        if (!rules.map(Versioned::value).orElse(List.of()).equals(document.pluginDefaults())) {
            putPluginDefaults(id, document.pluginDefaults(), rules.map(Versioned::version).orElse(0L));
        }
        return ns;
    }

    // ---------------------------------------------------------------- namespaces as code

    /**
     * Compares declared namespaces with what is stored and returns what {@link #apply} would change: namespaces
     * to create or update, variable and plugin-default differences by path, secrets to add, update or delete by
     * key. Reading needs NAMESPACE READ (and SECRET READ where secrets are declared); comparing a declared
     * secret's value with the stored one needs SECRET UPDATE, and happens inside the library — no value is
     * returned. Writes nothing.
     *
     * @param prune also delete existing namespaces of the tenant that are not declared, and secrets a declared
     *              namespace holds but does not declare
     */
    public NamespacePlan plan(List<DesiredNamespace> desired, boolean prune) {
        List<DesiredNamespace> checked = Arguments.listWithoutNulls(Objects.requireNonNull(desired, "desired"), "desired");
        return new NamespacePlanner(this, m).plan(checked, prune);
    }

    /**
     * Carries out a plan exactly, namespace by namespace. Before writing anything for a namespace, every
     * version the plan read is checked again: a change made since the plan makes that namespace a
     * {@link ApplyResult.Status#CONFLICT} with nothing of it written, and the other namespaces go on. Each write
     * is an ordinary checked, audited, optimistic write (properties, then variables, then plugin defaults, then
     * secrets), so a failure in the middle of a namespace (a denial, a backend down) reports what was written;
     * planning and applying again completes it.
     */
    public ApplyResult apply(NamespacePlan plan) {
        Objects.requireNonNull(plan, "plan");
        return new NamespacePlanner(this, m).apply(plan);
    }

    /** The access check of every call, for the planner: audits and throws on denial. */
    void requireAllowed(NamespaceId id, Permission permission, Action action, AuditEvent.Resource resource, String key) {
        check(id, permission, action, resource, key);
    }

    // ---------------------------------------------------------------- revision history

    /**
     * Every revision of one resource of a namespace (properties, variables or plugin defaults), oldest first
     * (NAMESPACE READ). Empty when it was never written.
     *
     * @throws ConfigurationException when the storage keeps no history
     */
    public List<Revision> history(NamespaceId id, Revision.Resource resource) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(resource, "resource");
        check(id, Permission.NAMESPACE, Action.READ, auditResource(resource), null);
        return revisionStore().list(tenant, id, resource);
    }

    /**
     * What changed in one resource of a namespace from revision {@code from} to revision {@code to}
     * (NAMESPACE READ); paths as in audit diffs (plugin-defaults paths start at the rule index).
     *
     * @throws NotFoundException when either revision does not exist
     */
    public List<DiffEntry> diff(NamespaceId id, Revision.Resource resource, long from, long to) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(resource, "resource");
        check(id, Permission.NAMESPACE, Action.READ, auditResource(resource), null);
        return TreeDiff.diff(revisionTree(revision(id, resource, from)), revisionTree(revision(id, resource, to)));
    }

    /**
     * Writes revision {@code version} of a resource back as a new version (NAMESPACE UPDATE, and whatever the
     * write itself needs: binding a secret store is an administrator's action). History is never rewritten: the
     * restore is a write like any other, optimistic on {@code expectedVersion}, audited with its diff, and
     * visible to the resolver at once.
     *
     * @param expectedVersion the current version of the resource the caller read
     * @return the revision the restore wrote
     * @throws NotFoundException when there is no such revision
     * @throws ConflictException when the resource is no longer at {@code expectedVersion}
     */
    public Revision restore(NamespaceId id, Revision.Resource resource, long version, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(resource, "resource");
        check(id, Permission.NAMESPACE, Action.UPDATE, auditResource(resource), null);
        Revision old = revision(id, resource, version);
        return switch (resource) {
            case PROPERTIES -> {
                Namespace after = updateNamespace(id, old.properties(), expectedVersion);
                yield new Revision(resource, after.version(), after.updated(), after.properties());
            }
            case VARIABLES -> {
                Versioned<Map<String, Object>> after = putVariables(id, old.variables(), expectedVersion);
                yield new Revision(resource, after.version(), after.updated(), after.value());
            }
            case PLUGIN_DEFAULTS -> {
                Versioned<List<PluginDefault>> after = putPluginDefaults(id, old.pluginDefaults(), expectedVersion);
                yield new Revision(resource, after.version(), after.updated(), after.value());
            }
        };
    }

    private Revision revision(NamespaceId id, Revision.Resource resource, long version) {
        return revisionStore().get(tenant, id, resource, version).orElseThrow(() -> new NotFoundException("No revision "
                + version + " of the " + resourceName(resource) + " of namespace '" + id + "' (tenant '" + tenant + "')"));
    }

    private RevisionStore revisionStore() {
        return m.storage.revisions().orElseThrow(() -> new ConfigurationException("Storage '" + m.storage.name()
                + "' keeps no revision history; use a storage that does (memory, jdbc)"));
    }

    private static AuditEvent.Resource auditResource(Revision.Resource resource) {
        return switch (resource) {
            case PROPERTIES -> AuditEvent.Resource.NAMESPACE;
            case VARIABLES -> AuditEvent.Resource.VARIABLES;
            case PLUGIN_DEFAULTS -> AuditEvent.Resource.PLUGIN_DEFAULTS;
        };
    }

    private static String resourceName(Revision.Resource resource) {
        return switch (resource) {
            case PROPERTIES -> "properties";
            case VARIABLES -> "variables";
            case PLUGIN_DEFAULTS -> "plugin defaults";
        };
    }

    private static Object revisionTree(Revision r) {
        return switch (r.resource()) {
            case PROPERTIES -> propertiesTree(r.properties());
            case VARIABLES -> r.variables();
            case PLUGIN_DEFAULTS -> rulesTree(r.pluginDefaults());
        };
    }

    // ---------------------------------------------------------------- access control

    /** Custom roles of the tenant (ROLE READ, tenant-wide). Built-in roles are {@link Role#BUILT_IN}. */
    public List<Role> listRoles() {
        check(null, Permission.ROLE, Action.READ, AuditEvent.Resource.ROLE, null);
        return accessControl().roles(tenant);
    }

    /** Creates or replaces a custom role (ROLE CREATE or UPDATE, tenant-wide). */
    public void putRole(Role role) {
        Objects.requireNonNull(role, "role");
        Optional<Role> before = accessControl().role(tenant, role.name());
        Action action = before.isPresent() ? Action.UPDATE : Action.CREATE;
        check(null, Permission.ROLE, action, AuditEvent.Resource.ROLE, role.name());
        accessControl().putRole(tenant, role);
        changed(null);
        audit(null, AuditEvent.Resource.ROLE, role.name(), action, 0, 0,
                TreeDiff.diff(before.map(ManagementSession::roleTree).orElse(Map.of()), roleTree(role)), false);
    }

    /** Deletes a custom role that no binding uses (ROLE DELETE, tenant-wide). */
    public boolean deleteRole(String name) {
        Role.validateName(name); // before the check: a denial is audited with the name
        check(null, Permission.ROLE, Action.DELETE, AuditEvent.Resource.ROLE, name);
        boolean deleted = accessControl().deleteRole(tenant, name);
        if (deleted) {
            changed(null);
            audit(null, AuditEvent.Resource.ROLE, name, Action.DELETE, 0, 0, List.of(), false);
        }
        return deleted;
    }

    /** Every binding of the tenant (BINDING READ, tenant-wide). */
    public List<RoleBinding> listBindings() {
        check(null, Permission.BINDING, Action.READ, AuditEvent.Resource.BINDING, null);
        return accessControl().bindings(tenant);
    }

    /**
     * Adds a binding (BINDING CREATE on the binding's namespace, or tenant-wide for a tenant-wide binding).
     * The role must be built in or a custom role of the tenant.
     */
    public boolean addBinding(RoleBinding binding) {
        Objects.requireNonNull(binding, "binding");
        requireThisTenant(binding);
        NamespaceId scope = binding.namespace().orElse(null);
        check(scope, Permission.BINDING, Action.CREATE, AuditEvent.Resource.BINDING, binding.subject().toString());
        if (!Role.BUILT_IN.containsKey(binding.role()) && accessControl().role(tenant, binding.role()).isEmpty()) {
            throw new NotFoundException("Role '" + binding.role() + "' does not exist in tenant '" + tenant
                    + "'; built-in roles are " + new TreeSet<>(Role.BUILT_IN.keySet()));
        }
        boolean added = accessControl().addBinding(binding);
        if (added) {
            changed(null);
            audit(scope, AuditEvent.Resource.BINDING, binding.subject().toString(), Action.CREATE, 0, 0,
                    TreeDiff.diff(Map.of(), bindingTree(binding)), false);
        }
        return added;
    }

    /** Removes a binding (BINDING DELETE on its namespace). */
    public boolean removeBinding(RoleBinding binding) {
        Objects.requireNonNull(binding, "binding");
        requireThisTenant(binding);
        NamespaceId scope = binding.namespace().orElse(null);
        check(scope, Permission.BINDING, Action.DELETE, AuditEvent.Resource.BINDING, binding.subject().toString());
        boolean removed = accessControl().removeBinding(binding);
        if (removed) {
            changed(null);
            audit(scope, AuditEvent.Resource.BINDING, binding.subject().toString(), Action.DELETE, 0, 0,
                    TreeDiff.diff(bindingTree(binding), Map.of()), false);
        }
        return removed;
    }

    /** Groups and members (BINDING READ, tenant-wide). */
    public Map<String, Set<String>> listGroups() {
        check(null, Permission.BINDING, Action.READ, AuditEvent.Resource.BINDING, null);
        return accessControl().groups(tenant);
    }

    /** Adds a user to a group (BINDING UPDATE, tenant-wide: a group's grants reach wherever it is bound). */
    public boolean addGroupMember(String group, String user) {
        requirePrincipalIds(group, user);
        check(null, Permission.BINDING, Action.UPDATE, AuditEvent.Resource.BINDING, "group:" + group);
        boolean added = accessControl().addMember(tenant, group, user);
        if (added) {
            changed(null);
            audit(null, AuditEvent.Resource.BINDING, "group:" + group, Action.UPDATE, 0, 0,
                    List.of(new DiffEntry("members", DiffEntry.Change.ADDED, null, "\"" + user + "\"")), false);
        }
        return added;
    }

    /** Removes a user from a group; effective on the next access check. */
    public boolean removeGroupMember(String group, String user) {
        requirePrincipalIds(group, user);
        check(null, Permission.BINDING, Action.UPDATE, AuditEvent.Resource.BINDING, "group:" + group);
        boolean removed = accessControl().removeMember(tenant, group, user);
        if (removed) {
            changed(null);
            audit(null, AuditEvent.Resource.BINDING, "group:" + group, Action.UPDATE, 0, 0,
                    List.of(new DiffEntry("members", DiffEntry.Change.REMOVED, "\"" + user + "\"", null)), false);
        }
        return removed;
    }

    private static void requirePrincipalIds(String group, String user) {
        if (!Ids.isPrincipalId(group) || !Ids.isPrincipalId(user)) {
            throw new InvalidIdException("Group and user ids must be 1 to " + Ids.MAX_PRINCIPAL_ID
                    + " non-blank characters without control characters, but were " + Ids.quote(group) + " and "
                    + Ids.quote(user));
        }
    }

    private AccessControlStore accessControl() {
        return m.storage.accessControl().orElseThrow(() -> new ConfigurationException("Storage '" + m.storage.name()
                + "' keeps no roles or bindings; use a storage that does (memory, jdbc)"));
    }

    private void requireThisTenant(RoleBinding binding) {
        if (!binding.tenant().equals(tenant)) {
            throw new AccessDeniedException("Access denied: actor '" + actor.user() + "' in tenant '" + tenant
                    + "' may not manage bindings of tenant '" + binding.tenant() + "'");
        }
    }

    private static Map<String, Object> roleTree(Role role) {
        Map<String, Object> tree = new TreeMap<>();
        role.grants().forEach((p, actions) -> tree.put(p.name(), actions.stream().map(Enum::name).sorted().toList()));
        return tree;
    }

    private static Map<String, Object> bindingTree(RoleBinding b) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("subject", b.subject().toString());
        tree.put("role", b.role());
        tree.put("namespace", b.namespace().map(NamespaceId::value).orElse("*"));
        return tree;
    }

    // ---------------------------------------------------------------- internals

    /**
     * For stores without compare-and-set, the facade compares the version itself just before the write: this
     * narrows the race to the time between the check and the write, it does not close it.
     */
    private void precheckVersion(SecretStore store, String verb, NamespaceId id, SecretKey key,
                                 Optional<SecretMetadata> before, long expectedVersion) {
        if (store.supportsCompareAndSet() || expectedVersion == SecretStore.ANY_VERSION) {
            return;
        }
        long current = before.map(SecretMetadata::version).orElse(0L);
        if (current != expectedVersion) {
            throw new ConflictException("Conflict " + verb + " secret '" + key + "' in namespace '" + id + "' (tenant '"
                    + tenant + "'): expected version " + expectedVersion + " but the current version is " + current);
        }
    }

    private SecretStore storeFor(NamespaceId id) {
        Optional<String> binding = m.storage.namespaces().get(tenant, id).flatMap(Namespace::secretStore);
        return m.secretStores.forBinding(binding);
    }

    /**
     * Choosing a namespace's secret store is governance (SECRET_STORE UPDATE on the namespace, held by the
     * built-in admin role only); a store that is not scoped by namespace (environment variables: instance-wide
     * values) can be bound only with that permission tenant-wide.
     */
    private void checkBinding(NamespaceId id, Optional<String> before, NamespaceProperties properties) {
        Optional<String> after = properties.secretStore();
        if (after.equals(before)) {
            return;
        }
        check(id, Permission.SECRET_STORE, Action.UPDATE, AuditEvent.Resource.NAMESPACE, null);
        SecretStore store = m.secretStores.forBinding(after);
        if (after.isPresent() && !store.isNamespaceScoped()) {
            check(null, Permission.SECRET_STORE, Action.UPDATE, AuditEvent.Resource.NAMESPACE, null);
        }
    }

    private NotFoundException notFound(NamespaceId id) {
        return new NotFoundException("Namespace '" + id + "' does not exist (tenant '" + tenant + "')");
    }

    private boolean allowed(NamespaceId id, Permission permission, Action action) {
        return m.accessPolicy.isAllowed(actor, tenant, id, permission, action);
    }

    private void check(NamespaceId id, Permission permission, Action action, AuditEvent.Resource resource, String key) {
        if (m.accessPolicy.isAllowed(actor, tenant, id, permission, action)) {
            return;
        }
        m.hooks.denied(tenant, id, permission, action);
        try {
            m.auditSink.record(new AuditEvent(tenant, id, resource, Optional.ofNullable(key), action, actor.user(),
                    m.clock.instant(), 0, 0, List.of(), false, AuditEvent.Outcome.DENIED));
        } catch (RuntimeException e) {
            LOG.warn("Audit sink failed to record a denial for actor '{}' on namespace '{}' (tenant '{}'): {}",
                    actor.user(), id, tenant, e.toString());
        }
        throw new AccessDeniedException("Access denied: actor '" + actor.user() + "' may not " + action + " "
                + permission + (id == null ? " tenant-wide" : " in namespace '" + id + "'") + " (tenant '" + tenant + "')");
    }

    /**
     * One mutation: the write and its audit event as one unit of the storage (one transaction on a database,
     * so neither commits without the other), then cache invalidation once it is committed. A write whose
     * outcome is unknown invalidates at once all the same and is audited as UNKNOWN; any other backend failure
     * invalidates too (a third-party store may have applied the write before failing).
     */
    private <T> T mutate(ChangeEvent event, NamespaceId id, AuditEvent.Resource resource, String key, Action action,
                         long versionBefore, Supplier<T> write, Consumer<T> auditSuccess) {
        T result;
        try {
            result = m.storage.inTransaction(() -> {
                T r = write.get();
                auditSuccess.accept(r);
                return r;
            });
        } catch (WriteOutcomeUnknownException e) {
            changed(event);
            recordUnknown(id, resource, key, action, versionBefore);
            throw e;
        } catch (BackendException e) {
            changed(event);
            throw e;
        }
        changed(event);
        return result;
    }

    private void recordUnknown(NamespaceId id, AuditEvent.Resource resource, String key, Action action, long versionBefore) {
        try {
            m.auditSink.record(new AuditEvent(tenant, id, resource, Optional.ofNullable(key), action, actor.user(),
                    m.clock.instant(), Math.max(0, versionBefore), 0, List.of(), false, AuditEvent.Outcome.UNKNOWN));
        } catch (RuntimeException e) {
            LOG.warn("Audit sink failed to record a write of unknown outcome by actor '{}' on namespace '{}' (tenant '{}'): {}",
                    actor.user(), id, tenant, e.toString());
        }
    }

    private void changed(ChangeEvent event) {
        if (event == null) {
            return; // access-control changes: the policy reads the store on every check, nothing is cached
        }
        try {
            m.writeListener.onChange(event);
        } catch (RuntimeException e) {
            LOG.warn("Cache invalidation after a {} write to namespace '{}' (tenant '{}') failed: {}", event.kind(),
                    event.namespace(), event.tenant(), e.toString());
        }
    }

    private void audit(NamespaceId id, AuditEvent.Resource resource, String key, Action action, long before, long after,
                       List<DiffEntry> diff, boolean valueChanged) {
        AuditEvent event = new AuditEvent(tenant, id, resource, Optional.ofNullable(key), action, actor.user(),
                m.clock.instant(), Math.max(0, before), after, diff, valueChanged, AuditEvent.Outcome.SUCCESS);
        try {
            m.auditSink.record(event);
        } catch (RuntimeException e) {
            throw new BackendException("audit", "record", tenant.value(), id == null ? null : id.value(), key,
                    "its audit event could not be recorded (a storage that writes both in one transaction rolled the "
                            + "change back; any other kept it)", e);
        }
    }

    static Map<String, Object> propertiesTree(NamespaceProperties p) {
        return p.asTree();
    }

    private static Map<String, Object> attributesTree(SecretAttributes a) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("description", a.description());
        tree.put("tags", new TreeMap<>(a.tags()));
        return tree;
    }

    static List<Object> rulesTree(List<PluginDefault> rules) {
        List<Object> out = new ArrayList<>(rules.size());
        rules.forEach(rule -> out.add(rule.asTree()));
        return out;
    }

    @Override
    public String toString() {
        return "ManagementSession[tenant=" + tenant + ", actor=" + actor.user() + "]";
    }
}
