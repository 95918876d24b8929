package dev.cascade.resolve;

import dev.cascade.internal.template.TemplateEngine;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.observe.Resolution;

import java.util.Map;

/**
 * A template compiled once for one namespace ({@link Resolver#compile}); {@link #render} skips the syntax check
 * and the template-cache lookups and reads the namespace's current variables and secrets, exactly as
 * {@link Resolver#render} does.
 *
 * <p><b>Thread-safety:</b> immutable and safe for concurrent use; valid as long as its resolver is open.
 */
public final class CompiledTemplate {
    private final Resolver resolver;
    private final TenantId tenant;
    private final NamespaceId namespace;
    private final TemplateEngine.Prepared template;

    CompiledTemplate(Resolver resolver, TenantId tenant, NamespaceId namespace, TemplateEngine.Prepared template) {
        this.resolver = resolver;
        this.tenant = tenant;
        this.namespace = namespace;
        this.template = template;
    }

    /** Renders with {@code hostVariables}; same result and errors as {@link Resolver#render}. */
    public RenderResult render(Map<String, Object> hostVariables) {
        if (resolver.observing()) {
            return resolver.observed(Resolution.Operation.RENDER, tenant, namespace,
                    () -> resolver.render(tenant, namespace, template, hostVariables));
        }
        return resolver.render(tenant, namespace, template, hostVariables);
    }

    public TenantId tenant() {
        return tenant;
    }

    public NamespaceId namespace() {
        return namespace;
    }

    @Override
    public String toString() {
        return "CompiledTemplate[tenant=" + tenant + ", namespace=" + namespace + "]";
    }
}
