package dev.cascade.internal.template;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Did you mean …?" for a missing filter, function, test or tag (semantics.md, "Errors": "filter 'uper' does
 * not exist; did you mean 'upper'?"): the same name in another case first, otherwise the closest names (a swap
 * of two neighbouring letters is one typo), at most three, and nothing when no name is near. How near is near
 * grows with the name: one typo up to four letters, two up to eight, three beyond.
 */
class NameSuggestionsTest {
    @Test
    void oneTypoAwayIsSuggested() {
        assertThat(NameSuggestions.suggest("uper", List.of("lower", "upper", "trim")))
                .isEqualTo("; did you mean 'upper'?");
        assertThat(NameSuggestions.suggest("rnage", List.of("range", "raw", "max"))).isEqualTo("; did you mean 'range'?");
        assertThat(NameSuggestions.suggest("zzzzzzzz", List.of("upper", "lower"))).isEmpty();
        assertThat(NameSuggestions.suggest("x", List.of())).isEmpty();
    }

    @Test
    void theSameNameInAnotherCaseComesFirst() {
        assertThat(NameSuggestions.suggest("UPPER", List.of("upper", "uppe", "lower"))).isEqualTo("; did you mean 'upper'?");
        assertThat(NameSuggestions.suggest("NUMBERFORMAT", List.of("numberformat", "numberFormat", "numberformats")))
                .contains("'numberformat'").contains("'numberFormat'").doesNotContain("'numberformats'");
    }

    @Test
    void howNearIsNearGrowsWithTheName() {
        // up to four letters: one typo
        assertThat(NameSuggestions.suggest("abcd", List.of("abxd"))).isEqualTo("; did you mean 'abxd'?");
        assertThat(NameSuggestions.suggest("abcd", List.of("abxy"))).isEmpty();
        // five to eight letters: two
        assertThat(NameSuggestions.suggest("abcde", List.of("abxye"))).isEqualTo("; did you mean 'abxye'?");
        assertThat(NameSuggestions.suggest("abcde", List.of("axyze"))).isEmpty();
        assertThat(NameSuggestions.suggest("abcdefgh", List.of("abcdefxy"))).isEqualTo("; did you mean 'abcdefxy'?");
        assertThat(NameSuggestions.suggest("abcdefgh", List.of("abcdexyz"))).isEmpty();
        // nine letters and more: three, never more
        assertThat(NameSuggestions.suggest("abcdefghi", List.of("abcdefxyz"))).isEqualTo("; did you mean 'abcdefxyz'?");
        assertThat(NameSuggestions.suggest("abcdefghi", List.of("abcdewxyz"))).isEmpty();
        assertThat(NameSuggestions.suggest("abcdefghijkl", List.of("abcdefghwxyz"))).isEmpty();
        assertThat(NameSuggestions.suggest("abcdefghijkl", List.of("abcdefghixyz"))).isEqualTo("; did you mean 'abcdefghixyz'?");
    }

    @Test
    void theClosestNamesWinAndAtMostThreeAreListed() {
        assertThat(NameSuggestions.suggest("abcd", List.of("abch", "abce", "abcg", "abcf")))
                .isEqualTo("; did you mean 'abce', 'abcf' or 'abcg'?");
        assertThat(NameSuggestions.suggest("abcd", List.of("abce", "abcf"))).isEqualTo("; did you mean 'abce' or 'abcf'?");
        // a farther name met first is dropped when a closer one comes
        assertThat(NameSuggestions.suggest("mnopqr", List.of("mnaxqr", "mnopqs"))).isEqualTo("; did you mean 'mnopqs'?");
        assertThat(NameSuggestions.suggest("mnopqr", List.of("mnaxqr", "mnbxqr"))).isEqualTo("; did you mean 'mnaxqr' or 'mnbxqr'?");
    }

    @Test
    void distanceCountsInsertionsDeletionsChangesAndSwaps() {
        assertThat(NameSuggestions.distance("abc", "abc", 3)).isZero();
        assertThat(NameSuggestions.distance("ab", "ba", 3)).isEqualTo(1);
        assertThat(NameSuggestions.distance("abcd", "acbd", 3)).isEqualTo(1);
        assertThat(NameSuggestions.distance("abc", "abcd", 3)).isEqualTo(1);
        assertThat(NameSuggestions.distance("abcd", "abc", 3)).isEqualTo(1);
        assertThat(NameSuggestions.distance("abc", "axc", 3)).isEqualTo(1);
        assertThat(NameSuggestions.distance("", "abc", 3)).isEqualTo(3);
        assertThat(NameSuggestions.distance("abc", "", 3)).isEqualTo(3);
        assertThat(NameSuggestions.distance("kitten", "sitting", 5)).isEqualTo(3);
        // past the limit: limit + 1, without computing
        assertThat(NameSuggestions.distance("kitten", "sitting", 2)).isEqualTo(3);
        assertThat(NameSuggestions.distance("a", "abcdef", 2)).isEqualTo(3);
        assertThat(NameSuggestions.distance("abcdef", "a", 4)).isEqualTo(5);
        assertThat(NameSuggestions.distance("a".repeat(65), "a".repeat(65), 2)).isEqualTo(3);
        assertThat(NameSuggestions.distance("a".repeat(64), "a".repeat(64), 2)).isZero();
    }
}
