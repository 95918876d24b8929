/**
 * The one configuration grammar every Cascade module uses: durations ({@code 500ms}, {@code 10s}, {@code 1h},
 * ISO-8601 {@code PT10S}), sizes ({@code 512}, {@code 64KB}, {@code 1MiB}), booleans, whole numbers and
 * comma-separated lists ({@link dev.cascade.config.ConfigValues}); one message format that lists every bad value
 * at once ({@link dev.cascade.config.ConfigProblems}); and where properties come from — a {@code Map}, system
 * properties ({@code cascade.jdbc.url}) or environment variables ({@code CASCADE_JDBC_URL})
 * ({@link dev.cascade.config.ConfigSource}).
 *
 * <p><b>API.</b>
 */
package dev.cascade.config;
