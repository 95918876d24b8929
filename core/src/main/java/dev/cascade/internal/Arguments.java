package dev.cascade.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Collections;

/**
 * Copies of collections handed to the API, refusing {@code null} elements with a message that names the
 * argument and the position (instead of the bare {@link NullPointerException} of {@code List.copyOf} or a
 * backend error later). Not API.
 */
public final class Arguments {
    private Arguments() {
    }

    /** An immutable copy of {@code list}; {@code null} is an empty list, a {@code null} element is refused. */
    public static <T> List<T> listWithoutNulls(Collection<? extends T> list, String argument) {
        if (list == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(list.size());
        int i = 0;
        for (T item : list) {
            if (item == null) {
                throw new IllegalArgumentException(argument + "[" + i + "] is null; " + argument
                        + " must not contain null elements");
            }
            copy.add(item);
            i++;
        }
        return Collections.unmodifiableList(copy);
    }

    /** An immutable copy of {@code set}; {@code null} is an empty set, a {@code null} element is refused. */
    public static <T> Set<T> setWithoutNulls(Collection<? extends T> set, String argument) {
        if (set == null) {
            return Set.of();
        }
        for (T item : set) {
            if (item == null) {
                throw new IllegalArgumentException(argument + " contains a null element; " + argument
                        + " must not contain null elements");
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }
}
