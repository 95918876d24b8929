package dev.cascade.internal.resolve;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The variables a template sees: the host's variables plus {@code namespace} (the effective namespace
 * variables), as a read-only view that copies nothing. Not thread-safe; one per resolution. Not API.
 */
final class TemplateVariables extends AbstractMap<String, Object> {
    static final String NAMESPACE = "namespace";

    private final Map<String, Object> namespaceVariables;
    private final Map<String, Object> host;

    TemplateVariables(Map<String, Object> namespaceVariables, Map<String, Object> host) {
        this.namespaceVariables = namespaceVariables;
        this.host = host;
    }

    @Override
    public Object get(Object key) {
        return NAMESPACE.equals(key) ? namespaceVariables : host.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return NAMESPACE.equals(key) || host.containsKey(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>(host);
        all.put(NAMESPACE, namespaceVariables);
        return all.entrySet();
    }
}
