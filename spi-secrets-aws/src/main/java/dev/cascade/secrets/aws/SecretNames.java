package dev.cascade.secrets.aws;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

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
    /** Version ids this store writes: the prefix and a 20-digit counter (older releases added "-" and a random part). */
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

    /** The version id of Cascade version {@code version}: one id per number, the same for every writer. */
    static String versionToken(long version) {
        return VERSION_PREFIX + String.format("%020d", version);
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

    /** The number in the {@code AWSCURRENT} version id when this store wrote that version, else empty. */
    static Optional<Long> cascadeCurrentVersion(Map<String, ? extends Collection<String>> versionsToStages) {
        for (Map.Entry<String, ? extends Collection<String>> e : versionsToStages.entrySet()) {
            if (e.getValue() != null && e.getValue().contains(CURRENT_STAGE)) {
                return versionOf(e.getKey());
            }
        }
        return Optional.empty();
    }
}
