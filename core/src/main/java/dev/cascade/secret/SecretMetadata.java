package dev.cascade.secret;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the management API shows of a secret: everything but the value. Immutable.
 *
 * @param key         the key
 * @param description free text
 * @param tags        key/value tags
 * @param updated     last update, as the backend reports it
 * @param version     the backend's version, for optimistic writes; 1 after creation, +1 on each write
 */
public record SecretMetadata(SecretKey key, String description, Map<String, String> tags, Instant updated,
                             long version) {
    public SecretMetadata {
        Objects.requireNonNull(key, "key");
        description = description == null ? "" : description;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        Objects.requireNonNull(updated, "updated");
    }

    public SecretAttributes attributes() {
        return new SecretAttributes(description, tags);
    }
}
