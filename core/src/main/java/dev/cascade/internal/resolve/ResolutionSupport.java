package dev.cascade.internal.resolve;

import dev.cascade.internal.template.RenderScope;

import java.util.Map;

/** Glue between the resolver and the template engine: the scope of one resolution. Stateless and thread-safe. Not API. */
public final class ResolutionSupport {
    private ResolutionSupport() {
    }

    public static RenderScope scope(NamespaceContext ctx, Map<String, Object> host, RenderScope.SecretSource secrets,
                                    int maskMinLength) {
        TemplateVariables variables = host.isEmpty() ? ctx.variablesWithoutHost()
                : new TemplateVariables(ctx.effective().variables(), host);
        return new RenderScope(variables, secrets, maskMinLength);
    }
}
