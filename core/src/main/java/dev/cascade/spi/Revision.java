package dev.cascade.spi;

import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceProperties;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stored version of a namespace's properties, variables or plugin defaults, as a {@link RevisionStore}
 * keeps it. Immutable (and so thread-safe): stores hand out unmodifiable content.
 *
 * @param resource what the revision holds
 * @param version  the version of that resource this revision holds (1 for the first write)
 * @param written  when that version was written
 * @param content  a {@link NamespaceProperties} for {@link Resource#PROPERTIES}, a variables map for
 *                 {@link Resource#VARIABLES}, a list of {@link PluginDefault} for {@link Resource#PLUGIN_DEFAULTS}
 */
public record Revision(Resource resource, long version, Instant written, Object content) {
    /** The parts of a namespace that keep a revision history. */
    public enum Resource {
        /** Description, allowed namespaces and secret-store binding. */
        PROPERTIES,
        /** The variables document. */
        VARIABLES,
        /** The plugin-defaults rules. */
        PLUGIN_DEFAULTS
    }

    public Revision {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(content, "content");
        if (version < 1) {
            throw new IllegalArgumentException("revision version must be at least 1, was " + version);
        }
        boolean fits = switch (resource) {
            case PROPERTIES -> content instanceof NamespaceProperties;
            case VARIABLES -> content instanceof Map;
            case PLUGIN_DEFAULTS -> content instanceof List;
        };
        if (!fits) {
            throw new IllegalArgumentException("a " + resource + " revision cannot hold a "
                    + content.getClass().getSimpleName());
        }
    }

    /** The properties this revision holds; fails unless it is a {@link Resource#PROPERTIES} revision. */
    public NamespaceProperties properties() {
        require(Resource.PROPERTIES);
        return (NamespaceProperties) content;
    }

    /** The variables this revision holds; fails unless it is a {@link Resource#VARIABLES} revision. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> variables() {
        require(Resource.VARIABLES);
        return (Map<String, Object>) content;
    }

    /** The rules this revision holds; fails unless it is a {@link Resource#PLUGIN_DEFAULTS} revision. */
    @SuppressWarnings("unchecked")
    public List<PluginDefault> pluginDefaults() {
        require(Resource.PLUGIN_DEFAULTS);
        return (List<PluginDefault>) content;
    }

    private void require(Resource expected) {
        if (resource != expected) {
            throw new IllegalStateException("this is a " + resource + " revision, not " + expected);
        }
    }

    @Override
    public String toString() {
        return "Revision[" + resource + " v" + version + " written " + written + "]";
    }
}
