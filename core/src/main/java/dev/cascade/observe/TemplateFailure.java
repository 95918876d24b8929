package dev.cascade.observe;

import dev.cascade.template.TemplateRenderException;

import java.util.Objects;

/**
 * A resolution failed in a template.
 *
 * @param kind      the failure's kind
 * @param tenant    the tenant resolved for
 * @param namespace the namespace resolved for
 *
 *                  <p>Immutable. Holds neither the template nor the message.
 */
public record TemplateFailure(TemplateRenderException.Kind kind, String tenant, String namespace) {
    public TemplateFailure {
        Objects.requireNonNull(kind, "kind");
    }
}
