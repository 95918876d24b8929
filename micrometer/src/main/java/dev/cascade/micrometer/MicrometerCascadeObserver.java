package dev.cascade.micrometer;

import dev.cascade.observe.AccessDenial;
import dev.cascade.observe.BackendCall;
import dev.cascade.observe.CacheEvent;
import dev.cascade.observe.CascadeObserver;
import dev.cascade.observe.ObservedCall;
import dev.cascade.observe.Outcome;
import dev.cascade.observe.Resolution;
import dev.cascade.observe.TemplateFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CascadeObserver} that reports to Micrometer. Backend calls and resolutions become {@link Observation}s
 * (so the host's observation handlers turn them into timers and, with a tracing bridge, spans; a resolution's
 * backend calls made on the caller's thread are its children); cache loads become timers, and stale answers,
 * refresh failures, access denials and template failures become counters, in the {@link MeterRegistry}.
 *
 * <pre>{@code
 * Cascade cascade = Cascade.builder()
 *         .observer(MicrometerCascadeObserver.builder(observationRegistry, meterRegistry).build())
 *         .build();
 * new CascadeCacheMetrics(cascade.resolver()).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Names and tags are listed in the observability documentation. Tags stay few and bounded: store names,
 * operations, outcomes, exception class names, cache names, permissions, kinds. Namespace and tenant tags are off
 * by default ({@link Builder#namespaceTag}, {@link Builder#tenantTag}); keys and values are never tags.
 *
 * <p><b>Thread-safety:</b> immutable once built and safe for concurrent use.
 */
public final class MicrometerCascadeObserver implements CascadeObserver {
    /** Observation (timer, span) of one backend call. */
    public static final String BACKEND = "cascade.backend";
    /** Observation (timer, span) of one resolution. */
    public static final String RESOLVE = "cascade.resolve";
    /** Timer of cache loads and refreshes. */
    public static final String CACHE_LOAD = "cascade.cache.load";
    /** Counter of stale values served because the backend failed. */
    public static final String STALE_SERVED = "cascade.cache.stale.served";
    /** Counter of failed refreshes. */
    public static final String REFRESH_FAILURES = "cascade.cache.refresh.failures";
    /** Counter of access denials. */
    public static final String DENIALS = "cascade.access.denials";
    /** Counter of template failures. */
    public static final String TEMPLATE_ERRORS = "cascade.template.errors";

    private final ObservationRegistry observations;
    private final MeterRegistry meters;
    private final boolean namespaceTag;
    private final boolean tenantTag;
    private final Tags common;

    private MicrometerCascadeObserver(Builder b) {
        this.observations = b.observations;
        this.meters = b.meters;
        this.namespaceTag = b.namespaceTag;
        this.tenantTag = b.tenantTag;
        this.common = b.tags;
    }

    /**
     * A builder reporting observations to {@code observations} and counters and cache timers to {@code meters}.
     * For observations to become timers, {@code observations} needs a meter handler (Spring Boot installs one);
     * {@link #builder(MeterRegistry)} sets one up.
     */
    public static Builder builder(ObservationRegistry observations, MeterRegistry meters) {
        return new Builder(observations, meters);
    }

    /**
     * A builder for a host without its own observation setup: observations are handled by a {@link
     * DefaultMeterObservationHandler} on {@code meters} (timers only, no spans).
     */
    public static Builder builder(MeterRegistry meters) {
        Objects.requireNonNull(meters, "meters");
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return new Builder(registry, meters);
    }

    @Override
    public ObservedCall backendCall(BackendCall call) {
        Observation o = Observation.createNotStarted(BACKEND, observations)
                .contextualName("cascade " + call.store() + " " + call.operation())
                .lowCardinalityKeyValue("store", call.store())
                .lowCardinalityKeyValue("kind", lower(call.kind()))
                .lowCardinalityKeyValue("operation", call.operation());
        scope(o, call.tenant(), call.namespace());
        return started(o);
    }

    @Override
    public ObservedCall resolution(Resolution resolution) {
        Observation o = Observation.createNotStarted(RESOLVE, observations)
                .contextualName("cascade " + lower(resolution.operation()))
                .lowCardinalityKeyValue("operation", lower(resolution.operation()));
        scope(o, resolution.tenant(), resolution.namespace());
        return started(o);
    }

    private void scope(Observation o, String tenant, String namespace) {
        if (tenantTag) {
            o.lowCardinalityKeyValue("tenant", tenant == null ? "none" : tenant);
        }
        if (namespaceTag) {
            o.lowCardinalityKeyValue("namespace", namespace == null ? "none" : namespace);
        }
        for (Tag t : common) {
            o.lowCardinalityKeyValue(t.getKey(), t.getValue());
        }
    }

    private static ObservedCall started(Observation o) {
        o.start();
        Observation.Scope scope = o.openScope();
        return (outcome, error, nanos) -> {
            o.lowCardinalityKeyValue("outcome", lower(outcome));
            o.lowCardinalityKeyValue("exception", error == null ? "none" : error);
            scope.close();
            o.stop();
        };
    }

    @Override
    public void cacheEvent(CacheEvent event) {
        switch (event.kind()) {
            case LOAD, REFRESH -> {
                Timer.builder(CACHE_LOAD).description("Loads and refreshes of Cascade's resolver caches")
                        .tags(common).tag("cache", lower(event.cache())).tag("kind", lower(event.kind()))
                        .tag("outcome", lower(event.outcome())).tags(scopeTags(event.tenant(), event.namespace()))
                        .register(meters).record(event.durationNanos(), TimeUnit.NANOSECONDS);
                if (event.kind() == CacheEvent.Kind.REFRESH && event.outcome() != Outcome.SUCCESS) {
                    Counter.builder(REFRESH_FAILURES).description("Refreshes of cached entries that failed")
                            .tags(common).tag("cache", lower(event.cache())).tag("store", store(event))
                            .tags(scopeTags(event.tenant(), event.namespace())).register(meters).increment();
                }
            }
            case STALE_SERVED -> Counter.builder(STALE_SERVED)
                    .description("Cached secrets served past expiry because their backend failed (stale-if-error)")
                    .tags(common).tag("cache", lower(event.cache())).tag("store", store(event))
                    .tags(scopeTags(event.tenant(), event.namespace())).register(meters).increment();
            case EVICTION -> {
                // counted from the caches' own statistics by CascadeCacheMetrics (cascade.cache.evictions)
            }
        }
    }

    @Override
    public void templateFailure(TemplateFailure failure) {
        Counter.builder(TEMPLATE_ERRORS).description("Resolutions that failed in a template, by kind")
                .tags(common).tag("kind", lower(failure.kind()))
                .tags(scopeTags(failure.tenant(), failure.namespace())).register(meters).increment();
    }

    @Override
    public void accessDenied(AccessDenial denial) {
        Counter.builder(DENIALS).description("Accesses denied, by permission and action")
                .tags(common).tag("source", lower(denial.source())).tag("permission", lower(denial.permission()))
                .tag("action", lower(denial.action())).tags(scopeTags(denial.tenant(), denial.namespace()))
                .register(meters).increment();
    }

    private Tags scopeTags(String tenant, String namespace) {
        Tags t = Tags.empty();
        if (tenantTag) {
            t = t.and("tenant", tenant == null ? "none" : tenant);
        }
        if (namespaceTag) {
            t = t.and("namespace", namespace == null ? "none" : namespace);
        }
        return t;
    }

    private static String store(CacheEvent event) {
        return event.store() == null ? "none" : event.store();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "MicrometerCascadeObserver[namespaceTag=" + namespaceTag + ", tenantTag=" + tenantTag + "]";
    }

    /** Builds a {@link MicrometerCascadeObserver}. Not thread-safe. */
    public static final class Builder {
        private final ObservationRegistry observations;
        private final MeterRegistry meters;
        private boolean namespaceTag;
        private boolean tenantTag;
        private Tags tags = Tags.empty();

        private Builder(ObservationRegistry observations, MeterRegistry meters) {
            this.observations = Objects.requireNonNull(observations, "observations");
            this.meters = Objects.requireNonNull(meters, "meters");
        }

        /**
         * Tags every meter and observation with the namespace (default {@code false}). A host with many namespaces
         * multiplies its time series by their number: turn it on only when they are few.
         */
        public Builder namespaceTag(boolean on) {
            this.namespaceTag = on;
            return this;
        }

        /** Tags every meter and observation with the tenant (default {@code false}). */
        public Builder tenantTag(boolean on) {
            this.tenantTag = on;
            return this;
        }

        /** Tags added to every meter and observation (an instance name, for example). */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        public MicrometerCascadeObserver build() {
            return new MicrometerCascadeObserver(this);
        }
    }
}
