/**
 * The resolver an executor calls for every task: plugin defaults applied, templates rendered, secrets
 * recorded for masking; its cache settings and statistics.
 *
 * <p><b>API.</b>
 */
package dev.cascade.resolve;
