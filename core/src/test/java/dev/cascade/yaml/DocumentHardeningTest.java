package dev.cascade.yaml;

import dev.cascade.Cascade;
import org.junit.jupiter.api.AfterEach;

import dev.cascade.InvalidDocumentException;
import dev.cascade.access.Actor;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.management.ManagementSession;
import dev.cascade.management.NamespaceManagement;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.Resolver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Documents tried as an attacker would: alias bombs by size, hostile types, null elements. */
class DocumentHardeningTest {
    private final NamespaceDocuments docs = new NamespaceDocuments();

    /** Under 1 MiB of text, about 2.2 GB once its aliases are expanded, with only ~2,500 values. */
    static String gigabyteAliasBomb() {
        StringBuilder sb = new StringBuilder("a: &a \"").append("x".repeat(900_000)).append("\"\n");
        sb.append("b: &b [").append(String.join(",", java.util.Collections.nCopies(50, "*a"))).append("]\n");
        sb.append("c: [").append(String.join(",", java.util.Collections.nCopies(49, "*b"))).append("]\n");
        return sb.toString();
    }

    private final List<Cascade> opened = new ArrayList<>();

    /** A management facade over {@code storage}, closed after the test. */
    private NamespaceManagement management(InMemoryStorage storage) {
        Cascade cascade = Cascade.builder().storage(storage).secretStore(new InMemorySecretStore()).build();
        opened.add(cascade);
        return cascade.management();
    }

    @AfterEach
    void closeCascades() {
        opened.forEach(Cascade::close);
    }

