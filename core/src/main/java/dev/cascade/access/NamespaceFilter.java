package dev.cascade.access;

import dev.cascade.namespace.NamespaceId;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which namespaces of one tenant an actor may act on, decided for many namespaces at once (listings). Made by
 * {@link AccessPolicy#namespaceFilter}; used during one call only. Thread-safe when its predicate is.
 */
public interface NamespaceFilter extends Predicate<NamespaceId> {

    /**
     * When the accepted namespaces are exactly some whole subtrees, their roots (possibly none), so that a
     * listing can read only those subtrees; empty when the filter has no such shape (each namespace is tested).
     */
    default Optional<Set<NamespaceId>> subtrees() {
        return Optional.empty();
    }

    /** A filter testing each namespace with {@code test}. */
    static NamespaceFilter of(Predicate<NamespaceId> test) {
        return test::test;
    }

    /** Accepts exactly {@code roots} and their descendants. */
    static NamespaceFilter subtrees(Set<NamespaceId> roots) {
        Set<NamespaceId> copy = Set.copyOf(roots);
        return new NamespaceFilter() {
            @Override
            public boolean test(NamespaceId namespace) {
                for (NamespaceId ancestor : namespace.ancestors()) {
                    if (copy.contains(ancestor)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public Optional<Set<NamespaceId>> subtrees() {
                return Optional.of(copy);
            }
        };
    }
}
