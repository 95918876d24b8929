package dev.cascade.namespace;

import dev.cascade.InvalidDocumentException;
import dev.cascade.InvalidIdException;
import dev.cascade.defaults.PluginDefault;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain-data form of namespace properties and plugin-defaults rules that revisions keep and diffs compare. */
class NamespacePropertiesTreeTest {

    @Test
    void propertiesRoundTripThroughTheirTreeInADocumentedOrder() {
        NamespaceProperties p = new NamespaceProperties("Team ETL",
                List.of(AllowedNamespace.parse("company.team"), AllowedNamespace.parse("company.data.*")),
                Optional.of("vault"));
        Map<String, Object> tree = p.asTree();
        assertThat(tree).containsExactly(Map.entry("description", "Team ETL"),
                Map.entry("allowedNamespaces", List.of("company.team", "company.data.*")),
                Map.entry("secretStore", "vault"));
        assertThat(NamespaceProperties.fromTree(tree)).isEqualTo(p);
        // each call gives a new map the caller may change
        tree.put("description", "changed");
        assertThat(p.asTree()).containsEntry("description", "Team ETL");
    }

    @Test
    void emptyPropertiesAndMissingEntriesMeanTheDefaults() {
        Map<String, Object> tree = NamespaceProperties.EMPTY.asTree();
        assertThat(tree.get("secretStore")).isNull();
        assertThat(tree).containsEntry("allowedNamespaces", List.of()).containsEntry("description", "");
        assertThat(NamespaceProperties.fromTree(tree)).isEqualTo(NamespaceProperties.EMPTY);
        assertThat(NamespaceProperties.fromTree(Map.of())).isEqualTo(NamespaceProperties.EMPTY);
    }

    @Test
    void wrongTypesAndInvalidPatternsAreRefusedWithCascadeExceptions() {
        assertThatThrownBy(() -> NamespaceProperties.fromTree(Map.of("description", 5)))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> NamespaceProperties.fromTree(Map.of("allowedNamespaces", "a.b")))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> NamespaceProperties.fromTree(Map.of("secretStore", List.of())))
                .isInstanceOf(InvalidDocumentException.class);
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> NamespaceProperties.fromTree(Map.of("allowedNamespaces", withNull)))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> NamespaceProperties.fromTree(Map.of("allowedNamespaces", List.of(7))))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> NamespaceProperties.fromTree(Map.of("allowedNamespaces", List.of("Not Valid!"))))
                .isInstanceOf(InvalidIdException.class);
    }

    @Test
    void aRuleAsTreeHasAllThreeEntriesForcedIncluded() {
        Map<String, Object> values = new HashMap<>();
        values.put("region", "eu-west-1");
        PluginDefault rule = new PluginDefault("io.kestra.plugin.aws", values, false);
        assertThat(rule.asTree()).containsExactly(Map.entry("type", "io.kestra.plugin.aws"),
                Map.entry("values", Map.of("region", "eu-west-1")), Map.entry("forced", false));
        assertThat(new PluginDefault("io.kestra", Map.of(), true).asTree()).containsEntry("forced", true);
    }
}
