package dev.cascade.namespace;

import dev.cascade.InvalidIdException;
import dev.cascade.secret.SecretKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "company", "company.marketing", "a.b.c", "team-1.x_y", "0.9", "io.kestra.tests"})
    void validNamespaceIds(String id) {
        assertThat(NamespaceId.of(id).value()).isEqualTo(id);
    }

    @Test
    void namespaceIdErrorsQuoteTheIdAndNameTheRule() {
        assertThatThrownBy(() -> NamespaceId.of("")).isInstanceOf(InvalidIdException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> NamespaceId.of("Company")).hasMessageContaining("'Company'").hasMessageContaining("lowercase");
        assertThatThrownBy(() -> NamespaceId.of("a..b")).hasMessageContaining("'a..b'").hasMessageContaining("empty segment");
        assertThatThrownBy(() -> NamespaceId.of(".a")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> NamespaceId.of("a.")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> NamespaceId.of("../x")).hasMessageContaining("'../x'");
        assertThatThrownBy(() -> NamespaceId.of("a/b")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> NamespaceId.of("a.-b")).hasMessageContaining("must start with a lowercase letter or a digit");
        assertThatThrownBy(() -> NamespaceId.of("a b")).hasMessageContaining("' '");
        assertThatThrownBy(() -> NamespaceId.of("a".repeat(256))).hasMessageContaining("longer than 255");
        assertThat(NamespaceId.of("a".repeat(255)).value()).hasSize(255);
        // Cyrillic 'а' looks like Latin 'a': refused, and the message makes it visible
        assertThatThrownBy(() -> NamespaceId.of("comp\u0430ny")).hasMessageContaining("\\u0430").hasMessageContaining("U+0430");
        assertThatThrownBy(() -> NamespaceId.of(null)).isInstanceOf(InvalidIdException.class);
    }

    @Test
    void tenantIds() {
        assertThat(TenantId.of("main")).isSameAs(TenantId.DEFAULT);
        assertThat(TenantId.of("acme-1_x").value()).isEqualTo("acme-1_x");
        assertThat(TenantId.of("a".repeat(64)).value()).hasSize(64);
        assertThatThrownBy(() -> TenantId.of("")).isInstanceOf(InvalidIdException.class);
        assertThatThrownBy(() -> TenantId.of("a".repeat(65))).hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> TenantId.of("Acme")).hasMessageContaining("'Acme'");
        assertThatThrownBy(() -> TenantId.of("-acme")).hasMessageContaining("must start");
        assertThatThrownBy(() -> TenantId.of("a.b")).hasMessageContaining("'.'");
        assertThatThrownBy(() -> TenantId.of("t\u0435nant")).hasMessageContaining("U+0435");
    }

    @Test
    void secretKeys() {
        assertThat(SecretKey.of("GITHUB_TOKEN").value()).isEqualTo("GITHUB_TOKEN");
        assertThat(SecretKey.of("_x.y-z9").value()).isEqualTo("_x.y-z9");
        assertThat(SecretKey.of("token")).isNotEqualTo(SecretKey.of("TOKEN"));
        assertThatThrownBy(() -> SecretKey.of("")).isInstanceOf(InvalidIdException.class);
        assertThatThrownBy(() -> SecretKey.of("9LIVES")).hasMessageContaining("must start with a letter");
        assertThatThrownBy(() -> SecretKey.of("A B")).hasMessageContaining("' '");
        assertThatThrownBy(() -> SecretKey.of("A/B")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> SecretKey.of("K".repeat(256))).hasMessageContaining("longer than 255");
    }

    @Test
    void ancestorsAreRootFirst() {
        assertThat(NamespaceId.of("a.b.c").ancestors()).extracting(NamespaceId::value).containsExactly("a", "a.b", "a.b.c");
        assertThat(NamespaceId.of("a").ancestors()).extracting(NamespaceId::value).containsExactly("a");
        assertThat(NamespaceId.of("a.b.c").parent()).map(NamespaceId::value).contains("a.b");
        assertThat(NamespaceId.of("a").parent()).isEmpty();
        assertThat(NamespaceId.of("company").isAncestorOrSelfOf(NamespaceId.of("company.marketing"))).isTrue();
        assertThat(NamespaceId.of("company").isAncestorOrSelfOf(NamespaceId.of("companyx.marketing"))).isFalse();
        assertThat(NamespaceId.of("a.b").depth()).isEqualTo(2);
    }

    @Test
    void allowedNamespacePatterns() {
        AllowedNamespace exact = AllowedNamespace.parse("team.a");
        AllowedNamespace subtree = AllowedNamespace.parse("team.*");
        assertThat(exact.matches(NamespaceId.of("team.a"))).isTrue();
        assertThat(exact.matches(NamespaceId.of("team.a.b"))).isFalse();
        assertThat(subtree.matches(NamespaceId.of("team"))).isTrue();
        assertThat(subtree.matches(NamespaceId.of("team.a.b"))).isTrue();
        assertThat(subtree.matches(NamespaceId.of("teams.a"))).isFalse();
        assertThat(subtree.pattern()).isEqualTo("team.*");
        assertThatThrownBy(() -> AllowedNamespace.parse("*")).isInstanceOf(InvalidIdException.class);
        assertThatThrownBy(() -> AllowedNamespace.parse("team.*.x")).isInstanceOf(InvalidIdException.class);
    }

    @Provide
    Arbitrary<String> namespaceIds() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcxyz019").ofMinLength(1).ofMaxLength(6)
                .flatMap(head -> Arbitraries.strings().withChars("abz09_-").ofMaxLength(4).map(tail -> head + tail));
        return segment.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join(".", l));
    }

    @Tag("slow")
    @Property
    void everyAncestorIsAnAncestorAndParsesBack(@ForAll("namespaceIds") String raw) {
        NamespaceId id = NamespaceId.of(raw);
        assertThat(id.ancestors()).hasSize(id.depth());
        assertThat(id.ancestors().get(id.depth() - 1)).isEqualTo(id);
        for (NamespaceId a : id.ancestors()) {
            assertThat(a.isAncestorOrSelfOf(id)).isTrue();
            assertThat(NamespaceId.of(a.value())).isEqualTo(a);
        }
    }

    @Property
    void anyStringEitherParsesOrFailsWithInvalidId(@ForAll String raw) {
        try {
            NamespaceId id = NamespaceId.of(raw);
            assertThat(id.value()).matches("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*").hasSizeLessThanOrEqualTo(255);
        } catch (InvalidIdException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
