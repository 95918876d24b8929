package dev.cascade.management;

import dev.cascade.namespace.NamespaceId;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ManagementSession#apply} did, namespace by namespace. Immutable and thread-safe.
 *
 * @param outcomes one per planned change that was not {@link NamespacePlan.Action#NONE}, in plan order
 */
public record ApplyResult(List<Outcome> outcomes) {
    /** How one namespace's change ended. */
    public enum Status {
        /** Every write of the change was made. */
        APPLIED,
        /** Something changed since the plan; nothing of this namespace's change was written. */
        CONFLICT,
        /** A write failed (access denied, backend failure); the message says which, and what was written. */
        FAILED
    }

    /**
     * @param id      the namespace
     * @param status  applied, conflict or failed
     * @param done    what was written, in order ("created namespace", "variables v3", "secret GITHUB_TOKEN added")
     * @param message why it conflicted or failed; empty when applied
     */
    public record Outcome(NamespaceId id, Status status, List<String> done, String message) {
        public Outcome {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            done = List.copyOf(done);
            Objects.requireNonNull(message, "message");
        }
    }

    public ApplyResult {
        outcomes = List.copyOf(outcomes);
    }

    /** Whether every change was applied. */
    public boolean succeeded() {
        return outcomes.stream().allMatch(o -> o.status() == Status.APPLIED);
    }
}
