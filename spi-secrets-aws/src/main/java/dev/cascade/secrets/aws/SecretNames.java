package dev.cascade.secrets.aws;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How (tenant, namespace, key) maps onto a Secrets Manager name and how a version number rides in a
 * version id. Immutable and thread-safe; not API.
 *
 * <p>Names are {@code {prefix}/{tenant}/{namespace}/{key}}. Every character Cascade allows in a tenant
 * ({@code [a-z0-9_-]}), a namespace ({@code [a-z0-9_.-]}) and a key ({@code [A-Za-z0-9_.-]}) is among the
 * characters Secrets Manager allows in a name (letters, digits and {@code /_+=.@-}), and none of them is
 * {@code /}, so each part is kept as is and {@code /} separates them: the mapping is reversible by
 * splitting on the last three slashes.
 */
final class SecretNames {
    /** Version ids this store writes: the prefix, a 20-digit counter and, for unconditional writes, a random part. */
    static final String VERSION_PREFIX = "cascade-version-";
    static final String CURRENT_STAGE = "AWSCURRENT";

    private final String prefix;

    SecretNames(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String name(TenantId tenant, NamespaceId namespace, SecretKey key) {
        return prefix + "/" + tenant.value() + "/" + namespace.value() + "/" + key.value();
    }

    /** The name-filter value that matches exactly the secrets of one namespace (prefix match). */
    String namespacePrefix(TenantId tenant, NamespaceId namespace) {
        return prefix + "/" + tenant.value() + "/" + namespace.value() + "/";
    }

    /** The key a name stands for, when it is a name of this tenant and namespace. */
    Optional<SecretKey> keyOf(String name, TenantId tenant, NamespaceId namespace) {
        String p = namespacePrefix(tenant, namespace);
        if (name == null || !name.startsWith(p)) {
            return Optional.empty();
        }
        String rest = name.substring(p.length());
        if (rest.indexOf('/') >= 0 || !SecretKey.isValid(rest)) {
            return Optional.empty();
        }
        return Optional.of(SecretKey.of(rest));
    }

    /** A version id carrying {@code version}; {@code unique} adds a random part so no two writes share it. */
    static String versionToken(long version, boolean unique) {
        String base = VERSION_PREFIX + String.format("%020d", version);
        return unique ? base + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : base;
    }

    /** The counter in a version id this store wrote, or empty for any other id. */
    static Optional<Long> versionOf(String versionId) {
        if (versionId == null || !versionId.startsWith(VERSION_PREFIX)) {
            return Optional.empty();
        }
        int start = VERSION_PREFIX.length();
        int end = start + 20;
        if (versionId.length() < end || (versionId.length() > end && versionId.charAt(end) != '-')) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(versionId.substring(start, end)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The Cascade version of a secret from its version ids and their stages: the counter of the
     * {@code AWSCURRENT} version when this store wrote it; otherwise (a version written by another tool)
     * one more than the highest counter seen, at least 1.
     */
    static long currentVersion(Map<String, ? extends Collection<String>> versionsToStages) {
        long highest = 0;
        String current = null;
        for (Map.Entry<String, ? extends Collection<String>> e : versionsToStages.entrySet()) {
            Optional<Long> v = versionOf(e.getKey());
            if (v.isPresent()) {
                highest = Math.max(highest, v.get());
            }
            if (e.getValue() != null && e.getValue().contains(CURRENT_STAGE)) {
                current = e.getKey();
            }
        }
        if (current != null) {
            Optional<Long> v = versionOf(current);
            if (v.isPresent()) {
                return v.get();
            }
        }
        return highest + 1;
    }
}
