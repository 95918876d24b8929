package dev.cascade.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM lists every published module of the build at the build's version, and nothing else: a module added to
 * the parent without a BOM entry (or a third-party artifact slipped into the BOM) fails here.
 */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern OWN_ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern MANAGED = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void bomManagesEveryPublishedModuleAtTheProjectVersionAndNothingElse() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));

        List<String> published = new ArrayList<>();
        Matcher modules = MODULE.matcher(parent);
        while (modules.find()) {
            String pom = Files.readString(ROOT.resolve(modules.group(1)).resolve("pom.xml"));
            if (modules.group(1).equals("bom") || pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
                continue;
            }
            Matcher artifact = OWN_ARTIFACT.matcher(pom.substring(pom.indexOf("</parent>")));
            assertThat(artifact.find()).isTrue();
            published.add(artifact.group(1));
        }
        assertThat(published).isNotEmpty();

        List<String> managed = new ArrayList<>();
        Matcher m = MANAGED.matcher(bom);
        while (m.find()) {
            assertThat(m.group(1)).as("BOM entry %s", m.group(2)).isEqualTo("dev.cascade");
            assertThat(m.group(3)).as("BOM entry %s", m.group(2)).isEqualTo("${project.version}");
            managed.add(m.group(2));
        }
        assertThat(managed).as("artifacts in bom/pom.xml").containsAll(published);
        assertThat(published).as("published modules of the parent").containsAll(managed);
        assertThat(bom).doesNotContain("<parent>");
        assertThat(versionOf(bom)).as("BOM version").isEqualTo(versionOf(parent));
    }

    private static String versionOf(String pom) {
        String head = pom.substring(0, pom.indexOf("<packaging>"));
        Matcher v = Pattern.compile("<version>([^<]+)</version>").matcher(head);
        String last = null;
        while (v.find()) {
            last = v.group(1);
        }
        return last;
    }
}
