/**
 * Templates: errors ({@link dev.cascade.template.TemplateRenderException} and the kind of each failure) and the
 * template-extension SPI through which hosts and modules add filters, functions and tests
 * ({@link dev.cascade.template.TemplateExtension}, {@link dev.cascade.template.TemplateFilter},
 * {@link dev.cascade.template.TemplateFunction}, {@link dev.cascade.template.TemplateTest},
 * {@link dev.cascade.template.TemplateCall}).
 *
 * <p><b>API (errors) and SPI (extensions).</b>
 */
package dev.cascade.template;
