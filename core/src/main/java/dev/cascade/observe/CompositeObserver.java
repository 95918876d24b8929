package dev.cascade.observe;

import java.util.List;

/** Forwards to several observers; built by {@link CascadeObserver#composite}. Thread-safe. */
final class CompositeObserver implements CascadeObserver {
    private final List<CascadeObserver> observers;
    private final boolean anyKeys;

    CompositeObserver(List<CascadeObserver> observers) {
        this.observers = List.copyOf(observers);
        this.anyKeys = this.observers.stream().anyMatch(CascadeObserver::includeSecretKeys);
    }

    @Override
    public boolean includeSecretKeys() {
        return anyKeys;
    }

    @Override
    public ObservedCall backendCall(BackendCall call) {
        ObservedCall[] calls = new ObservedCall[observers.size()];
        for (int i = 0; i < calls.length; i++) {
            CascadeObserver o = observers.get(i);
            calls[i] = o.backendCall(o.includeSecretKeys() || call.key() == null ? call
                    : new BackendCall(call.store(), call.kind(), call.operation(), call.tenant(), call.namespace(), null));
        }
        return all(calls);
    }

    @Override
    public ObservedCall resolution(Resolution resolution) {
        ObservedCall[] calls = new ObservedCall[observers.size()];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = observers.get(i).resolution(resolution);
        }
        return all(calls);
    }

    private static ObservedCall all(ObservedCall[] calls) {
        return (outcome, error, nanos) -> {
            for (ObservedCall c : calls) {
                c.end(outcome, error, nanos);
            }
        };
    }

    @Override
    public void cacheEvent(CacheEvent event) {
        for (CascadeObserver o : observers) {
            o.cacheEvent(o.includeSecretKeys() || event.key() == null ? event : new CacheEvent(event.cache(),
                    event.kind(), event.tenant(), event.namespace(), event.store(), null, event.outcome(),
                    event.durationNanos()));
        }
    }

    @Override
    public void templateFailure(TemplateFailure failure) {
        for (CascadeObserver o : observers) {
            o.templateFailure(failure);
        }
    }

    @Override
    public void accessDenied(AccessDenial denial) {
        for (CascadeObserver o : observers) {
            o.accessDenied(denial);
        }
    }

    @Override
    public String toString() {
        return "CompositeObserver" + observers;
    }
}
