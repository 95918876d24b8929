package dev.cascade.kit;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.spi.ForwardingSecretStore;
import dev.cascade.spi.SecretStore;

/**
 * The reference in-memory store behind a forwarding wrapper: as is it passes the kit; each broken store of
 * the kit's own tests overrides one method to break one rule.
 */
class ForwardingMemoryStore extends ForwardingSecretStore {
    ForwardingMemoryStore() {
        super(new InMemorySecretStore());
    }

    /** The in-memory store behind the wrapper, for seeding it past a broken method. */
    SecretStore memory() {
        return delegate();
    }

    @Override
    public String name() {
        return "forwarding";
    }
}
