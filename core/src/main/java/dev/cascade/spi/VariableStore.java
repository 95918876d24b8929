package dev.cascade.spi;

import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;

import java.util.Map;
import java.util.Optional;

/**
 * Persists one variables document (a YAML/JSON tree) per namespace, versioned.
 *
 * <p><b>Thread-safety:</b> implementations must be safe for concurrent use; every write is atomic.
 */
public interface VariableStore {
    /** The document, empty when the namespace has none (or does not exist). Values are unmodifiable. */
    Optional<Versioned<Map<String, Object>>> get(TenantId tenant, NamespaceId namespace);

    /**
     * Replaces the document.
     *
     * @param expectedVersion the version read, or 0 when none was read (no document yet)
     * @throws NotFoundException when the namespace does not exist
     * @throws ConflictException when {@code expectedVersion} is not current
     */
    Versioned<Map<String, Object>> put(TenantId tenant, NamespaceId namespace, Map<String, Object> variables,
                                       long expectedVersion);
}
