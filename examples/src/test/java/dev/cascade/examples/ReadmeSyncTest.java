package dev.cascade.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The top-level README shows each module's documentation whole; the module files are the source. This
 * fails when one was edited without running {@code scripts/sync-readme}, and pins the two set-up commands.
 */
class ReadmeSyncTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("<!-- BEGIN (\\S+) [^>]*-->\\n(.*?)<!-- END \\1 -->", Pattern.DOTALL);

    @Test
    void includedModuleDocumentationMatchesItsSource() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(readme);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            String source = Files.readString(ROOT.resolve(m.group(1)), StandardCharsets.UTF_8);
            if (!source.endsWith("\n")) {
                source += "\n";
            }
            assertThat(m.group(2)).as("README block for %s is stale: run scripts/sync-readme", m.group(1)).isEqualTo(source);
        }
        assertThat(blocks).isGreaterThanOrEqualTo(5);
    }

    @Test
    void setUpCommandsAreTheTwoDocumentedOnes() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("./mvnw -q package -DskipTests && java -jar examples/target/cascade-demo.jar");
        assertThat(readme).contains("./mvnw verify");
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("./mvnw -B -ntp verify");
    }
}