    @Tag("slow")
    @Test
    void aliasesExpandingToGigabytesAreRefusedBeforeAnythingIsWritten() {
        String bomb = gigabyteAliasBomb();
        assertThat(bomb.length()).isLessThan(1 << 20);
        assertThatThrownBy(() -> docs.readVariables(bomb)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("expands to more than").hasMessageContaining("characters");
        String asNamespace = "id: team\nvariables:\n" + bomb.replaceAll("(?m)^", "  ");
        InMemoryStorage storage = new InMemoryStorage();
        ManagementSession admin = management(storage).session(TenantId.DEFAULT, Actor.user("a"));
        assertThatThrownBy(() -> admin.applyDocument(docs.readNamespace(asNamespace)))
                .isInstanceOf(InvalidDocumentException.class);
        assertThat(admin.getNamespace(NamespaceId.of("team"))).isEmpty();
        // a lower limit applies as configured
        NamespaceDocuments tight = new NamespaceDocuments(new DocumentLimits(1 << 20, 64, 100, 1_000_000, 1_000));
        assertThatThrownBy(() -> tight.readVariables("a: &a \"" + "y".repeat(400) + "\"\nb: [*a, *a]\n"))
                .hasMessageContaining("1000 characters");
        assertThat(tight.readVariables("a: &a \"" + "y".repeat(400) + "\"\nb: *a\n")).containsKey("b");
    }

    @Test
    void scalarAnchorsAreOrdinaryYaml() {
        Map<String, Object> vars = docs.readVariables("a: &x hello\nb: *x\nn: &n 42\nlist: [*n, *x]\n");
        assertThat(vars).containsEntry("a", "hello").containsEntry("b", "hello").containsEntry("n", 42)
                .containsEntry("list", List.of(42, "hello"));
        NamespaceDocument doc = docs.readNamespace("id: team\ndescription: &d Team one\nvariables:\n  label: *d\n");
        assertThat(doc.description()).isEqualTo("Team one");
        assertThat(doc.variables()).containsEntry("label", "Team one");
    }

    @Test
    void pluginDefaultTypesAreDottedJavaIdentifiers() {
        // Kestra accepts a trailing dot: the same prefix
        PluginDefault dotted = PluginDefault.of("io.kestra.plugin.", Map.of("x", 1));
        assertThat(dotted.type()).isEqualTo("io.kestra.plugin");
        assertThat(dotted.matches("io.kestra.plugin.aws.s3.Upload")).isTrue();
        assertThat(dotted.matches("io.kestra.pluginx.Foo")).isFalse();
        assertThat(docs.readPluginDefaults("- type: io.kestra.plugin.\n  values: {a: 1}\n").get(0).type())
                .isEqualTo("io.kestra.plugin");
        assertThat(PluginDefault.of("io.kestra.plugin.scripts.shell.Commands", Map.of()).type())
                .isEqualTo("io.kestra.plugin.scripts.shell.Commands");
        assertThat(PluginDefault.of("com.acme.Outer$Inner_2", Map.of())).isNotNull();

        for (String bad : List.of("*", "io.kestra.*", "io.kestra.plugin.a*", "\u0456o.kestra.plugin" /* Cyrillic i */,
                "io.k\u0435stra" /* Cyrillic e */, "io..kestra", ".io.kestra", "1io.kestra", "io.1kestra",
                "io.kes-tra", "io.kes tra", "io.kestra/Foo", ".", "a".repeat(PluginDefault.MAX_TYPE_LENGTH + 1))) {
            assertThatThrownBy(() -> PluginDefault.of(bad, Map.of())).as(bad).isInstanceOf(InvalidDocumentException.class)
                    .hasMessageContaining("invalid type");
        }
        // the look-alike is shown escaped, so a reader sees why it differs
        assertThatThrownBy(() -> PluginDefault.of("\u0456o.kestra", Map.of())).hasMessageContaining("\\u0456");
        for (String nonString : List.of("123", "true", "[io.kestra]", "{a: b}", "1.5")) {
            assertThatThrownBy(() -> docs.readPluginDefaults("- type: " + nonString + "\n"))
                    .as(nonString).isInstanceOf(InvalidDocumentException.class).hasMessageContaining("'type' must be a string");
        }
        assertThatThrownBy(() -> docs.readPluginDefaults("- type: \"io.kestra.*\"\n"))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("line 1");
    }

    @Test
    void nullElementsInApiListsNameTheArgument() {
        List<AllowedNamespace> withNull = new ArrayList<>(Arrays.asList(AllowedNamespace.parse("a"), null));
        assertThatThrownBy(() -> new NamespaceProperties("d", withNull, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedNamespaces[1]");
        assertThatThrownBy(() -> new NamespaceDocument(NamespaceId.of("a"), "", withNull, Optional.empty(), Map.of(), List.of()))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("allowedNamespaces[1]");
        List<PluginDefault> rules = new ArrayList<>(Arrays.asList(PluginDefault.of("a.B", Map.of()), null));
        assertThatThrownBy(() -> new NamespaceDocument(NamespaceId.of("a"), "", List.of(), Optional.empty(), Map.of(), rules))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("pluginDefaults[1]");
        assertThatThrownBy(() -> docs.writePluginDefaults(rules)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rules[1]");
        assertThatThrownBy(() -> DefaultsLevel.global(rules)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rules[1]");
        assertThatThrownBy(() -> Resolver.builder().globalDefaults(rules)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("globalDefaults[1]");
        java.util.Set<dev.cascade.access.Action> withNullAction = new java.util.HashSet<>(
                Arrays.asList(dev.cascade.access.Action.READ, null));
        assertThatThrownBy(() -> new dev.cascade.access.Role("r", Map.of(dev.cascade.access.Permission.NAMESPACE,
                withNullAction))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'r'");
        assertThatThrownBy(() -> new Actor("u", new java.util.HashSet<>(Arrays.asList("g", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groups");

        InMemoryStorage storage = new InMemoryStorage();
        NamespaceManagement management = management(storage);
        ManagementSession admin = management.session(TenantId.DEFAULT, Actor.user("a"));
        NamespaceId team = NamespaceId.of("team");
        admin.createNamespace(team, NamespaceProperties.EMPTY);
        assertThatThrownBy(() -> admin.putPluginDefaults(team, rules, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rules[1]");
        assertThat(admin.getPluginDefaults(team)).isEmpty();
        List<NamespaceId> used = new ArrayList<>(Arrays.asList(NamespaceId.of("x"), null));
        assertThatThrownBy(() -> management.reportUsed(TenantId.DEFAULT, used)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespaces[1]");
        assertThat(storage.namespaces().used(TenantId.DEFAULT)).isEmpty();
    }
}
