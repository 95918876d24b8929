package dev.cascade.audit;

import dev.cascade.internal.Arguments;
import dev.cascade.access.Action;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One mutation (or one refused attempt) recorded for audit. It never holds a secret value: for secrets
 * it records only whether the value changed. Immutable.
 *
 * @param tenant        tenant
 * @param namespace     namespace acted on
 * @param resource      what was changed
 * @param resourceKey   the secret key, for SECRET events
 * @param action        CREATE, UPDATE or DELETE (READ only for denied reads)
 * @param actor         the acting user id
 * @param time          when
 * @param versionBefore version before the change, 0 when there was none
 * @param versionAfter  version after the change, 0 when deleted or refused
 * @param diff          for variables, plugin defaults and namespace properties: what changed
 * @param valueChanged  for secrets: whether the value changed (metadata-only writes say false)
 * @param outcome       SUCCESS, DENIED, or UNKNOWN when the write was sent but its result is not known (the
 *                      connection dropped after the commit was sent)
 */
public record AuditEvent(TenantId tenant, NamespaceId namespace, Resource resource, Optional<String> resourceKey,
                         Action action, String actor, Instant time, long versionBefore, long versionAfter,
                         List<DiffEntry> diff, boolean valueChanged, Outcome outcome) {

    /** What an event is about. */
    public enum Resource { NAMESPACE, VARIABLES, PLUGIN_DEFAULTS, SECRET, ROLE, BINDING }

    /** Whether the action happened. */
    public enum Outcome { SUCCESS, DENIED, UNKNOWN }

    public AuditEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(resource, "resource");
        resourceKey = resourceKey == null ? Optional.empty() : resourceKey;
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(time, "time");
        diff = Arguments.listWithoutNulls(diff, "diff");
        Objects.requireNonNull(outcome, "outcome");
    }
}
