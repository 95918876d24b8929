package dev.cascade.defaults;

import java.util.Map;

/**
 * A task tree with plugin defaults applied, and for every resulting property path the source that
 * supplied it ({@code tasks[0].password} → {@code NAMESPACE company (io.kestra.plugin.git)}).
 * Immutable when produced by Cascade (unmodifiable maps); thread-safe to share.
 *
 * @param tree    the merged task tree
 * @param explain property path → source, in tree order
 */
public record DefaultsApplication(Map<String, Object> tree, Map<String, PropertySource> explain) {
}
