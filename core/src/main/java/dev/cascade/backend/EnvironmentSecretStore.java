package dev.cascade.backend;

import dev.cascade.BackendException;
import dev.cascade.ConfigurationException;
import dev.cascade.ReadOnlyStoreException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Read-only secrets from environment variables, following Kestra's open-source convention: the secret
 * {@code GITHUB_TOKEN} is the variable {@code SECRET_GITHUB_TOKEN}, holding the value Base64-encoded
 * ({@link Encoding#BASE64}, the default) or as is ({@link Encoding#RAW}).
 *
 * <p>Environment variables are instance-wide: every tenant and namespace sees the same secrets. Use it
 * as the default store of a single-team instance, or bind it to chosen namespaces only.
 *
 * <p>The environment is read once, at construction. Immutable and thread-safe.
 */
public final class EnvironmentSecretStore implements SecretStore {

    /** How values are encoded in the variables. */
    public enum Encoding { BASE64, RAW }

    public static final String DEFAULT_PREFIX = "SECRET_";

    private final Map<String, String> environment;
    private final String prefix;
    private final Encoding encoding;
    private final Instant loaded = Instant.now();

    /** Reads the process environment with the default prefix and Base64 values. */
    public EnvironmentSecretStore() {
        this(System.getenv(), DEFAULT_PREFIX, Encoding.BASE64);
    }

    /**
     * @param environment variables to read (a snapshot is taken)
     * @param prefix      variable-name prefix, for example {@code SECRET_}
     * @param encoding    how values are encoded
     */
    public EnvironmentSecretStore(Map<String, String> environment, String prefix, Encoding encoding) {
        Objects.requireNonNull(environment, "environment");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        if (prefix.isEmpty()) {
            throw new ConfigurationException("env secret store: prefix was '' but it must not be empty "
                    + "(every environment variable would become a secret)");
        }
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return "env";
    }

    @Override
    public Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        String raw = environment.get(prefix + key.value());
        if (raw == null) {
            return Optional.empty();
        }
        return Optional.of(decode(tenant, namespace, key, raw));
    }

    private SecretValue decode(TenantId tenant, NamespaceId namespace, SecretKey key, String raw) {
        if (encoding == Encoding.RAW) {
            return SecretValue.of(raw);
        }
        try {
            return SecretValue.of(new String(Base64.getMimeDecoder().decode(raw.strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // the decoder's message could quote part of the value: do not chain it
            throw new BackendException(name(), "get", tenant.value(), namespace.value(), key.value(),
                    "environment variable " + prefix + key.value() + " is not valid Base64 (set encoding=raw for plain values)");
        }
    }

    @Override
    public List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        List<SecretMetadata> result = new ArrayList<>();
        for (String name : environment.keySet()) {
            if (name.startsWith(prefix) && SecretKey.isValid(name.substring(prefix.length()))) {
                result.add(new SecretMetadata(SecretKey.of(name.substring(prefix.length())), "", Map.of(), loaded, 1));
            }
        }
        result.sort(Comparator.comparing(SecretMetadata::key));
        return List.copyOf(result);
    }

    @Override
    public SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                              SecretAttributes attributes, long expectedVersion) {
        throw readOnly("put", tenant, namespace, key);
    }

    @Override
    public boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
        throw readOnly("delete", tenant, namespace, key);
    }

    private ReadOnlyStoreException readOnly(String op, TenantId tenant, NamespaceId namespace, SecretKey key) {
        return new ReadOnlyStoreException("Secret store 'env' is read-only (environment variables); cannot " + op
                + " secret '" + key + "' in namespace '" + namespace + "' (tenant '" + tenant
                + "'). Set the variable " + prefix + "<KEY> instead");
    }

    @Override
    public boolean isNamespaceScoped() {
        return false; // the same variables for every tenant and namespace
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public String toString() {
        return "EnvironmentSecretStore[prefix=" + prefix + ", encoding=" + encoding + "]";
    }
}
