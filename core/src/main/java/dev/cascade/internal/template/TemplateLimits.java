package dev.cascade.internal.template;

/**
 * The limits of a {@link TemplateEngine}; every one has a safe default and a named error when broken.
 *
 * @param cacheSize        compiled templates kept
 * @param cacheMaxChars    total characters of the compiled templates kept (each template weighs at least
 *                         {@code cacheMaxChars / cacheSize}, so both bounds hold)
 * @param maxRenderedChars the most characters one template renders, and the most characters (or elements)
 *                         of any value built while rendering
 * @param maxSteps         evaluation steps one render (with the templates {@code render()} renders inside it)
 *                         may take; see {@link RenderBudget}
 * @param maxRangeLength   the most elements {@code range()} or {@code a..b} may produce
 * @param maxRenderDepth   how deep {@code render()} may nest, and how many passes a recursive render may take
 *
 * Immutable; not API (hosts set these through {@code ResolverCacheConfig}).
 */
public record TemplateLimits(long cacheSize, long cacheMaxChars, int maxRenderedChars, long maxSteps,
                             long maxRangeLength, int maxRenderDepth) {
    public static final long DEFAULT_CACHE_SIZE = 10_000;
    public static final long DEFAULT_CACHE_MAX_CHARS = 8_000_000;
    public static final int DEFAULT_MAX_RENDERED_CHARS = 1_000_000;
    public static final long DEFAULT_MAX_STEPS = 5_000_000;
    public static final long DEFAULT_MAX_RANGE_LENGTH = 100_000;
    public static final int DEFAULT_MAX_RENDER_DEPTH = 16;

    public static final TemplateLimits DEFAULTS = new TemplateLimits(DEFAULT_CACHE_SIZE, DEFAULT_CACHE_MAX_CHARS,
            DEFAULT_MAX_RENDERED_CHARS, DEFAULT_MAX_STEPS, DEFAULT_MAX_RANGE_LENGTH, DEFAULT_MAX_RENDER_DEPTH);

    public TemplateLimits {
        if (cacheSize < 1 || cacheMaxChars < 1 || maxRenderedChars < 1 || maxSteps < 1 || maxRangeLength < 0
                || maxRenderDepth < 1) {
            throw new IllegalArgumentException("template limits must be positive: " + cacheSize + ", " + cacheMaxChars
                    + ", " + maxRenderedChars + ", " + maxSteps + ", " + maxRangeLength + ", " + maxRenderDepth);
        }
    }

    /** The weight one cached template of {@code length} characters counts for. */
    int weigh(int length) {
        long floor = (cacheMaxChars + cacheSize - 1) / cacheSize;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(Math.max(1, length), floor));
    }
}
