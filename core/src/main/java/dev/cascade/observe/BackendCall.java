package dev.cascade.observe;

import java.util.Objects;

/**
 * One call to a storage or secret store.
 *
 * @param store     the store's configured name (a secret store's name in {@code SecretStores}, or the storage's name)
 * @param kind      storage or secret store
 * @param operation what was called: {@code get}, {@code list}, {@code put}, {@code get namespace}, … (a small fixed set)
 * @param tenant    the tenant, or null for a call that names none (a transaction)
 * @param namespace the namespace, or null for a call that names none
 * @param key       the secret's key, only when the observer {@linkplain CascadeObserver#includeSecretKeys() asked for
 *                  keys} and the call names one; null otherwise
 *
 *                  <p>Immutable. Never holds a value.
 */
public record BackendCall(String store, StoreKind kind, String operation, String tenant, String namespace, String key) {
    /** Storage (namespaces, variables, plugin defaults, access control) or a secret store. */
    public enum StoreKind { STORAGE, SECRET_STORE }

    public BackendCall {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operation, "operation");
    }
}
