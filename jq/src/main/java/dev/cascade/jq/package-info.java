/**
 * Kestra's {@code jq} template filter as a {@link dev.cascade.template.TemplateExtension}
 * ({@link dev.cascade.jq.JqTemplateExtension}, registered under the name {@code jq}): a bounded subset of jq
 * evaluated on Jackson trees under the render's limits.
 *
 * <p><b>SPI implementation.</b> Everything but {@link dev.cascade.jq.JqTemplateExtension} is internal.
 */
package dev.cascade.jq;
