package dev.cascade.kit;

import dev.cascade.backend.InMemoryStorage;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.NamespaceStore;
import dev.cascade.spi.PluginDefaultsStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.VariableStore;

/** The reference in-memory storage behind a forwarding wrapper, for the broken storages of the kit's own tests. */
class ForwardingStorage implements Storage {
    final InMemoryStorage delegate = new InMemoryStorage();

    @Override
    public String name() {
        return "forwarding";
    }

    @Override
    public NamespaceStore namespaces() {
        return delegate.namespaces();
    }

    @Override
    public VariableStore variables() {
        return delegate.variables();
    }

    @Override
    public PluginDefaultsStore pluginDefaults() {
        return delegate.pluginDefaults();
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
        return delegate.subscribe(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
