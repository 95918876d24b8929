package dev.cascade.internal;

import dev.cascade.access.AccessPolicy;
import dev.cascade.audit.AuditSink;
import dev.cascade.management.NamespaceManagement;
import dev.cascade.secret.SecretStores;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.Storage;

import java.time.Clock;

/**
 * How {@code Cascade} constructs the management facade without the facade offering a public constructor: the
 * facade registers its constructor here when its class is initialised. Not API.
 */
public final class ManagementAccess {

    /** The facade's constructor. */
    @FunctionalInterface
    public interface Factory {
        NamespaceManagement create(Storage storage, SecretStores secretStores, AccessPolicy accessPolicy,
                                   AuditSink auditSink, Clock clock, ChangeListener writeListener, ObserverHooks hooks);
    }

    private static volatile Factory factory;

    private ManagementAccess() {
    }

    /** Called once, from the facade's static initialiser. */
    public static void register(Factory f) {
        factory = f;
    }

    public static NamespaceManagement create(Storage storage, SecretStores secretStores, AccessPolicy accessPolicy,
                                             AuditSink auditSink, Clock clock, ChangeListener writeListener) {
        return create(storage, secretStores, accessPolicy, auditSink, clock, writeListener, ObserverHooks.NONE);
    }

    public static NamespaceManagement create(Storage storage, SecretStores secretStores, AccessPolicy accessPolicy,
                                             AuditSink auditSink, Clock clock, ChangeListener writeListener,
                                             ObserverHooks hooks) {
        Factory f = factory;
        if (f == null) {
            try {
                Class.forName(NamespaceManagement.class.getName(), true, NamespaceManagement.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = factory;
        }
        return f.create(storage, secretStores, accessPolicy, auditSink, clock, writeListener, hooks);
    }
}
