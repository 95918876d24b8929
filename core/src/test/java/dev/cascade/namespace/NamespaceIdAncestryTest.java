package dev.cascade.namespace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ancestors and parents carry their own depth. */
class NamespaceIdAncestryTest {

    @Test
    void ancestorsAndParentsKnowTheirDepth() {
        NamespaceId id = NamespaceId.of("a.b.c");
        assertThat(id.ancestors()).extracting(NamespaceId::depth).containsExactly(1, 2, 3);
        assertThat(id.ancestors()).extracting(NamespaceId::value).containsExactly("a", "a.b", "a.b.c");
        assertThat(id.parent()).map(NamespaceId::depth).contains(2);
        assertThat(id.parent().orElseThrow().parent()).map(NamespaceId::depth).contains(1);
        assertThat(NamespaceId.of("a").parent()).isEmpty();
        assertThat(id.ancestors().get(1).ancestors()).extracting(NamespaceId::value).containsExactly("a", "a.b");
    }
}
