/**
 * The management facade a UI, REST API or Terraform provider calls: namespaces, variables, plugin
 * defaults, secrets (write-only), documents, roles and bindings, with access checks and audit.
 *
 * <p><b>API.</b>
 */
package dev.cascade.management;
