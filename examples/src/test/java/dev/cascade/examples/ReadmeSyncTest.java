package dev.cascade.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is a short front door and {@code docs/} the manual. This checks what keeps them honest: code the
 * README shows between {@code BEGIN}/{@code END} markers matches its source file (run {@code scripts/sync-readme}
 * after editing the source), every relative link of the README and the docs pages points at a file of the
 * repository, nothing links outside it, the README stays short, and the two set-up commands stay as documented.
 */
class ReadmeSyncTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("<!-- BEGIN (\\S+) [^>]*-->\\n(.*?)<!-- END \\1 -->", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void includedSourcesMatchTheirFiles() throws IOException {
        String readme = read(ROOT.resolve("README.md"));
        Matcher m = BLOCK.matcher(readme);
        List<String> shown = new ArrayList<>();
        while (m.find()) {
            shown.add(m.group(1));
            assertThat(m.group(2)).as("README block for %s is stale: run scripts/sync-readme", m.group(1))
                    .isEqualTo(SyncedBlock.render(m.group(1), read(ROOT.resolve(m.group(1)))));
        }
        assertThat(shown).as("the README shows the quick start whole")
                .contains("examples/src/main/java/dev/cascade/examples/QuickStart.java");
        assertThat(Files.readAllLines(ROOT.resolve("examples/src/main/java/dev/cascade/examples/QuickStart.java")))
                .as("quick start length, imports included").hasSizeLessThanOrEqualTo(60);
    }

    @Test
    void readmeIsShortAndLinksIntoDocs() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(lines.size()).as("README.md line count").isLessThanOrEqualTo(300);
        assertThat(String.join("\n", lines)).contains("(docs/semantics.md)", "(docs/embedding.md)", "(docs/jdbc.md)");
    }

    @Test
    void everyRelativeLinkPointsAtAFileInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = read(page);
            assertThat(text).as("%s must not point at the design folder outside the repository", ROOT.relativize(page))
                    .doesNotContain("shared/");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")
                        || target.startsWith("mailto:")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = page.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + " -> " + target);
                }
            }
        }
        assertThat(broken).as("links that leave the repository or point at nothing").isEmpty();
    }

    @Test
    void setUpCommandsAreTheTwoDocumentedOnes() throws IOException {
        String readme = read(ROOT.resolve("README.md"));
        assertThat(readme).contains("./mvnw -q package -DskipTests && java -jar examples/target/cascade-demo.jar");
        assertThat(readme).contains("./mvnw verify");
        assertThat(read(ROOT.resolve(".ci/run"))).contains("./mvnw -B -ntp verify");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        for (String top : List.of("CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md")) {
            if (Files.exists(ROOT.resolve(top))) {
                pages.add(ROOT.resolve(top));
            }
        }
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** How {@code scripts/sync-readme} shows a source file: Markdown as is, code inside a fence. */
    static final class SyncedBlock {
        static String render(String path, String source) {
            String body = source.endsWith("\n") ? source : source + "\n";
            if (path.endsWith(".md")) {
                return body;
            }
            String language = path.substring(path.lastIndexOf('.') + 1);
            return "```" + language + "\n" + body + "```\n";
        }
    }
}
