package dev.cascade.access;

import dev.cascade.InvalidIdException;
import dev.cascade.namespace.TenantId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Role names are {@code [a-z0-9][a-z0-9_-]{0,63}}, checked by roles and by bindings alike. */
class RoleNameTest {

    @Test
    void namesUpTo64CharactersOfTheAlphabetAreAccepted() {
        assertThatCode(() -> Role.validateName("a".repeat(64))).doesNotThrowAnyException();
        assertThatCode(() -> Role.validateName("0a_b-c9")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Role.validateName("a".repeat(65))).isInstanceOf(InvalidIdException.class);
        for (String bad : new String[] {"", "-a", "_a", "A", "aB", "a!", "a.b", "a b", "\u00e9"}) {
            assertThatThrownBy(() -> Role.validateName(bad)).as(bad).isInstanceOf(InvalidIdException.class);
        }
    }

    @Test
    void rolesAndBindingsRefuseBadNames() {
        assertThatThrownBy(() -> new Role("Bad Name", Map.of())).isInstanceOf(InvalidIdException.class);
        assertThatThrownBy(() -> RoleBinding.tenantWide(TenantId.DEFAULT, Subject.user("ann"), "Bad Name"))
                .isInstanceOf(InvalidIdException.class);
    }
}
