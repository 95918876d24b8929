package dev.cascade.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each audit event as one INFO line on logger {@code dev.cascade.audit}. Stateless, thread-safe.
 */
public final class Slf4jAuditSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger("dev.cascade.audit");

    @Override
    public void record(AuditEvent e) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("audit outcome={} tenant={} namespace={} resource={}{} action={} actor={} version={}->{}{}{}",
                e.outcome(), e.tenant(), e.namespace(), e.resource(),
                e.resourceKey().map(k -> " key=" + k).orElse(""), e.action(), e.actor(),
                e.versionBefore(), e.versionAfter(),
                e.resource() == AuditEvent.Resource.SECRET ? " valueChanged=" + e.valueChanged() : "",
                e.diff().isEmpty() ? "" : " changes=" + e.diff().size());
    }
}
