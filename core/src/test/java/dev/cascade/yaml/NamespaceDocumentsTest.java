package dev.cascade.yaml;

import dev.cascade.InvalidDocumentException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.NamespaceId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamespaceDocumentsTest {
    private final NamespaceDocuments docs = new NamespaceDocuments();

    static String resource(String name) throws IOException {
        try (InputStream in = NamespaceDocumentsTest.class.getResourceAsStream("/seed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void seedVariablesFragmentParsesAsWritten() throws IOException {
        Map<String, Object> vars = docs.readVariables(resource("variables_marketing.yml"));
        assertThat(vars).isEqualTo(Map.of("github", Map.of("token", "{{ secret('GITHUB_TOKEN') }}")));
        assertThat(docs.readVariables(docs.writeVariables(vars))).isEqualTo(vars);
    }

    @Test
    void seedTaskDefaultsFragmentParsesAsWritten() throws IOException {
        String text = resource("task_defaults_marketing.yml");
        List<PluginDefault> rules = docs.readPluginDefaults(text);
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0)).isEqualTo(new PluginDefault("io.kestra.plugin.aws", Map.of(
                "accessKeyId", "{{ secret('AWS_ACCESS_KEY_ID') }}",
                "region", "us-east-1",
                "secretKeyId", "{{ secret('AWS_SECRET_ACCESS_KEY') }}"), false));
        assertThat(rules.get(1)).isEqualTo(new PluginDefault("io.kestra.plugin.git", Map.of(
                "password", "{{ render(namespace.github.token) }}",
                "username", "your-github-username"), false));
        String exported = docs.writePluginDefaults(rules);
        assertThat(docs.readPluginDefaults(exported)).isEqualTo(rules);
        // the export is the seed file itself, up to quoting style
        assertThat(exported.replace("'", "\"").replace("\"\"", "'")).isNotBlank();
        assertThat(exported).contains("- type: io.kestra.plugin.aws").contains("region: us-east-1");
    }

    @Test
    void namespaceDocumentRoundTripsLosslessly() {
        NamespaceDocument doc = new NamespaceDocument(NamespaceId.of("company.marketing"), "Marketing: \"team\" #1",
                List.of(AllowedNamespace.parse("company.sales"), AllowedNamespace.parse("team.*")), Optional.of("vault"),
                Map.of("github", Map.of("token", "{{ secret('GITHUB_TOKEN') }}"),
                        "tricky", List.of("yes", "no", "on", "off", "null", "true", "~", "123", "1e3", "0x1F", "", " lead",
                                "a: b", "- x", "#c", "multi\nline", "\u00e9\u4e2d"),
                        "numbers", List.of(1, -2, 3.25, 12345678901L, true, false),
                        "empty", Map.of(), "emptyList", List.of()),
                List.of(PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "us-east-1")),
                        PluginDefault.forced("io.kestra.plugin.git", Map.of("username", "bot", "nested", Map.of("a", List.of(1))))));
        String yaml = docs.write(doc);
        NamespaceDocument back = docs.readNamespace(yaml);
        assertThat(back).isEqualTo(doc);
        assertThat(docs.write(back)).isEqualTo(yaml);
    }

    @Test
    void malformedYamlReportsLineAndColumn() {
        assertThatThrownBy(() -> docs.readVariables("a: 1\nb: [unclosed\nc: 3\n"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageMatching("(?s).*line \\d+, column \\d+.*");
        assertThatThrownBy(() -> docs.readVariables("a:\n  b: 1\n c: 2\n")).hasMessageContaining("line 3");
    }

    @Test
    void duplicateKeysAreRefusedWithLocation() {
        assertThatThrownBy(() -> docs.readVariables("a: 1\nb: 2\na: 3\n"))
                .hasMessageContaining("duplicate key 'a'").hasMessageContaining("line 3, column 1");
    }

    @Test
    void ruleWithoutTypeIsRefusedWithLocation() {
        assertThatThrownBy(() -> docs.readPluginDefaults("- type: io.x\n  values: {a: 1}\n- values:\n    b: 2\n"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("rule #2 has no 'type'").hasMessageContaining("line 3");
        assertThatThrownBy(() -> docs.readPluginDefaults("- type: io.x\n  valuez: {}\n")).hasMessageContaining("unknown key 'valuez'");
        assertThatThrownBy(() -> docs.readPluginDefaults("- type: io.x\n  forced: maybe\n")).hasMessageContaining("'forced' must be true or false");
        assertThatThrownBy(() -> docs.readPluginDefaults("type: io.x\n")).hasMessageContaining("must be a list");
        assertThatThrownBy(() -> docs.readPluginDefaults("- type: io..x\n")).hasMessageContaining("invalid type");
    }

    @Test
    void wrongShapesAreRefused() {
        assertThatThrownBy(() -> docs.readVariables("- a\n- b\n")).hasMessageContaining("must be a map");
        assertThatThrownBy(() -> docs.readNamespace("description: x\n")).hasMessageContaining("'id' is required");
        assertThatThrownBy(() -> docs.readNamespace("id: Company\n")).hasMessageContaining("'Company'");
        assertThatThrownBy(() -> docs.readNamespace("id: a\ncolour: red\n")).hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> docs.readNamespace("id: a\nallowedNamespaces: [\"*\"]\n")).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> docs.readVariables("a: 1\n---\nb: 2\n")).hasMessageContaining("single document");
        assertThat(docs.readVariables("")).isEmpty();
        assertThat(docs.readPluginDefaults("")).isEmpty();
    }

    @Test
    void oversizedDocumentIsRefused() {
        String big = "a: \"" + "x".repeat((1 << 20) + 10) + "\"\n";
        assertThatThrownBy(() -> docs.readVariables(big)).hasMessageContaining("larger than the limit");
        NamespaceDocuments small = new NamespaceDocuments(new DocumentLimits(100, 64, 10, 1000));
        assertThatThrownBy(() -> small.readVariables("a: \"" + "x".repeat(200) + "\"")).hasMessageContaining("100 bytes");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThatThrownBy(() -> docs.readVariables("a: " + deep)).isInstanceOf(InvalidDocumentException.class);
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            block.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        block.append("  ".repeat(80)).append("leaf: 1\n");
        assertThatThrownBy(() -> docs.readVariables(block.toString())).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("line");
    }

    @Test
    void aliasesAreExpandedWithinBoundsAndBombsAreRefused() {
        Map<String, Object> vars = docs.readVariables("base: &b {region: us-east-1, n: 1}\ncopy: *b\n");
        assertThat(vars.get("copy")).isEqualTo(Map.of("region", "us-east-1", "n", 1));
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """;
        assertThatThrownBy(() -> docs.readVariables(bomb)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageMatching("(?s).*(aliases|expands).*");
        assertThatThrownBy(() -> docs.readVariables("a: *nowhere\n")).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void mergeKeysAreRefusedRatherThanMisread() {
        assertThatThrownBy(() -> docs.readVariables("base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n"))
                .isInstanceOf(InvalidDocumentException.class);
    }
}
