package dev.cascade.internal.template;

import dev.cascade.AccessDeniedException;
import dev.cascade.CascadeException;
import dev.cascade.ConfigurationException;
import dev.cascade.ConflictException;
import dev.cascade.InvalidIdException;
import dev.cascade.NotFoundException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state of one resolution (security.md, "What Cascade promises"): every secret value resolved is recorded
 * for the masker; an error raised after it, whatever its type, reaches the caller as the same type with the
 * values masked out of its message (and without the cause that may quote them); {@code render()} refuses a
 * value equal to a secret or carrying one at least the mask minimum long; a computed argument that is part of
 * a secret's value is never quoted; a template written in a variable may be quoted.
 */
class RenderScopeTest {
    private static RenderScope scope(Map<String, Object> vars) {
        return new RenderScope(vars, (key, ns, subkey) -> switch (key) {
            case "A" -> "alpha-value";
            case "B" -> "bravo-value";
            case "C" -> "charlie";
            default -> throw new SecretNotFoundException("Secret '" + key + "' not found");
        }, 6);
    }

    @Test
    void everyResolvedValueIsRecordedForTheMasker() {
        RenderScope s = scope(Map.of());
        assertThat(s.masker().mask("alpha-value")).isEqualTo("alpha-value");
        assertThat(s.secret("A", null, null)).isEqualTo("alpha-value");
        assertThat(s.masker().mask("x alpha-value y")).isEqualTo("x ****** y");
        s.secret("B", null, null);
        s.secret("C", "other", "field");
        s.secret("A", null, null);
        assertThat(s.masker().mask("alpha-value bravo-value charlie")).isEqualTo("****** ****** ******");
        assertThatThrownBy(() -> s.secret("NOPE", null, null)).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void anErrorKeepsItsTypeWithTheValuesMaskedAndWithoutItsCause() {
        RenderScope s = scope(Map.of());
        s.secret("A", null, null);
        s.secret("C", null, null);
        List<CascadeException> errors = new ArrayList<>(List.of(new SecretNotFoundException("no alpha-value"),
                new AccessDeniedException("no alpha-value", new RuntimeException("alpha-value")),
                new InvalidIdException("no alpha-value"), new NotFoundException("no charlie"),
                new ConfigurationException("no alpha-value"), new TemplateRenderException(Kind.RENDER_CYCLE, 4, "no alpha-value")));
        for (CascadeException e : errors) {
            CascadeException m = s.masked(e);
            assertThat(m).isNotSameAs(e).hasSameClassAs(e).hasNoCause();
            assertThat(m.getMessage()).startsWith("no ").doesNotContain("alpha-value").doesNotContain("charlie").contains("******");
            assertThat(m.getStackTrace()).isEqualTo(e.getStackTrace());
        }
        TemplateRenderException t = (TemplateRenderException) s.masked(new TemplateRenderException(Kind.RENDER_CYCLE, 4, "alpha-value"));
        assertThat(t.kind()).isEqualTo(Kind.RENDER_CYCLE);
        assertThat(t.line()).isEqualTo(4);
        // another type: a template error naming it
        CascadeException other = s.masked(new ConflictException("alpha-value changed"));
        assertThat(other).isInstanceOfSatisfying(TemplateRenderException.class, r -> {
            assertThat(r.kind()).isEqualTo(Kind.EVALUATION);
            assertThat(r.getMessage()).isEqualTo("ConflictException: ****** changed");
        });
        // nothing to mask: the same instance, cause and all
        NotFoundException clean = new NotFoundException("nothing secret", new RuntimeException());
        assertThat(s.masked(clean)).isSameAs(clean);
        CascadeException noMessage = new ConflictException(null);
        assertThat(s.masked(noMessage)).isSameAs(noMessage);
        // nothing resolved: messages untouched
        assertThat(scope(Map.of()).maskMessage("alpha-value")).isEqualTo("alpha-value");
    }

    @Test
    void aMessageIsMaskedOfEveryValueWhateverItsLength() {
        RenderScope s = new RenderScope(Map.of(), (k, n, sub) -> "ab", 4);
        s.secret("X", null, null);
        assertThat(s.masker().mask("ab cd")).as("ordinary text keeps short values").isEqualTo("ab cd");
        assertThat(s.maskMessage("ab cd")).isEqualTo("****** cd");
    }

    @Test
    void aSecretsValueOrTextCarryingOneIsRecognised() {
        RenderScope s = scope(Map.of());
        assertThat(s.isSecretValue("alpha-value")).isFalse();
        s.secret("A", null, null);
        s.secret("C", null, null);
        assertThat(s.isSecretValue("alpha-value")).isTrue();
        assertThat(s.isSecretValue("x alpha-value y")).isTrue();
        assertThat(s.isSecretValue("charlie")).isTrue();
        assertThat(s.isSecretValue("xcharlie")).as("contains a value of the minimum length (6)").isTrue();
        assertThat(s.isSecretValue("alpha")).isFalse();
        assertThat(s.isSecretValue(null)).isFalse();
        RenderScope shortOnes = new RenderScope(Map.of(), (k, n, sub) -> "abcde", 6);
        shortOnes.secret("S", null, null);
        assertThat(shortOnes.isSecretValue("abcde")).isTrue();
        assertThat(shortOnes.isSecretValue("xabcde")).as("shorter than the minimum: only the value itself").isFalse();
        RenderScope exact = new RenderScope(Map.of(), (k, n, sub) -> "abcdef", 6);
        exact.secret("S", null, null);
        assertThat(exact.isSecretValue("xabcdef")).isTrue();
    }

    @Test
    void aPartOfASecretsValueIsRecognised() {
        RenderScope s = scope(Map.of());
        assertThat(s.isPartOfSecretValue("alpha")).isFalse();
        s.secret("A", null, null);
        s.secret("B", null, null);
        assertThat(s.isPartOfSecretValue("alpha")).isTrue();
        assertThat(s.isPartOfSecretValue("avo-v")).isTrue();
        assertThat(s.isPartOfSecretValue("alpha-value!")).isFalse();
        assertThat(s.isPartOfSecretValue("")).isFalse();
        assertThat(s.isPartOfSecretValue(null)).isFalse();
    }

    @Test
    void aVariablesValueIsFoundAnywhereInTheVariables() {
        Map<String, Object> nested = new HashMap<>();
        nested.put("list", List.of("in-list", Map.of("deep", "in-map")));
        nested.put("nul", null);
        Map<String, Object> vars = new HashMap<>();
        vars.put("ns", nested);
        vars.put("top", "top-value");
        vars.put("n", 5);
        nested.put("withNull", java.util.Arrays.asList(null, "after-null"));
        RenderScope s = scope(vars);
        for (String v : List.of("top-value", "in-list", "in-map", "after-null")) {
            assertThat(s.isVariableValue(v)).as(v).isTrue();
        }
        assertThat(s.isVariableValue("5")).isFalse();
        assertThat(s.isVariableValue("elsewhere")).isFalse();
        assertThat(new RenderScope(null, (k, n, sub) -> "", 4).isVariableValue("x")).isFalse();
        // at most 10,000 values are searched
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add("v" + i);
        }
        RenderScope big = scope(Map.of("many", many));
        assertThat(big.isVariableValue("v100")).isTrue();
        assertThat(big.isVariableValue("v19999")).isFalse();
    }

    @Test
    void theRenderStackRefusesATemplateAlreadyOnIt() {
        RenderScope s = scope(Map.of());
        assertThat(s.renderDepth()).isZero();
        assertThat(s.enterRender("a")).isTrue();
        assertThat(s.enterRender("b")).isTrue();
        assertThat(s.renderDepth()).isEqualTo(2);
        assertThat(s.enterRender("a")).isFalse();
        assertThat(s.renderDepth()).isEqualTo(2);
        s.exitRender();
        assertThat(s.renderDepth()).isEqualTo(1);
        assertThat(s.enterRender("b")).isTrue();
        s.exitRender();
        s.exitRender();
        assertThat(s.enterRender("a")).isTrue();
    }
}
