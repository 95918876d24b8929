package dev.cascade.management;

import dev.cascade.AccessDeniedException;
import dev.cascade.CascadeException;
import dev.cascade.ConflictException;
import dev.cascade.InvalidDocumentException;
import dev.cascade.access.Action;
import dev.cascade.access.Permission;
import dev.cascade.audit.AuditEvent;
import dev.cascade.audit.DiffEntry;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.internal.TreeDiff;
import dev.cascade.management.NamespacePlan.Change;
import dev.cascade.management.NamespacePlan.SecretAction;
import dev.cascade.management.NamespacePlan.SecretChange;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.NamespaceSummary;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Versioned;
import dev.cascade.yaml.NamespaceDocument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Plans and applies namespaces-as-code changes for one session. Not API; see {@link ManagementSession#plan}. */
final class NamespacePlanner {
    private final ManagementSession session;
    private final NamespaceManagement m;

    NamespacePlanner(ManagementSession session, NamespaceManagement m) {
        this.session = session;
        this.m = m;
    }

    NamespacePlan plan(List<DesiredNamespace> desired, boolean prune) {
        TreeMap<NamespaceId, DesiredNamespace> byId = new TreeMap<>();
        for (DesiredNamespace d : desired) {
            DesiredNamespace before = byId.put(d.document().id(), d);
            if (before != null) {
                throw new InvalidDocumentException("Namespace '" + d.document().id() + "' is declared twice: in "
                        + before.origin() + " and in " + d.origin());
            }
        }
        List<Change> changes = new ArrayList<>();
        for (DesiredNamespace d : byId.values()) {
            changes.add(planOne(d, prune));
        }
        if (prune) {
            List<Change> deletes = new ArrayList<>();
            for (NamespaceSummary s : session.listNamespaces()) {
                if (s.status() == NamespaceStatus.EXISTING && !byId.containsKey(s.id())) {
                    deletes.add(planDelete(s.namespace().orElseThrow()));
                }
            }
            // children before parents, so a parent's delete never meets an existing child
            deletes.sort(Comparator.comparing(Change::id).reversed());
            changes.addAll(deletes);
        }
        return new NamespacePlan(session.tenant(), changes, prune);
    }

    private Change planOne(DesiredNamespace d, boolean prune) {
        NamespaceDocument doc = d.document();
        NamespaceId id = doc.id();
        Optional<Namespace> current = session.getNamespace(id);
        NamespaceProperties wanted = new NamespaceProperties(doc.description(), doc.allowedNamespaces(),
                doc.secretStore());
        Map<String, Object> varsBefore = Map.of();
        List<PluginDefault> rulesBefore = List.of();
        long varsVersion = 0;
        long rulesVersion = 0;
        List<DiffEntry> props;
        List<SecretChange> secrets = new ArrayList<>();
        if (current.isEmpty()) {
            props = TreeDiff.diff(Map.of(), ManagementSession.propertiesTree(wanted));
            for (SecretKey key : d.secrets().keySet()) {
                secrets.add(new SecretChange(key, SecretAction.ADD, true, 0));
            }
        } else {
            props = TreeDiff.diff(ManagementSession.propertiesTree(current.get().properties()),
                    ManagementSession.propertiesTree(wanted));
            Optional<Versioned<Map<String, Object>>> vars = session.getVariables(id);
            varsBefore = vars.map(Versioned::value).orElse(Map.of());
            varsVersion = vars.map(Versioned::version).orElse(0L);
            Optional<Versioned<List<PluginDefault>>> rules = session.getPluginDefaults(id);
            rulesBefore = rules.map(Versioned::value).orElse(List.of());
            rulesVersion = rules.map(Versioned::version).orElse(0L);
            secrets = planSecrets(id, current.get(), d, prune);
        }
        List<DiffEntry> vars = TreeDiff.diff(varsBefore, doc.variables());
        List<DiffEntry> rules = TreeDiff.diff(ManagementSession.rulesTree(rulesBefore),
                ManagementSession.rulesTree(doc.pluginDefaults()));
        NamespacePlan.Action action = current.isEmpty() ? NamespacePlan.Action.CREATE
                : props.isEmpty() && vars.isEmpty() && rules.isEmpty() && secrets.isEmpty() ? NamespacePlan.Action.NONE
                : NamespacePlan.Action.UPDATE;
        return new Change(id, action, props, vars, rules, secrets, current.map(Namespace::version).orElse(0L),
                varsVersion, rulesVersion, d);
    }

    private List<SecretChange> planSecrets(NamespaceId id, Namespace ns, DesiredNamespace d, boolean prune) {
        boolean declaresAny = !d.secrets().isEmpty();
        SecretStore store = m.secretStores.forBinding(ns.secretStore());
        if (!declaresAny && (!prune || store.isReadOnly())) {
            return List.of();
        }
        Map<SecretKey, SecretMetadata> stored = new LinkedHashMap<>();
        for (SecretMetadata meta : session.listSecrets(id)) {
            stored.put(meta.key(), meta);
        }
        if (declaresAny) {
            // comparing a stored value with a declared one tells whether they are equal, so it needs the right
            // to write secrets: a reader of metadata must not be able to test guesses
            session.requireAllowed(id, Permission.SECRET, Action.UPDATE, AuditEvent.Resource.SECRET, null);
        }
        List<SecretChange> out = new ArrayList<>();
        for (Map.Entry<SecretKey, DesiredNamespace.Secret> e : d.secrets().entrySet()) {
            SecretMetadata meta = stored.get(e.getKey());
            if (meta == null) {
                out.add(new SecretChange(e.getKey(), SecretAction.ADD, true, 0));
                continue;
            }
            // compared inside the library: the value is never returned, printed or logged
            Optional<SecretValue> value = store.get(session.tenant(), id, e.getKey());
            boolean valueChanged = value.map(v -> !v.equals(e.getValue().value())).orElse(true);
            boolean attributesChanged = !meta.attributes().equals(e.getValue().attributes());
            if (valueChanged || attributesChanged) {
                out.add(new SecretChange(e.getKey(), SecretAction.UPDATE, valueChanged, meta.version()));
            }
        }
        if (prune) {
            for (SecretMetadata meta : stored.values()) {
                if (!d.secrets().containsKey(meta.key())) {
                    out.add(new SecretChange(meta.key(), SecretAction.DELETE, false, meta.version()));
                }
            }
        }
        return out;
    }

    private Change planDelete(Namespace ns) {
        List<SecretChange> secrets = new ArrayList<>();
        SecretStore store = m.secretStores.forBinding(ns.secretStore());
        if (!store.isReadOnly()) {
            for (SecretMetadata meta : session.listSecrets(ns.id())) {
                secrets.add(new SecretChange(meta.key(), SecretAction.DELETE, false, meta.version()));
            }
        }
        List<DiffEntry> props = TreeDiff.diff(ManagementSession.propertiesTree(ns.properties()), Map.of());
        Optional<Versioned<Map<String, Object>>> vars = session.getVariables(ns.id());
        Optional<Versioned<List<PluginDefault>>> rules = session.getPluginDefaults(ns.id());
        return new Change(ns.id(), NamespacePlan.Action.DELETE, props,
                TreeDiff.diff(vars.map(Versioned::value).orElse(Map.of()), Map.of()),
                TreeDiff.diff(ManagementSession.rulesTree(rules.map(Versioned::value).orElse(List.of())), List.of()),
                secrets, ns.version(), vars.map(Versioned::version).orElse(0L),
                rules.map(Versioned::version).orElse(0L), null);
    }

    // ---------------------------------------------------------------- apply

    ApplyResult apply(NamespacePlan plan) {
        if (!plan.tenant().equals(session.tenant())) {
            throw new AccessDeniedException("A plan made for tenant '" + plan.tenant() + "' cannot be applied in tenant '"
                    + session.tenant() + "'");
        }
        List<ApplyResult.Outcome> outcomes = new ArrayList<>();
        for (Change change : plan.changes()) {
            if (change.action() == NamespacePlan.Action.NONE) {
                continue;
            }
            List<String> done = new ArrayList<>();
            try {
                verifyUnchanged(change);
                switch (change.action()) {
                    case CREATE, UPDATE -> write(change, done);
                    case DELETE -> {
                        session.deleteNamespace(change.id(), change.namespaceVersion(), true);
                        done.add("deleted namespace" + (change.secrets().isEmpty() ? ""
                                : " and " + change.secrets().size() + " secret(s)"));
                    }
                    default -> throw new IllegalStateException(change.action().toString());
                }
                outcomes.add(new ApplyResult.Outcome(change.id(), ApplyResult.Status.APPLIED, done, ""));
            } catch (ConflictException e) {
                outcomes.add(new ApplyResult.Outcome(change.id(), ApplyResult.Status.CONFLICT, done, e.getMessage()));
            } catch (CascadeException e) {
                outcomes.add(new ApplyResult.Outcome(change.id(), ApplyResult.Status.FAILED, done, e.getMessage()));
            }
        }
        return new ApplyResult(outcomes);
    }

    /**
     * Checks every version the plan read before writing anything for the namespace, so a change made since the
     * plan stops the namespace's apply with nothing written. Each write below is optimistic too, which closes
     * the remaining window between this check and the writes.
     */
    private void verifyUnchanged(Change change) {
        NamespaceId id = change.id();
        long ns = session.getNamespace(id).map(Namespace::version).orElse(0L);
        expect(id, "namespace", change.namespaceVersion(), ns);
        if (change.action() == NamespacePlan.Action.CREATE) {
            return;
        }
        expect(id, "variables", change.variablesVersion(),
                session.getVariables(id).map(Versioned::version).orElse(0L));
        expect(id, "plugin defaults", change.pluginDefaultsVersion(),
                session.getPluginDefaults(id).map(Versioned::version).orElse(0L));
        if (!change.secrets().isEmpty()) {
            Map<SecretKey, Long> stored = new LinkedHashMap<>();
            session.listSecrets(id).forEach(meta -> stored.put(meta.key(), meta.version()));
            for (SecretChange s : change.secrets()) {
                expect(id, "secret '" + s.key() + "'", s.versionRead(), stored.getOrDefault(s.key(), 0L));
            }
        }
    }

    private void expect(NamespaceId id, String what, long planned, long current) {
        if (planned != current) {
            throw new ConflictException("Conflict applying namespace '" + id + "' (tenant '" + session.tenant()
                    + "'): its " + what + " changed since the plan (planned on version " + planned + ", now "
                    + current + "); nothing of this namespace was written; plan again");
        }
    }

    private void write(Change change, List<String> done) {
        NamespaceId id = change.id();
        DesiredNamespace d = change.desired();
        NamespaceDocument doc = d.document();
        NamespaceProperties props = new NamespaceProperties(doc.description(), doc.allowedNamespaces(),
                doc.secretStore());
        if (change.action() == NamespacePlan.Action.CREATE) {
            session.createNamespace(id, props);
            done.add("created namespace");
        } else if (!change.properties().isEmpty()) {
            Namespace after = session.updateNamespace(id, props, change.namespaceVersion());
            done.add("properties v" + after.version());
        }
        if (!change.variables().isEmpty()) {
            done.add("variables v" + session.putVariables(id, doc.variables(), change.variablesVersion()).version());
        }
        if (!change.pluginDefaults().isEmpty()) {
            done.add("plugin defaults v" + session.putPluginDefaults(id, doc.pluginDefaults(),
                    change.pluginDefaultsVersion()).version());
        }
        for (SecretChange s : change.secrets()) {
            switch (s.action()) {
                case ADD -> {
                    DesiredNamespace.Secret secret = d.secrets().get(s.key());
                    session.putSecret(id, s.key(), secret.value(), secret.attributes(), SecretStore.MUST_NOT_EXIST);
                    done.add("secret " + s.key() + " added");
                }
                case UPDATE -> {
                    DesiredNamespace.Secret secret = d.secrets().get(s.key());
                    session.putSecret(id, s.key(), secret.value(), secret.attributes(), s.versionRead());
                    done.add("secret " + s.key() + " updated");
                }
                case DELETE -> {
                    session.deleteSecret(id, s.key(), s.versionRead());
                    done.add("secret " + s.key() + " deleted");
                }
                default -> throw new IllegalStateException(s.action().toString());
            }
        }
    }

}
