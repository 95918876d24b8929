package dev.cascade.micrometer;

import dev.cascade.resolve.Resolver;
import dev.cascade.resolve.ResolverStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds a resolver's cache statistics ({@link Resolver#stats()}) to a {@link MeterRegistry}, like Micrometer's
 * Caffeine binder: per cache ({@code namespace}, {@code secret}, {@code secret_keys}, {@code template},
 * {@code plan}) the gauge
 * {@code cascade.cache.size}, the function counters {@code cascade.cache.gets} (tag {@code result} {@code hit} or
 * {@code miss}) and {@code cascade.cache.evictions}. Meters read the statistics when they are published; nothing
 * runs in between.
 *
 * <p><b>Thread-safety:</b> immutable; binding is safe from any thread.
 */
public final class CascadeCacheMetrics implements MeterBinder {
    /** Gauge: approximate entries of one cache. */
    public static final String SIZE = "cascade.cache.size";
    /** Function counter: lookups, tag {@code result} hit or miss. */
    public static final String GETS = "cascade.cache.gets";
    /** Function counter: entries evicted for size or lifetime. */
    public static final String EVICTIONS = "cascade.cache.evictions";

    private final Resolver resolver;
    private final Tags tags;

    public CascadeCacheMetrics(Resolver resolver) {
        this(resolver, Tags.empty());
    }

    /** With {@code tags} added to every meter (an instance name when a host runs several resolvers). */
    public CascadeCacheMetrics(Resolver resolver, Iterable<Tag> tags) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bind(registry, "namespace", ResolverStats::namespaces);
        bind(registry, "secret", ResolverStats::secrets);
        bind(registry, "secret_keys", ResolverStats::secretKeySets);
        bind(registry, "template", ResolverStats::templates);
        bind(registry, "plan", ResolverStats::plans);
    }

    private void bind(MeterRegistry registry, String cache, Function<ResolverStats, ResolverStats.CacheCounters> pick) {
        Tags t = tags.and("cache", cache);
        Gauge.builder(SIZE, resolver, value(pick, ResolverStats.CacheCounters::size)).tags(t)
                .description("Approximate number of entries in the cache").register(registry);
        FunctionCounter.builder(GETS, resolver, value(pick, ResolverStats.CacheCounters::hits)).tags(t).tag("result", "hit")
                .description("Lookups served from the cache").register(registry);
        FunctionCounter.builder(GETS, resolver, value(pick, ResolverStats.CacheCounters::misses)).tags(t).tag("result", "miss")
                .description("Lookups that loaded from a backend").register(registry);
        FunctionCounter.builder(EVICTIONS, resolver, value(pick, ResolverStats.CacheCounters::evictions)).tags(t)
                .description("Entries evicted for size or lifetime").register(registry);
    }

    private static ToDoubleFunction<Resolver> value(Function<ResolverStats, ResolverStats.CacheCounters> pick,
                                                   ToLongFunction<ResolverStats.CacheCounters> field) {
        return r -> field.applyAsLong(pick.apply(r.stats()));
    }
}
