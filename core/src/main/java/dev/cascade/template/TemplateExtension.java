package dev.cascade.template;

import java.util.Map;

/**
 * Filters, functions and tests a host or a module adds to Cascade's template language: the orchestrator's own
 * {@code kv()}, {@code read()} or output helpers, or an optional module's {@code jq} filter. They run inside
 * the same sandbox as the built-in ones: the render's limits apply through {@link TemplateCall#checkSize} and
 * {@link TemplateCall#step}, Java method calls stay refused on what they return, and an exception they throw
 * is reported without its message unless it is a {@link dev.cascade.CascadeException} (whose message must
 * then quote no value).
 *
 * <p>Register an instance explicitly ({@code Cascade.builder().templateExtension(ext)} or
 * {@code Resolver.builder().templateExtension(ext)}), or by {@link #name()} through
 * {@link java.util.ServiceLoader}: a module lists its implementation (public, with a public no-argument
 * constructor) in {@code META-INF/services/dev.cascade.template.TemplateExtension} and the host calls
 * {@code Cascade.builder().templateExtension("jq")}. Names must be identifiers ({@code [A-Za-z_][A-Za-z0-9_]*})
 * and may not replace a built-in filter, function or test or one of another extension: building the resolver
 * fails with a {@link dev.cascade.ConfigurationException} naming the clash.
 *
 * <p><b>Thread-safety:</b> one instance, and the filters, functions and tests it returns, serve every render on
 * every thread at once: implementations must be thread-safe (ideally stateless). The maps are read once, when
 * the resolver is built.
 */
public interface TemplateExtension {
    /** The name this extension is registered and discovered under, for example {@code jq}. */
    String name();

    /** Filters by name, used as {@code {{ value | name(args) }}}. Empty by default, never null. */
    default Map<String, TemplateFilter> filters() {
        return Map.of();
    }

    /** Functions by name, used as {@code {{ name(args) }}}. Empty by default, never null. */
    default Map<String, TemplateFunction> functions() {
        return Map.of();
    }

    /** Tests by name, used as {@code {% if value is name(args) %}}. Empty by default, never null. */
    default Map<String, TemplateTest> tests() {
        return Map.of();
    }
}
