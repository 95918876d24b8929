package dev.cascade.spi;

import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.util.List;
import java.util.Optional;

/**
 * Persists the ordered plugin-defaults rules of one namespace, versioned.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use; every write is atomic.
 */
public interface PluginDefaultsStore {
    /** The rules in declaration order, empty when the namespace has none (or does not exist). */
    Optional<Versioned<List<PluginDefault>>> get(TenantId tenant, NamespaceId namespace);

    /**
     * Replaces the rules.
     *
     * @param expectedVersion the version read, or 0 when none was read
     * @throws NotFoundException when the namespace does not exist
     * @throws ConflictException when {@code expectedVersion} is not current
     */
    Versioned<List<PluginDefault>> put(TenantId tenant, NamespaceId namespace, List<PluginDefault> rules,
                                       long expectedVersion);
}
