package dev.cascade.defaults;

import dev.cascade.InvalidDocumentException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which rule types are accepted, at the edges of every character range and of the length limit. */
class PluginDefaultTypeTest {

    private static void accepted(String type) {
        assertThat(PluginDefault.of(type, Map.of()).type()).as(type).isNotBlank();
    }

    private static void refused(String type) {
        assertThatThrownBy(() -> PluginDefault.of(type, Map.of())).as(type).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void lettersDigitsUnderscoreAndDollarAtTheEdgesOfTheirRanges() {
        accepted("a.z.A.Z._.$");
        accepted("az.AZ.a09.Z9");
        for (String edge : new String[] {"`", "{", "@", "[", "io.`x", "io.x{", "io.@x", "io.x[", "io.x/", "io.x:",
                "io./x", "io.:x", "io.x-y", "io.*", "io.x y"}) {
            refused(edge);
        }
        refused("io.9x"); // a segment starts with a letter, '_' or '$'
        accepted("io.x9");
        accepted("io.x0");
    }

    @Test
    void dotsSeparateNonEmptySegmentsAndOneTrailingDotMeansTheSamePrefix() {
        assertThat(PluginDefault.of("io.kestra.", Map.of()).type()).isEqualTo("io.kestra");
        refused(".io");
        refused("io..kestra");
        refused("io.kestra..");
        assertThatThrownBy(() -> PluginDefault.of(".", Map.of())).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("'.'");
        refused(" ");
    }

    @Test
    void typesUpToTheLengthLimitAreAccepted() {
        String longest = "a".repeat(PluginDefault.MAX_TYPE_LENGTH);
        accepted(longest);
        refused(longest + "a");
    }
}
