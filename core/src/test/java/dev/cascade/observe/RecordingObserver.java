package dev.cascade.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event, as text lines and as the events themselves. Thread-safe. */
public final class RecordingObserver implements CascadeObserver {
    public final List<BackendCall> calls = new CopyOnWriteArrayList<>();
    /** "operation outcome error" per ended backend call, in order. */
    public final List<String> callEnds = new CopyOnWriteArrayList<>();
    public final List<Resolution> resolutions = new CopyOnWriteArrayList<>();
    public final List<String> resolutionEnds = new CopyOnWriteArrayList<>();
    public final List<CacheEvent> cacheEvents = new CopyOnWriteArrayList<>();
    public final List<TemplateFailure> templateFailures = new CopyOnWriteArrayList<>();
    public final List<AccessDenial> denials = new CopyOnWriteArrayList<>();
    private final boolean keys;

    public RecordingObserver() {
        this(false);
    }

    public RecordingObserver(boolean keys) {
        this.keys = keys;
    }

    @Override
    public boolean includeSecretKeys() {
        return keys;
    }

    @Override
    public ObservedCall backendCall(BackendCall call) {
        calls.add(call);
        return (outcome, error, nanos) -> {
            if (nanos < 0) {
                throw new AssertionError("negative duration");
            }
            callEnds.add(call.operation() + " " + outcome + (error == null ? "" : " " + error));
        };
    }

    @Override
    public ObservedCall resolution(Resolution resolution) {
        resolutions.add(resolution);
        return (outcome, error, nanos) -> resolutionEnds.add(resolution.operation() + " " + outcome
                + (error == null ? "" : " " + error));
    }

    @Override
    public void cacheEvent(CacheEvent event) {
        cacheEvents.add(event);
    }

    @Override
    public void templateFailure(TemplateFailure failure) {
        templateFailures.add(failure);
    }

    @Override
    public void accessDenied(AccessDenial denial) {
        denials.add(denial);
    }

    public List<String> cacheEventTexts() {
        return cacheEvents.stream().map(e -> e.cache() + " " + e.kind() + " " + e.namespace()
                + (e.store() == null ? "" : " " + e.store()) + (e.key() == null ? "" : " " + e.key())
                + " " + e.outcome()).toList();
    }
}
