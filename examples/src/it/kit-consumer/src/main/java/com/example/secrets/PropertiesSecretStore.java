package com.example.secrets;

import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.NotFoundException;
import dev.cascade.ReadOnlyStoreException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.ChangeListener;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plugin author's secret store: one properties file, entries {@code tenant/namespace/KEY.value},
 * {@code .version}, {@code .description}. Thread-safe through one lock per instance (one instance per file);
 * good enough to show the kit. It publishes an event for every write made through it.
 */
public final class PropertiesSecretStore implements SecretStore {
    private final Path file;
    private final boolean readOnly;
    private final CopyOnWriteArrayList<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    public PropertiesSecretStore(Path file) {
        this(file, false);
    }

    public PropertiesSecretStore(Path file, boolean readOnly) {
        this.file = file;
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void publish(TenantId tenant, NamespaceId namespace, SecretKey key) {
        ChangeEvent event = ChangeEvent.secret(tenant, namespace, key);
        for (ChangeListener l : listeners) {
            try {
                l.onChange(event);
            } catch (RuntimeException e) {
                // a listener must not throw; one that does must not break the write
            }
        }
    }

    private void refuseWhenReadOnly(String operation, TenantId tenant, NamespaceId namespace, SecretKey key) {
        if (readOnly) {
            throw new ReadOnlyStoreException("Cannot " + operation + " secret '" + key + "' in namespace '" + namespace
                    + "' (tenant '" + tenant + "'): the properties store is read-only");
        }
    }

    @Override
    public String name() {
        return "properties";
    }

    private static String base(TenantId t, NamespaceId ns, SecretKey k) {
        return t.value() + "/" + ns.value() + "/" + k.value();
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new BackendException(name(), "read " + file, null, null, null, e.toString(), e);
            }
        }
        return p;
    }

    private void save(Properties p) {
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        } catch (IOException e) {
            throw new BackendException(name(), "write " + file, null, null, null, e.toString(), e);
        }
    }

    @Override
    public synchronized Optional<SecretValue> get(TenantId tenant, NamespaceId namespace, SecretKey key) {
        String v = load().getProperty(base(tenant, namespace, key) + ".value");
        return Optional.ofNullable(v).map(SecretValue::of);
    }

    @Override
    public synchronized List<SecretMetadata> list(TenantId tenant, NamespaceId namespace) {
        Properties p = load();
        String prefix = tenant.value() + "/" + namespace.value() + "/";
        TreeMap<String, SecretMetadata> out = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(prefix) && name.endsWith(".value")) {
                String k = name.substring(prefix.length(), name.length() - ".value".length());
                if (k.contains("/")) {
                    continue;
                }
                String b = prefix + k;
                out.put(k, new SecretMetadata(SecretKey.of(k), p.getProperty(b + ".description", ""), tags(p, b),
                        Instant.ofEpochMilli(Long.parseLong(p.getProperty(b + ".updated"))),
                        Long.parseLong(p.getProperty(b + ".version"))));
            }
        }
        return List.copyOf(new ArrayList<>(out.values()));
    }

    @Override
    public synchronized SecretMetadata put(TenantId tenant, NamespaceId namespace, SecretKey key, SecretValue value,
                                           SecretAttributes attributes, long expectedVersion) {
        refuseWhenReadOnly("put", tenant, namespace, key);
        Properties p = load();
        String b = base(tenant, namespace, key);
        long current = Long.parseLong(p.getProperty(b + ".version", "0"));
        if (expectedVersion != ANY_VERSION && expectedVersion != current) {
            throw new ConflictException("Conflict writing secret '" + key + "' in namespace '" + namespace + "' (tenant '"
                    + tenant + "'): expected version " + expectedVersion + ", current " + current);
        }
        long now = System.currentTimeMillis();
        p.setProperty(b + ".value", value.reveal());
        p.setProperty(b + ".version", Long.toString(current + 1));
        p.setProperty(b + ".description", attributes.description());
        p.setProperty(b + ".updated", Long.toString(now));
        p.stringPropertyNames().stream().filter(n -> n.startsWith(b + ".tag.")).forEach(p::remove);
        attributes.tags().forEach((name, tag) -> p.setProperty(b + ".tag." + name, tag));
        save(p);
        publish(tenant, namespace, key);
        return new SecretMetadata(key, attributes.description(), attributes.tags(), Instant.ofEpochMilli(now), current + 1);
    }

    @Override
    public synchronized boolean delete(TenantId tenant, NamespaceId namespace, SecretKey key, long expectedVersion) {
        refuseWhenReadOnly("delete", tenant, namespace, key);
        Properties p = load();
        String b = base(tenant, namespace, key);
        String version = p.getProperty(b + ".version");
        if (version == null) {
            if (expectedVersion != ANY_VERSION) {
                throw new NotFoundException("Cannot delete secret '" + key + "' in namespace '" + namespace
                        + "' (tenant '" + tenant + "'): it does not exist (expected version " + expectedVersion + ")");
            }
            return false;
        }
        if (expectedVersion != ANY_VERSION && expectedVersion != Long.parseLong(version)) {
            throw new ConflictException("Conflict deleting secret '" + key + "' in namespace '" + namespace + "' (tenant '"
                    + tenant + "'): expected version " + expectedVersion + ", current " + version);
        }
        for (String suffix : List.of(".value", ".version", ".description", ".updated")) {
            p.remove(b + suffix);
        }
        p.stringPropertyNames().stream().filter(n -> n.startsWith(b + ".tag.")).forEach(p::remove);
        save(p);
        publish(tenant, namespace, key);
        return true;
    }

    private static Map<String, String> tags(Properties p, String base) {
        Map<String, String> tags = new TreeMap<>();
        String prefix = base + ".tag.";
        for (String n : p.stringPropertyNames()) {
            if (n.startsWith(prefix)) {
                tags.put(n.substring(prefix.length()), p.getProperty(n));
            }
        }
        return tags;
    }

    @Override
    public String toString() {
        return "PropertiesSecretStore[" + file + (readOnly ? ", read-only" : "") + "]";
    }
}
