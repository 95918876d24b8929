package dev.cascade.internal;

import dev.cascade.InvalidDocumentException;

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
        int i = 0;
        for (T item : list) {
            if (item == null) {
                throw new IllegalArgumentException(argument + "[" + i + "] is null; " + argument
                        + " must not contain null elements");
            }
            i++;
        }
        // List.copyOf returns an unmodifiable JDK list (List.of, List.copyOf) itself: callers that remember a
        // list by identity (flow rules) then see the host's own list again on the next call
        return List.copyOf(list);
    }

    /** The index of the first lone UTF-16 surrogate in {@code s} (text no encoding can store), or -1. */
    public static int firstLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses text holding a lone surrogate with an {@link InvalidDocumentException} naming {@code what} and the
     * position, never the text.
     */
    public static String requireWellFormed(String s, String what) {
        int at = s == null ? -1 : firstLoneSurrogate(s);
        if (at >= 0) {
            throw new InvalidDocumentException(what + " holds a lone UTF-16 surrogate (U+"
                    + String.format("%04X", (int) s.charAt(at)) + " at index " + at + "), which no storage can keep; "
                    + "send well-formed Unicode");
        }
        return s;
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
