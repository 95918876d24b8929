package dev.cascade.secret;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretMaskerTest {
    @Test
    void overlappingValuesLeaveNoFragment() {
        SecretMasker m = SecretMasker.of(4, List.of("abcdef", "defxyz"));
        assertThat(m.mask("token=abcdefxyz;")).isEqualTo("token=******;");
        assertThat(m.mask("x defxyzabcdef y")).isEqualTo("x ****** y");
        String untouched = "nothing to hide here";
        assertThat(m.mask(untouched)).isSameAs(untouched);
    }

    @Test
    void masksValueUrlEncodedAndBase64Forms() {
        String v = "p@ss word/+=é";
        SecretMasker m = SecretMasker.of(4, List.of(v));
        String url = URLEncoder.encode(v, StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8));
        String b64url = Base64.getUrlEncoder().withoutPadding().encodeToString(v.getBytes(StandardCharsets.UTF_8));
        String line = "raw=" + v + " url=" + url + " b64=" + b64 + " b64url=" + b64url;
        assertThat(m.mask(line)).isEqualTo("raw=****** url=****** b64=****** b64url=******");
    }

    @Test
    void shortValuesAreNotMasked() {
        SecretMasker m = SecretMasker.of(4, List.of("abc", "abcd"));
        assertThat(m.mask("abc abcd abcde")).isEqualTo("abc ****** ******e");
        assertThat(m.withMinLength(1).mask("abc")).isEqualTo("******");
        assertThat(SecretMasker.of(8, List.of("abcd")).mask("abcd")).isEqualTo("abcd");
    }

    @Test
    void sizeCountsDistinctRecordedValuesAndMinLengthIsKept() {
        SecretMasker m = SecretMasker.of(5, java.util.Arrays.asList("abc", "abcdef", "abc", "", null));
        assertThat(m.size()).isEqualTo(2); // duplicates, empty and null are not recorded; short ones are
        assertThat(m.isEmpty()).isFalse();
        assertThat(m.minLength()).isEqualTo(5);
        assertThat(m.toString()).contains("2 value(s)").contains("minLength=5").doesNotContain("abc");
        SecretMasker lower = m.withMinLength(3);
        assertThat(lower.minLength()).isEqualTo(3);
        assertThat(lower.mask("abc abcdef")).isEqualTo("****** ******");
        assertThat(m.mask("abc abcdef")).isEqualTo("abc ******");

        SecretMasker none = SecretMasker.of(7, java.util.Arrays.asList("", null));
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.size()).isZero();
        assertThat(none.minLength()).isEqualTo(7);
        assertThat(SecretMasker.of(4, List.of("")).isEmpty()).isTrue();
        assertThat(SecretMasker.of(4, java.util.Collections.singletonList(null)).isEmpty()).isTrue();
        assertThat(SecretMasker.of(1, List.of("x")).mask("axb")).isEqualTo("a******b");
        assertThat(SecretMasker.of(4, List.of("abcd")).mask(null)).isNull();
    }

    @Test
    void mergeKeepsTheSmallerMinimumLength() {
        SecretMasker strict = SecretMasker.of(6, List.of("abcd"));
        SecretMasker loose = SecretMasker.of(4, List.of("wxyz"));
        SecretMasker merged = strict.merge(loose);
        assertThat(merged.minLength()).isEqualTo(4);
        assertThat(merged.size()).isEqualTo(2);
        assertThat(merged.mask("abcd wxyz")).isEqualTo("****** ******"); // abcd now long enough
        assertThat(loose.merge(strict).minLength()).isEqualTo(4);

        // merging with an empty masker of another minimum length still applies that length
        SecretMasker emptyLoose = SecretMasker.of(2, List.of());
        assertThat(strict.merge(emptyLoose).minLength()).isEqualTo(2);
        assertThat(strict.merge(emptyLoose).mask("abcd")).isEqualTo("******");
        assertThat(emptyLoose.merge(strict).minLength()).isEqualTo(2);
        assertThat(emptyLoose.merge(strict).mask("abcd")).isEqualTo("******");
        assertThat(strict.merge(SecretMasker.of(6, List.of())).mask("abcd abcdefgh")).isEqualTo("abcd abcdefgh");
        assertThat(strict.merge(SecretMasker.of(6, List.of("abcd"))).size()).isEqualTo(1);
        assertThat(SecretMasker.of(6, List.of()).merge(SecretMasker.of(6, List.of("abcdefg"))).mask("x abcdefg"))
                .isEqualTo("x ******");
    }

    @Test
    void longerValuesAreMaskedBeforeTheirPrefixes() {
        SecretMasker m = SecretMasker.of(4, List.of("secret", "secret-extended"));
        assertThat(m.mask("x secret-extended y")).isEqualTo("x ****** y");
    }

    @Test
    void toStringShowsNoValueAndMergeCombines() {
        SecretMasker a = SecretMasker.of(4, List.of("alpha-value"));
        SecretMasker b = SecretMasker.of(4, List.of("beta-value"));
        assertThat(a.toString()).doesNotContain("alpha").contains("1 value");
        assertThat(a.merge(b).mask("alpha-value beta-value")).isEqualTo("****** ******");
        assertThat(SecretMasker.EMPTY.mask("anything")).isEqualTo("anything");
        assertThatThrownBy(() -> SecretMasker.of(0, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void threadSafe() throws Exception {
        SecretMasker m = SecretMasker.of(4, List.of("concurrent-secret"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> m.mask("x concurrent-secret y")));
            }
            for (Future<String> fu : futures) {
                assertThat(fu.get()).isEqualTo("x ****** y");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Property(tries = 200)
    void noRecordedValueSurvivesMasking(@ForAll @AlphaChars @NumericChars @StringLength(min = 4, max = 20) String value,
                                        @ForAll @StringLength(max = 20) String before,
                                        @ForAll @StringLength(max = 20) String after) {
        SecretMasker m = SecretMasker.of(4, List.of(value));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> forms = List.of(value, URLEncoder.encode(value, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(bytes), Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        for (String form : forms) {
            // no form contains '*', so what survives masking cannot re-form one across a mask
            String masked = m.mask(before + form + after);
            assertThat(masked).contains(SecretMasker.MASK).doesNotContain(value).doesNotContain(form);
        }
    }

    @Property(tries = 200)
    void noRecordedValueWithAnyCharactersSurvivesMasking(@ForAll @StringLength(min = 4, max = 20) String value,
                                                         @ForAll @AlphaChars @StringLength(max = 10) String before) {
        Assume.that(!value.contains("*")); // the mask itself is made of '*'
        SecretMasker m = SecretMasker.of(4, List.of(value));
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        String masked = m.mask(before + value + " " + url + " " + b64);
        assertThat(masked).doesNotContain(value).doesNotContain(url).doesNotContain(b64);
    }
}
