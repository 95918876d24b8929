package dev.cascade.storage.jdbc;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which audit events to return from {@link JdbcAuditSink#query(AuditQuery)}: one tenant, optionally one
 * namespace (with or without its descendants), a time range {@code [from, to)} and an actor, newest last, at most
 * {@code limit}. Immutable and thread-safe.
 *
 * @param tenant              the tenant (required)
 * @param namespace           only this namespace, when present
 * @param includeDescendants  with {@code namespace}: also its descendants
 * @param from                events at or after this instant, when present
 * @param to                  events before this instant, when present
 * @param actor               only this actor, when present
 * @param limit               at most this many events (1..10000)
 */
public record AuditQuery(TenantId tenant, Optional<NamespaceId> namespace, boolean includeDescendants,
                         Optional<Instant> from, Optional<Instant> to, Optional<String> actor, int limit) {
    public static final int DEFAULT_LIMIT = 1000;

    public AuditQuery {
        Objects.requireNonNull(tenant, "tenant");
        namespace = namespace == null ? Optional.empty() : namespace;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        actor = actor == null ? Optional.empty() : actor;
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit was '" + limit + "' but it must be between 1 and 10000");
        }
    }

    public static Builder forTenant(TenantId tenant) {
        return new Builder(tenant);
    }

    /** Builds an {@link AuditQuery}. Not thread-safe. */
    public static final class Builder {
        private final TenantId tenant;
        private NamespaceId namespace;
        private boolean descendants;
        private Instant from;
        private Instant to;
        private String actor;
        private int limit = DEFAULT_LIMIT;

        private Builder(TenantId tenant) {
            this.tenant = Objects.requireNonNull(tenant, "tenant");
        }

        public Builder namespace(NamespaceId namespace) {
            this.namespace = namespace;
            return this;
        }

        /** {@code namespace} and all its descendants. */
        public Builder namespaceTree(NamespaceId namespace) {
            this.namespace = namespace;
            this.descendants = true;
            return this;
        }

        public Builder from(Instant from) {
            this.from = from;
            return this;
        }

        public Builder to(Instant to) {
            this.to = to;
            return this;
        }

        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public AuditQuery build() {
            return new AuditQuery(tenant, Optional.ofNullable(namespace), descendants, Optional.ofNullable(from),
                    Optional.ofNullable(to), Optional.ofNullable(actor), limit);
        }
    }
}
