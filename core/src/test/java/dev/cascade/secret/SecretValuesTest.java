package dev.cascade.secret;

import dev.cascade.ConfigurationException;
import dev.cascade.InvalidDocumentException;
import dev.cascade.InvalidIdException;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value types of {@code dev.cascade.secret} as their javadoc documents them. */
class SecretValuesTest {
    @Test
    void secretKeyFollowsItsPatternAndLengthLimit() {
        for (String ok : List.of("a", "z", "A", "Z", "_", "az", "AZ", "_zZaA", "a1",
                "db.password", "api-key_2", "A.b-c_9", "x".repeat(255))) {
            assertThat(SecretKey.isValid(ok)).as(ok).isTrue();
            assertThat(SecretKey.of(ok).value()).isEqualTo(ok);
        }
        // each character class boundary: digits, '.', '-', '_' only after the first character
        for (String bad : List.of("", "1a", ".a", "-a", "a b", "a/b", "a:b", "a@", "a[", "a`", "a{", "é",
                "aé", "x".repeat(256))) {
            assertThat(SecretKey.isValid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> SecretKey.of(bad)).isInstanceOf(InvalidIdException.class);
        }
        assertThat(SecretKey.isValid(null)).isFalse();
        assertThatThrownBy(() -> SecretKey.of("ab cd")).isInstanceOf(InvalidIdException.class)
                .hasMessageContaining("position 2");
        assertThatThrownBy(() -> SecretKey.of("x".repeat(256))).hasMessageContaining("256");
    }

    @Test
    void secretKeysAreCaseSensitiveValuesOrderedByText() {
        SecretKey a = SecretKey.of("Token");
        assertThat(a).isEqualTo(SecretKey.of("Token")).hasSameHashCodeAs(SecretKey.of("Token"))
                .isNotEqualTo(SecretKey.of("token")).isNotEqualTo("Token");
        assertThat(a.toString()).isEqualTo("Token");
        assertThat(SecretKey.of("a").compareTo(SecretKey.of("b"))).isNegative();
        assertThat(SecretKey.of("b").compareTo(SecretKey.of("a"))).isPositive();
        assertThat(SecretKey.of("a").compareTo(SecretKey.of("a"))).isZero();
    }

    @Test
    void secretValueNeverShowsItselfAndComparesByContent() {
        SecretValue v = SecretValue.of("hunter2-é");
        assertThat(v.toString()).isEqualTo(SecretValue.MASK).doesNotContain("hunter2");
        assertThat(v.reveal()).isEqualTo("hunter2-é");
        assertThat(v.length()).isEqualTo(9);
        assertThat(v).isEqualTo(SecretValue.of("hunter2-é")).hasSameHashCodeAs(SecretValue.of("other"))
                .isNotEqualTo(SecretValue.of("hunter2-e")).isNotEqualTo(SecretValue.of("hunter2"))
                .isNotEqualTo("hunter2-é");
        assertThat(SecretValue.of("").reveal()).isEmpty();
        assertThat(SecretValue.of("😀").length()).isEqualTo(2); // a surrogate pair is well-formed
        assertThatThrownBy(() -> SecretValue.of("\uDC00abc")).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> SecretValue.of("a\uD800b")).isInstanceOf(InvalidDocumentException.class)
                .message().doesNotContain("a\uD800b");
        assertThatThrownBy(() -> SecretValue.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void secretAttributesDefaultAndSortTheirTags() {
        SecretAttributes none = new SecretAttributes(null, null);
        assertThat(none).isEqualTo(SecretAttributes.NONE);
        assertThat(none.description()).isEmpty();
        assertThat(none.tags()).isEmpty();
        assertThat(SecretAttributes.of("db password")).isEqualTo(new SecretAttributes("db password", Map.of()));

        Map<String, String> tags = new HashMap<>(Map.of("zone", "eu", "app", "billing", "owner", "ops"));
        SecretAttributes a = new SecretAttributes("d", tags);
        tags.put("later", "x");
        assertThat(a.tags().keySet()).containsExactly("app", "owner", "zone"); // sorted, and a copy
        assertThatThrownBy(() -> a.tags().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);

        assertThatThrownBy(() -> SecretAttributes.of("bad \uDC00")).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> new SecretAttributes("", Map.of("k\uD800", "v")))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> new SecretAttributes("", Map.of("k", "v\uD800")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("'k'");
    }

    @Test
    void secretMetadataDefaultsAndExposesItsAttributes() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        SecretMetadata m = new SecretMetadata(SecretKey.of("k"), null, null, at, 1);
        assertThat(m.description()).isEmpty();
        assertThat(m.tags()).isEmpty();
        assertThat(m.attributes()).isEqualTo(SecretAttributes.NONE);

        Map<String, String> tags = new HashMap<>(Map.of("b", "2", "a", "1"));
        SecretMetadata full = new SecretMetadata(SecretKey.of("k"), "desc", tags, at, 3);
        tags.clear();
        assertThat(full.tags()).containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(full.attributes()).isEqualTo(new SecretAttributes("desc", Map.of("a", "1", "b", "2")));
        assertThat(full.attributes().tags().keySet()).containsExactly("a", "b");

        assertThatThrownBy(() -> new SecretMetadata(null, "", Map.of(), at, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SecretMetadata(SecretKey.of("k"), "", Map.of(), null, 1))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void secretStoresPickTheBoundStoreOrTheDefault() {
        SecretStore main = new InMemorySecretStore();
        SecretStore vault = new InMemorySecretStore();
        Map<String, SecretStore> byName = new HashMap<>(Map.of("main", main, "vault", vault));
        SecretStores stores = new SecretStores("main", byName);
        byName.remove("vault");

        assertThat(stores.defaultName()).isEqualTo("main");
        assertThat(stores.defaultStore()).isSameAs(main);
        assertThat(stores.all()).containsOnlyKeys("main", "vault"); // a copy
        assertThatThrownBy(() -> stores.all().put("x", main)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(stores.byName("vault")).containsSame(vault);
        assertThat(stores.byName("nope")).isEmpty();

        assertThat(stores.forBinding(Optional.empty())).isSameAs(main);
        assertThat(stores.forBinding(Optional.of("vault"))).isSameAs(vault);
        assertThat(stores.forBinding(Optional.of("main"))).isSameAs(main);
        assertThatThrownBy(() -> stores.forBinding(Optional.of("aws"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'aws'").hasMessageContaining("main").hasMessageContaining("vault");
        assertThat(stores.nameForBinding(Optional.empty())).isEqualTo("main");
        assertThat(stores.nameForBinding(Optional.of("vault"))).isEqualTo("vault");

        assertThatThrownBy(() -> new SecretStores("aws", Map.of("main", main)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'aws'");

        SecretStores single = SecretStores.single(main);
        assertThat(single.defaultName()).isEqualTo(main.name());
        assertThat(single.defaultStore()).isSameAs(main);
        assertThat(single.all()).containsOnlyKeys(main.name());
    }
}
