/**
 * Template errors: {@link dev.cascade.template.TemplateRenderException} and the kind of each failure.
 *
 * <p><b>API.</b>
 */
package dev.cascade.template;
