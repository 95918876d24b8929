package dev.cascade.management;

import dev.cascade.access.AccessPolicy;
import dev.cascade.access.Actor;
import dev.cascade.audit.AuditSink;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretStores;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.Storage;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The management facade: what a host's UI, REST API or Terraform provider calls to govern namespaces,
 * their variables, plugin defaults and secrets. It composes the stores with the access policy and the
 * audit sink. Open a {@link ManagementSession} per caller:
 *
 * <pre>{@code
 * ManagementSession s = management.session(TenantId.of("main"), Actor.user("alice"));
 * Namespace ns = s.createNamespace(NamespaceId.of("company.marketing"), NamespaceProperties.ofDescription("Marketing"));
 * }</pre>
 *
 * Obtained from {@code Cascade.management()}; it has no public constructor. Thread-safe; sessions are cheap
 * immutable views.
 */
public final class NamespaceManagement {
    final Storage storage;
    final SecretStores secretStores;
    final AccessPolicy accessPolicy;
    final AuditSink auditSink;
    final Clock clock;
    final ChangeListener writeListener;
    final dev.cascade.internal.ObserverHooks hooks;

    static {
        dev.cascade.internal.ManagementAccess.register(NamespaceManagement::new);
    }

    /**
     * @param storage       namespaces, variables and plugin defaults
     * @param secretStores  configured secret stores
     * @param accessPolicy  asked before every call
     * @param auditSink     receives an event for every mutation and every denial
     * @param clock         timestamps of audit events
     * @param writeListener told of every write made here, at once (the resolver's caches)
     */
    NamespaceManagement(Storage storage, SecretStores secretStores, AccessPolicy accessPolicy, AuditSink auditSink,
                               Clock clock, ChangeListener writeListener) {
        this(storage, secretStores, accessPolicy, auditSink, clock, writeListener, dev.cascade.internal.ObserverHooks.NONE);
    }

    /** As above, reporting backend calls and denials to {@code hooks}. */
    NamespaceManagement(Storage storage, SecretStores secretStores, AccessPolicy accessPolicy, AuditSink auditSink,
                               Clock clock, ChangeListener writeListener, dev.cascade.internal.ObserverHooks hooks) {
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        // third-party stores may throw anything: callers get BackendExceptions that name the operation
        this.storage = dev.cascade.internal.GuardedStores.guard(Objects.requireNonNull(storage, "storage"), hooks);
        Objects.requireNonNull(secretStores, "secretStores");
        this.secretStores = dev.cascade.internal.GuardedStores.guard(secretStores, hooks);
        this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
        this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writeListener = writeListener == null ? e -> { } : writeListener;
    }

    /** A view acting as {@code actor} within {@code tenant}. */
    public ManagementSession session(TenantId tenant, Actor actor) {
        return new ManagementSession(this, Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(actor, "actor"));
    }

    /**
     * Gives {@code subject} the built-in admin role tenant-wide, without an access check: how a host
     * bootstraps the role-based policy (the first administrator cannot be bound by anyone else). Audited
     * with actor {@code system}.
     */
    public void bootstrapAdmin(TenantId tenant, dev.cascade.access.Subject subject) {
        dev.cascade.access.RoleBinding binding = dev.cascade.access.RoleBinding.tenantWide(tenant, subject, "admin");
        dev.cascade.spi.AccessControlStore store = storage.accessControl().orElseThrow(() ->
                new dev.cascade.ConfigurationException("Storage '" + storage.name() + "' keeps no roles or bindings"));
        if (store.addBinding(binding)) {
            auditSink.record(new dev.cascade.audit.AuditEvent(tenant, null, dev.cascade.audit.AuditEvent.Resource.BINDING,
                    java.util.Optional.of(subject.toString()), dev.cascade.access.Action.CREATE, Actor.SYSTEM.user(),
                    clock.instant(), 0, 0, List.of(), false, dev.cascade.audit.AuditEvent.Outcome.SUCCESS));
        }
    }

    /**
     * The host reports which namespaces its flows use, so that they are listed as placeholders. This is
     * the executor's bookkeeping, not a user action: no access check and no audit event.
     */
    public void reportUsed(TenantId tenant, Collection<NamespaceId> namespaces) {
        Objects.requireNonNull(tenant, "tenant");
        List<NamespaceId> ids = dev.cascade.internal.Arguments.listWithoutNulls(
                Objects.requireNonNull(namespaces, "namespaces"), "namespaces");
        storage.namespaces().markUsed(tenant, ids);
    }
}
