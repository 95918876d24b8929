/**
 * Namespaces as code: the YAML namespace document, the Terraform-style fragments, and their limits.
 *
 * <p><b>API.</b>
 */
package dev.cascade.yaml;
