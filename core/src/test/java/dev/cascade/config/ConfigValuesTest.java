package dev.cascade.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValuesTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S", "10s, PT10S", "10S, PT10S", "10 s, PT10S", "1h, PT1H", "1H, PT1H", "5m, PT5M",
            "2d, PT48H", "1.5s, PT1.5S", "250us, PT0.00025S", "7ns, PT0.000000007S", "0s, PT0S",
            "PT10S, PT10S", "pt0.5s, PT0.5S", "P1D, PT24H", "' 2s ', PT2S", "10MS, PT0.01S"
    })
    void durationsAcceptShortUnitsInAnyCaseAndIso8601(String text, String iso) {
        assertThat(ConfigValues.duration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "soon | is not a duration such as 500ms, 10s, 5m, 1h or PT10S",
            "10 | has no unit (write 500ms, 10s, 5m, 1h or PT10S)",
            "10y | has an unknown unit 'y' (units: ns, us, ms, s, m, h, d)",
            "PT-1S | must not be negative",
            "-5s | is not a duration such as 500ms, 10s, 5m, 1h or PT10S",
            "PTXS | is not a duration such as 500ms, 10s, 5m, 1h or PT10S",
            "0.5ns | is finer than a nanosecond",
            "99999999999999999999d | is too long (at most about 292 years)",
            "'' | is empty"
    })
    void badDurationsSayWhy(String text, String reason) {
        assertThatThrownBy(() -> ConfigValues.duration(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @Test
    void nullIsEmpty() {
        assertThatThrownBy(() -> ConfigValues.duration(null)).hasMessage("is empty");
        assertThatThrownBy(() -> ConfigValues.bool(null)).hasMessage("is empty");
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "512b, 512", "64KB, 65536", "64kib, 65536", "10MB, 10485760", "1GiB, 1073741824",
            "2 mb, 2097152", "1t, 1099511627776"})
    void sizesAreBytesWithBinaryUnits(String text, long bytes) {
        assertThat(ConfigValues.size(text)).isEqualTo(bytes);
    }

    @Test
    void badSizesSayWhy() {
        assertThatThrownBy(() -> ConfigValues.size("lots")).hasMessage("is not a size such as 512, 64KB, 10MB or 1GiB");
        assertThatThrownBy(() -> ConfigValues.size("5 parsecs")).hasMessage("has an unknown unit 'parsecs' (units: B, KB, MB, GB, TB)");
        assertThatThrownBy(() -> ConfigValues.size("9999999TB")).hasMessage("is too large");
        assertThatThrownBy(() -> ConfigValues.size("99999999999999999999")).hasMessage("is too large");
        assertThatThrownBy(() -> ConfigValues.size("-1")).hasMessage("is not a size such as 512, 64KB, 10MB or 1GiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " True "})
    void trueInAnyCase(String text) {
        assertThat(ConfigValues.bool(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "t"})
    void onlyTrueOrFalseAreBooleans(String text) {
        assertThatThrownBy(() -> ConfigValues.bool(text)).hasMessage("must be true or false");
    }

    @Test
    void wholeNumbersListsAndRanges() {
        assertThat(ConfigValues.whole("10_000")).isEqualTo(10_000L);
        assertThat(ConfigValues.whole("-3")).isEqualTo(-3L);
        assertThatThrownBy(() -> ConfigValues.whole("1.5")).hasMessage("is not a whole number");
        assertThatThrownBy(() -> ConfigValues.whole("99999999999999999999")).hasMessage("is too large");
        assertThat(ConfigValues.integer("7", 1, 10)).isEqualTo(7);
        assertThatThrownBy(() -> ConfigValues.integer("0", 1, 10)).hasMessage("must be between 1 and 10");
        assertThat(ConfigValues.list(" a, b ,,c ")).containsExactly("a", "b", "c");
        assertThat(ConfigValues.list("")).isEmpty();
        assertThat(ConfigValues.list(null)).isEqualTo(List.of());
    }
}
