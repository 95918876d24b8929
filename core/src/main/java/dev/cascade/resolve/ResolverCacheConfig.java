package dev.cascade.resolve;

import dev.cascade.ConfigurationException;
import dev.cascade.config.ConfigProblems;
import dev.cascade.config.ConfigReader;
import dev.cascade.config.ConfigSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cache and safety settings of a {@link Resolver}. Immutable; validated at construction, reporting every
 * bad property at once as {@code <property> was '<value>' but it <reason>}.
 *
 * @param namespaceCacheSize     effective namespaces kept per resolver (all tenants together)
 * @param namespaceExpireAfterWrite a cached effective namespace is re-read after this long even without a
 *                               change event (a safety net; events invalidate at once)
 * @param secretCacheSize        secret values kept
 * @param secretExpireAfterWrite a cached secret value is re-read from its backend after this long
 * @param secretRefreshAhead     after this long a read triggers a background reload while the cached value is
 *                               served; must be shorter than {@code secretExpireAfterWrite}
 * @param secretStaleIfError     how long past expiry a value may still be served while its backend fails
 *                               ({@link Duration#ZERO} disables)
 * @param secretNegativeTtl      how long "no such key" answers (and namespace key lists) are trusted
 * @param backendTimeout         the longest a secret backend call may take before it fails as a BackendException
 * @param templateCacheSize      compiled templates kept
 * @param maxRenderedChars       the most characters one template may render, and the most characters (or
 *                               elements) of any value built while rendering: a concatenation, {@code join},
 *                               {@code merge}, {@code replace}, a list grown in a loop, a value printed as JSON
 * @param maskMinLength          secret values shorter than this are not masked
 * @param planCacheSize          task plans {@code resolveTask} keeps (per namespace state, flow rules and task)
 * @param templateCacheMaxChars  total characters of the compiled templates kept: the template cache is bounded
 *                               by weight as well as by {@code templateCacheSize}
 * @param maxTemplateSteps       evaluation steps one render may take (loop iterations, macro calls, operators,
 *                               filters, characters built or scanned by a regular expression), shared with the
 *                               templates {@code render()} renders inside it
 * @param maxRangeLength         the most elements {@code range()} or {@code a..b} may produce
 * @param maxRenderDepth         how deep {@code render()} may nest, and how many passes a recursive
 *                               {@code render()} may take
 * @param secretPrefetchMaxKeys  the most secrets a namespace may hold for a store that can
 *                               {@linkplain dev.cascade.spi.SecretStore#prefetch prefetch} to fill its cold
 *                               cache in one call (a namespace with more is listed and read key by key); 0 turns
 *                               prefetching off, at most {@value #MAX_PREFETCH_KEYS}; a {@code secretCacheSize}
 *                               below it lowers the cap to the cache's size
 */
public record ResolverCacheConfig(long namespaceCacheSize, Duration namespaceExpireAfterWrite, long secretCacheSize,
                                  Duration secretExpireAfterWrite, Duration secretRefreshAhead,
                                  Duration secretStaleIfError, Duration secretNegativeTtl, Duration backendTimeout,
                                  long templateCacheSize, int maxRenderedChars, int maskMinLength,
                                  long planCacheSize, long templateCacheMaxChars, long maxTemplateSteps,
                                  long maxRangeLength, int maxRenderDepth, int secretPrefetchMaxKeys) {

    /** The largest {@code secretPrefetchMaxKeys}: one backend call never loads more secrets than this. */
    public static final int MAX_PREFETCH_KEYS = 10_000;

    /** The defaults: see {@link Builder}. */
    public static final ResolverCacheConfig DEFAULTS = builder().build();

    public ResolverCacheConfig {
        List<String> problems = new ArrayList<>();
        positive(problems, "namespaceCacheSize", namespaceCacheSize);
        positive(problems, "namespaceExpireAfterWrite", namespaceExpireAfterWrite);
        positive(problems, "secretCacheSize", secretCacheSize);
        positive(problems, "secretExpireAfterWrite", secretExpireAfterWrite);
        positive(problems, "secretRefreshAhead", secretRefreshAhead);
        positive(problems, "secretNegativeTtl", secretNegativeTtl);
        positive(problems, "backendTimeout", backendTimeout);
        positive(problems, "templateCacheSize", templateCacheSize);
        positive(problems, "planCacheSize", planCacheSize);
        if (secretStaleIfError == null || secretStaleIfError.isNegative()) {
            problems.add("secretStaleIfError was '" + secretStaleIfError + "' but it must be zero or positive");
        }
        if (secretRefreshAhead != null && secretExpireAfterWrite != null && !secretRefreshAhead.isNegative()
                && secretRefreshAhead.compareTo(secretExpireAfterWrite) >= 0) {
            problems.add("secretRefreshAhead was '" + secretRefreshAhead + "' but it must be shorter than "
                    + "secretExpireAfterWrite (" + secretExpireAfterWrite + ")");
        }
        if (maxRenderedChars < 1) {
            problems.add("maxRenderedChars was '" + maxRenderedChars + "' but it must be at least 1");
        }
        positive(problems, "templateCacheMaxChars", templateCacheMaxChars);
        positive(problems, "maxTemplateSteps", maxTemplateSteps);
        if (maxRangeLength < 0) {
            problems.add("maxRangeLength was '" + maxRangeLength + "' but it must be zero or positive");
        }
        if (maxRenderDepth < 1) {
            problems.add("maxRenderDepth was '" + maxRenderDepth + "' but it must be at least 1");
        }
        if (secretPrefetchMaxKeys < 0 || secretPrefetchMaxKeys > MAX_PREFETCH_KEYS) {
            problems.add("secretPrefetchMaxKeys was '" + secretPrefetchMaxKeys + "' but it must be between 0 and "
                    + MAX_PREFETCH_KEYS);
        }
        if (maskMinLength < 1) {
            problems.add("maskMinLength was '" + maskMinLength + "' but it must be at least 1");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid resolver cache configuration: " + String.join("; ", problems));
        }
    }

    private static void positive(List<String> problems, String name, long value) {
        if (value < 1) {
            problems.add(name + " was '" + value + "' but it must be at least 1");
        }
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(name + " was '" + value + "' but it must be a positive duration");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Property names read by {@link #from(ConfigSource)}: the names of this record's components. */
    public static final Set<String> PROPERTIES = Set.of("namespaceCacheSize", "namespaceExpireAfterWrite",
            "secretCacheSize", "secretExpireAfterWrite", "secretRefreshAhead", "secretStaleIfError",
            "secretNegativeTtl", "backendTimeout", "templateCacheSize", "maxRenderedChars", "maskMinLength",
            "planCacheSize", "templateCacheMaxChars", "maxTemplateSteps", "maxRangeLength", "maxRenderDepth",
            "secretPrefetchMaxKeys");

    /** Reads the settings from a map of properties named as {@link #PROPERTIES}; absent ones keep their default. */
    public static ResolverCacheConfig fromProperties(Map<String, String> properties) {
        return from(ConfigSource.of(properties));
    }

    /**
     * Reads the settings with the configuration grammar of {@link dev.cascade.config}: module {@code resolver},
     * so {@code secretExpireAfterWrite} is also {@code cascade.resolver.secretExpireAfterWrite} or
     * {@code CASCADE_RESOLVER_SECRET_EXPIRE_AFTER_WRITE} with {@link ConfigSource#standard(Map)}.
     *
     * @throws ConfigurationException listing every bad or unknown property at once
     */
    public static ResolverCacheConfig from(ConfigSource source) {
        ConfigProblems problems = new ConfigProblems("resolver cache configuration");
        ConfigReader r = new ConfigReader(source.properties("resolver", PROPERTIES, Set.of()), problems)
                .rejectUnknown(PROPERTIES, Set.of());
        Builder b = builder();
        r.whole("namespaceCacheSize").ifPresent(b::namespaceCacheSize);
        r.duration("namespaceExpireAfterWrite").ifPresent(b::namespaceExpireAfterWrite);
        r.whole("secretCacheSize").ifPresent(b::secretCacheSize);
        r.duration("secretExpireAfterWrite").ifPresent(b::secretExpireAfterWrite);
        r.duration("secretRefreshAhead").ifPresent(b::secretRefreshAhead);
        r.duration("secretStaleIfError").ifPresent(b::secretStaleIfError);
        r.duration("secretNegativeTtl").ifPresent(b::secretNegativeTtl);
        r.duration("backendTimeout").ifPresent(b::backendTimeout);
        r.whole("templateCacheSize").ifPresent(b::templateCacheSize);
        r.integer("maxRenderedChars", 1, Integer.MAX_VALUE).ifPresent(b::maxRenderedChars);
        r.integer("maskMinLength", 1, Integer.MAX_VALUE).ifPresent(b::maskMinLength);
        r.whole("planCacheSize").ifPresent(b::planCacheSize);
        r.whole("templateCacheMaxChars").ifPresent(b::templateCacheMaxChars);
        r.whole("maxTemplateSteps").ifPresent(b::maxTemplateSteps);
        r.whole("maxRangeLength").ifPresent(b::maxRangeLength);
        r.integer("maxRenderDepth", 1, Integer.MAX_VALUE).ifPresent(b::maxRenderDepth);
        r.integer("secretPrefetchMaxKeys", 0, MAX_PREFETCH_KEYS).ifPresent(b::secretPrefetchMaxKeys);
        problems.throwIfAny();
        return b.build();
    }

    /** Builder with the documented defaults; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private long namespaceCacheSize = 10_000;
        private Duration namespaceExpireAfterWrite = Duration.ofMinutes(10);
        private long secretCacheSize = 10_000;
        private Duration secretExpireAfterWrite = Duration.ofMinutes(5);
        private Duration secretRefreshAhead = Duration.ofMinutes(4);
        private Duration secretStaleIfError = Duration.ofMinutes(10);
        private Duration secretNegativeTtl = Duration.ofSeconds(10);
        private Duration backendTimeout = Duration.ofSeconds(10);
        private long templateCacheSize = 10_000;
        private int maxRenderedChars = 1_000_000;
        private int maskMinLength = 4;
        private long planCacheSize = 10_000;
        private long templateCacheMaxChars = 8_000_000;
        private long maxTemplateSteps = 5_000_000;
        private long maxRangeLength = 100_000;
        private int maxRenderDepth = 16;
        private int secretPrefetchMaxKeys = 64;

        public Builder namespaceCacheSize(long v) {
            this.namespaceCacheSize = v;
            return this;
        }

        public Builder namespaceExpireAfterWrite(Duration v) {
            this.namespaceExpireAfterWrite = v;
            return this;
        }

        public Builder secretCacheSize(long v) {
            this.secretCacheSize = v;
            return this;
        }

        public Builder secretExpireAfterWrite(Duration v) {
            this.secretExpireAfterWrite = v;
            return this;
        }

        public Builder secretRefreshAhead(Duration v) {
            this.secretRefreshAhead = v;
            return this;
        }

        public Builder secretStaleIfError(Duration v) {
            this.secretStaleIfError = v;
            return this;
        }

        public Builder secretNegativeTtl(Duration v) {
            this.secretNegativeTtl = v;
            return this;
        }

        public Builder backendTimeout(Duration v) {
            this.backendTimeout = v;
            return this;
        }

        public Builder templateCacheSize(long v) {
            this.templateCacheSize = v;
            return this;
        }

        public Builder maxRenderedChars(int v) {
            this.maxRenderedChars = v;
            return this;
        }

        public Builder maskMinLength(int v) {
            this.maskMinLength = v;
            return this;
        }

        public Builder planCacheSize(long v) {
            this.planCacheSize = v;
            return this;
        }

        public Builder templateCacheMaxChars(long v) {
            this.templateCacheMaxChars = v;
            return this;
        }

        public Builder maxTemplateSteps(long v) {
            this.maxTemplateSteps = v;
            return this;
        }

        public Builder maxRangeLength(long v) {
            this.maxRangeLength = v;
            return this;
        }

        public Builder maxRenderDepth(int v) {
            this.maxRenderDepth = v;
            return this;
        }

        public Builder secretPrefetchMaxKeys(int v) {
            this.secretPrefetchMaxKeys = v;
            return this;
        }

        public ResolverCacheConfig build() {
            return new ResolverCacheConfig(namespaceCacheSize, namespaceExpireAfterWrite, secretCacheSize,
                    secretExpireAfterWrite, secretRefreshAhead, secretStaleIfError, secretNegativeTtl, backendTimeout,
                    templateCacheSize, maxRenderedChars, maskMinLength, planCacheSize, templateCacheMaxChars,
                    maxTemplateSteps, maxRangeLength, maxRenderDepth, secretPrefetchMaxKeys);
        }
    }
}
