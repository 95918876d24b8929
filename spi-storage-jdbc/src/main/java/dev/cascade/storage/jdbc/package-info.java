/**
 * Storage, an encrypted secret store, the audit trail, revision history and access control on JDBC
 * (H2, PostgreSQL, MariaDB, MySQL), with cross-node change delivery; {@link dev.cascade.storage.jdbc.JdbcStorage} is the entry point.
 *
 * <p><b>API (and SPI implementation).</b>
 */
package dev.cascade.storage.jdbc;
