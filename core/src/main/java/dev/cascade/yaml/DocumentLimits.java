package dev.cascade.yaml;

import dev.cascade.ConfigurationException;

/**
 * Bounds applied when reading a document: size, nesting depth, number of aliases expanded and total
 * nodes produced (which stops an alias bomb). Immutable.
 *
 * @param maxBytes   largest document accepted, in UTF-8 bytes (default 1 MiB)
 * @param maxDepth   deepest nesting of maps and lists (default 64)
 * @param maxAliases most aliases a document may use (default 100)
 * @param maxNodes   most values the document may expand to, counting alias expansions (default 1,000,000)
 */
public record DocumentLimits(int maxBytes, int maxDepth, int maxAliases, int maxNodes) {
    public static final DocumentLimits DEFAULT = new DocumentLimits(1 << 20, 64, 100, 1_000_000);

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
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid document limits: " + problems.substring(0, problems.length() - 2));
        }
    }
}
