package dev.cascade.internal.resolve;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretStores;
import dev.cascade.spi.SecretStore;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides, for one namespace of a lookup chain, whether the resolver should read a key's value there. A
 * store whose {@link SecretStore#listIsStronglyConsistent() listing is strongly consistent} answers from
 * its cached key set (one listing per namespace, then no call for keys it does not hold); for any other
 * store the answer is always "read it": the value cache then reads the key directly, and its short
 * negative caching stands in for the key set. So a key written a moment ago in a child namespace is found
 * there at once, never hidden by a lagging listing behind the parent's key of the same name.
 *
 * <p>The stores' declarations are read once, at construction. Thread-safe (immutable). Not API.
 */
public final class SecretLocator {
    private final SecretCache cache;
    private final Map<String, Boolean> listingTrusted;

    public SecretLocator(SecretStores stores, SecretCache cache) {
        this.cache = cache;
        Map<String, Boolean> trusted = new HashMap<>();
        stores.all().forEach((name, store) -> trusted.put(name, store.listIsStronglyConsistent()));
        this.listingTrusted = Map.copyOf(trusted);
    }

    /**
     * Whether {@code namespace} may hold {@code key} in {@code store}: from the key set when the store's
     * listing can be trusted (lowering {@code due[0]} as {@link SecretCache#hasKey} does), else {@code true}.
     */
    public boolean worthReading(TenantId tenant, NamespaceId namespace, String store, SecretKey key, long[] due) {
        if (!listingTrusted.getOrDefault(store, Boolean.TRUE)) {
            return true;
        }
        return cache.hasKey(tenant, namespace, store, key, due);
    }

    /** Whether resolution through {@code store} relies on its listing (tests and diagnostics). */
    public boolean trustsListing(String store) {
        return listingTrusted.getOrDefault(store, Boolean.TRUE);
    }
}
