package dev.cascade.internal;

import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CopyOnWriteArrayList;

/** Delivers change events to subscribed listeners; a failing listener is logged and skipped. Thread-safe. */
public final class ChangeBroadcaster {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeBroadcaster.class);

    private final CopyOnWriteArrayList<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    public Subscription subscribe(ChangeListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(ChangeEvent event) {
        for (ChangeListener l : listeners) {
            try {
                l.onChange(event);
            } catch (RuntimeException e) {
                LOG.warn("Change listener {} failed on {} change of namespace '{}' (tenant '{}'); ignored",
                        l.getClass().getName(), event.kind(), event.namespace(), event.tenant(), e);
            }
        }
    }
}
