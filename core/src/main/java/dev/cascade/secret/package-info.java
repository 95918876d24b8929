/**
 * Secret keys, values (which never print), metadata, the set of configured secret stores, and the
 * masker that hides resolved values in text.
 *
 * <p><b>API.</b>
 */
package dev.cascade.secret;
