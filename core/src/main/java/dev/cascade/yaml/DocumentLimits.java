package dev.cascade.yaml;

import dev.cascade.ConfigurationException;

/**
 * Bounds applied when reading a document: size, nesting depth, number of aliases expanded, total
 * nodes produced and the size of the document once its aliases are expanded (which together stop an
 * alias bomb before anything is built from it or written). Immutable.
 *
 * @param maxBytes   largest document accepted, in UTF-8 bytes (default 1 MiB)
 * @param maxDepth   deepest nesting of maps and lists (default 64)
 * @param maxAliases most aliases a document may use (default 100)
 * @param maxNodes   most values the document may expand to, counting alias expansions (default 1,000,000)
 * @param maxExpandedChars most characters the document may expand to, counting every key and scalar
 *                   (numbers, booleans and nulls count 8, maps and lists 2) once per alias expansion
 *                   (default 16 MiB, and never less than {@code maxBytes})
 */
public record DocumentLimits(int maxBytes, int maxDepth, int maxAliases, int maxNodes, long maxExpandedChars) {
    /** The default expanded size. */
    public static final long DEFAULT_MAX_EXPANDED_CHARS = 16L << 20;
    public static final DocumentLimits DEFAULT = new DocumentLimits(1 << 20, 64, 100, 1_000_000);

    /** Limits with the default expanded size (16 MiB, or {@code maxBytes} when larger). */
    public DocumentLimits(int maxBytes, int maxDepth, int maxAliases, int maxNodes) {
        this(maxBytes, maxDepth, maxAliases, maxNodes, Math.max(DEFAULT_MAX_EXPANDED_CHARS, maxBytes));
    }

    public DocumentLimits {
        StringBuilder problems = new StringBuilder();
        if (maxBytes < 1) {
            problems.append("maxBytes was '").append(maxBytes).append("' but it must be positive; ");
        }
        if (maxDepth < 1 || maxDepth > 1000) {
            problems.append("maxDepth was '").append(maxDepth).append("' but it must be between 1 and 1000; ");
        }
        if (maxAliases < 0) {
            problems.append("maxAliases was '").append(maxAliases).append("' but it must not be negative; ");
        }
        if (maxNodes < 1) {
            problems.append("maxNodes was '").append(maxNodes).append("' but it must be positive; ");
        }
        if (maxExpandedChars < 1) {
            problems.append("maxExpandedChars was '").append(maxExpandedChars).append("' but it must be positive; ");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid document limits: " + problems.substring(0, problems.length() - 2));
        }
    }
}
