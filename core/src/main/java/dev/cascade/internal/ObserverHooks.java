package dev.cascade.internal;

import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.cascade.AccessDeniedException;
import dev.cascade.access.Action;
import dev.cascade.access.Permission;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.observe.AccessDenial;
import dev.cascade.observe.BackendCall;
import dev.cascade.observe.CacheEvent;
import dev.cascade.observe.CascadeObserver;
import dev.cascade.observe.ObservedCall;
import dev.cascade.observe.Outcome;
import dev.cascade.observe.Resolution;
import dev.cascade.observe.TemplateFailure;
import dev.cascade.template.TemplateRenderException;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Calls a {@link CascadeObserver}'s hooks, one method per event, so the code that emits events stays one line per
 * event. Every method first checks a final field: with no observer installed it does nothing, allocates nothing
 * and reads no clock. Thread-safe. Not API.
 */
public final class ObserverHooks {
    /** No observer. */
    public static final ObserverHooks NONE = new ObserverHooks(CascadeObserver.none());

    private final CascadeObserver observer;
    private final boolean enabled;
    private final boolean keys;

    private ObserverHooks(CascadeObserver observer) {
        this.observer = observer;
        this.enabled = observer.isEnabled();
        this.keys = enabled && observer.includeSecretKeys();
    }

    public static ObserverHooks of(CascadeObserver observer) {
        return Objects.requireNonNull(observer, "observer").isEnabled() ? new ObserverHooks(observer) : NONE;
    }

    public boolean enabled() {
        return enabled;
    }

    public CascadeObserver observer() {
        return observer;
    }

    /** The clock a timed event starts from; 0 (and no clock read) when nothing listens. */
    public long start() {
        return enabled ? System.nanoTime() : 0L;
    }

    /** Runs one backend call, timed and reported (or just runs it when nothing listens). */
    <T> T backend(String store, BackendCall.StoreKind kind, String operation, TenantId tenant, NamespaceId namespace,
                  Object key, Supplier<T> body) {
        if (!enabled) {
            return body.get();
        }
        ObservedCall call = observer.backendCall(new BackendCall(store, kind, operation, text(tenant), text(namespace),
                keys && kind == BackendCall.StoreKind.SECRET_STORE && key != null ? key.toString() : null));
        long start = System.nanoTime();
        T result;
        try {
            result = body.get();
        } catch (RuntimeException | Error e) {
            call.end(Outcome.of(e), e.getClass().getSimpleName(), System.nanoTime() - start);
            throw e;
        }
        call.end(Outcome.SUCCESS, null, System.nanoTime() - start);
        return result;
    }

    /**
     * Runs one resolver entry point, timed and reported, and reports a template failure or an access denial it
     * throws. Call only when {@link #enabled()}.
     */
    public <T> T resolution(Resolution.Operation operation, TenantId tenant, NamespaceId namespace, Supplier<T> body) {
        String t = text(tenant);
        String n = text(namespace);
        ObservedCall call = observer.resolution(new Resolution(operation, t, n));
        long start = System.nanoTime();
        T result;
        try {
            result = body.get();
        } catch (RuntimeException | Error e) {
            long elapsed = System.nanoTime() - start;
            if (e instanceof TemplateRenderException tre) {
                observer.templateFailure(new TemplateFailure(tre.kind(), t, n));
            } else if (e instanceof AccessDeniedException) {
                // the resolver denies one thing: secret(..., namespace=) into a namespace that does not allow it
                observer.accessDenied(new AccessDenial(AccessDenial.Source.RESOLVER, t, n, Permission.SECRET, Action.READ));
            }
            call.end(Outcome.of(e), e.getClass().getSimpleName(), elapsed);
            throw e;
        }
        call.end(Outcome.SUCCESS, null, System.nanoTime() - start);
        return result;
    }

    /** A load or refresh that began at {@code start} (from {@link #start()}) ended, with {@code failure} or null. */
    public void loaded(CacheEvent.Cache cache, CacheEvent.Kind kind, TenantId tenant, NamespaceId namespace,
                       String store, Object key, long start, Throwable failure) {
        if (enabled) {
            observer.cacheEvent(new CacheEvent(cache, kind, text(tenant), text(namespace), store, key(key),
                    Outcome.of(failure), System.nanoTime() - start));
        }
    }

    /** A stale value was served. */
    public void staleServed(TenantId tenant, NamespaceId namespace, String store, Object key) {
        if (enabled) {
            observer.cacheEvent(new CacheEvent(CacheEvent.Cache.SECRET, CacheEvent.Kind.STALE_SERVED, text(tenant),
                    text(namespace), store, key(key), Outcome.SUCCESS, 0));
        }
    }

    /** An entry was evicted (size or lifetime); Caffeine's eviction listener. */
    public void evicted(CacheEvent.Cache cache, TenantId tenant, NamespaceId namespace, String store, Object key,
                        RemovalCause cause) {
        if (enabled && cause != null && cause.wasEvicted()) {
            observer.cacheEvent(new CacheEvent(cache, CacheEvent.Kind.EVICTION, text(tenant), text(namespace), store,
                    key(key), Outcome.SUCCESS, 0));
        }
    }

    /** The management facade denied an access. */
    public void denied(TenantId tenant, NamespaceId namespace, Permission permission, Action action) {
        if (enabled) {
            observer.accessDenied(new AccessDenial(AccessDenial.Source.MANAGEMENT, text(tenant), text(namespace),
                    permission, action));
        }
    }

    private String key(Object key) {
        return keys && key != null ? key.toString() : null;
    }

    private static String text(Object id) {
        return id == null ? null : id.toString();
    }

    @Override
    public String toString() {
        return "ObserverHooks[" + observer + "]";
    }
}
