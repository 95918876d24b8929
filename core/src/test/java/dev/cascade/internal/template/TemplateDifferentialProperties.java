package dev.cascade.internal.template;

import dev.cascade.CascadeException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.ClassAccessException;
import io.pebbletemplates.pebble.error.ParserException;
import io.pebbletemplates.pebble.error.PebbleException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential tests: Cascade's engine with fast paths against plain Pebble configured the same way
 * (strict variables, no escaping, no newline trimming) over generated templates and contexts; and against
 * Cascade's own engine with fast paths off for templates using secret().
 */
class TemplateDifferentialProperties {
    private static final int MAX = 200;
    private final TemplateEngine fast = new TemplateEngine(1000, MAX, true);
    private final TemplateEngine slow = new TemplateEngine(1000, MAX, false);
    private final PebbleEngine reference = TemplateEngine.referencePebble(MAX);

    /** Output or error kind. */
    private record Outcome(String output, Kind kind, String message) {
    }

    @Tag("slow")
    @Property(tries = 1000)
    void fastPathMatchesPlainPebble(@ForAll("templates") String template, @ForAll("contexts") Map<String, Object> ctx) {
        // a documented difference, pinned by listPlusItemDiffersByDesign: Pebble's `list + item` changes the list
        Assume.that(!(ctx.get("x") instanceof List<?> && template.contains("x + 1")));
        Outcome ours = ours(fast, template, ctx);
        Outcome theirs = reference(template, ctx);
        assertThat(ours.output()).as("output of %s with %s", template, ctx).isEqualTo(theirs.output());
        if (ours.kind() == Kind.UNKNOWN_NAME) {
            // a deliberate refinement: Cascade names the unknown tag, filter, function or test (and near names)
            // where Pebble reports a syntax or evaluation error
            assertThat(theirs.kind()).as("error kind of %s with %s (%s / %s)", template, ctx, ours.message(),
                    theirs.message()).isIn(Kind.SYNTAX, Kind.EVALUATION);
        } else {
            assertThat(ours.kind()).as("error kind of %s with %s (%s / %s)", template, ctx, ours.message(),
                    theirs.message()).isEqualTo(theirs.kind());
        }
    }

    @Tag("slow")
    @Property(tries = 1000)
    void fastPathMatchesPebblePathWithSecrets(@ForAll("secretTemplates") String template,
                                              @ForAll("contexts") Map<String, Object> ctx) {
        Outcome a = ours(fast, template, ctx);
        Outcome b = ours(slow, template, ctx);
        assertThat(a).as("%s with %s", template, ctx).isEqualTo(b);
    }

    private Outcome ours(TemplateEngine engine, String template, Map<String, Object> ctx) {
        RenderScope scope = new RenderScope(ctx, (key, ns, subkey) -> {
            if (key.startsWith("S")) {
                return "value-of-" + key;
            }
            throw new SecretNotFoundException("Secret '" + key + "' not found");
        }, 4);
        try {
            return new Outcome(engine.render(template, scope), null, null);
        } catch (TemplateRenderException e) {
            return new Outcome(null, e.kind(), e.getMessage());
        } catch (CascadeException e) {
            return new Outcome(null, Kind.EVALUATION, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Outcome reference(String template, Map<String, Object> ctx) {
        try {
            StringWriter w = new StringWriter();
            reference.getTemplate(template).evaluate(w, ctx);
            return new Outcome(w.toString(), null, null);
        } catch (ParserException e) {
            return new Outcome(null, Kind.SYNTAX, e.getMessage());
        } catch (AttributeNotFoundException e) {
            return new Outcome(null, Kind.UNDEFINED_VARIABLE, e.getMessage());
        } catch (ClassAccessException e) {
            return new Outcome(null, Kind.METHOD_CALL, e.getMessage());
        } catch (PebbleException e) {
            Kind k = e.getPebbleMessage() != null && e.getPebbleMessage().startsWith("Tried to write more than")
                    ? Kind.OUTPUT_TOO_LARGE : Kind.EVALUATION;
            return new Outcome(null, k, e.getMessage());
        } catch (Exception e) {
            return new Outcome(null, Kind.EVALUATION, e.toString());
        }
    }

    private static Arbitrary<String> names() {
        return Arbitraries.of("a", "b", "c", "flow", "namespace", "missing", "x", "n", "t", "f", "l", "big");
    }

    private static Arbitrary<String> paths() {
        return names().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    }

    private static Arbitrary<String> spaces() {
        return Arbitraries.of("", " ", "  ");
    }

    private static Arbitrary<String> pieces() {
        Arbitrary<String> text = Arbitraries.of("hello ", "x", " ", "\n", "{", "}", "}}", "a.b", "%", "#", "-", "é", "\t");
        Arbitrary<String> variable = Combinators.combine(spaces(), paths(), spaces())
                .as((s1, p, s2) -> "{{" + s1 + p + s2 + "}}");
        Arbitrary<String> filtered = Combinators.combine(paths(), Arbitraries.of("upper", "lower", "length",
                "default('d')", "trim", "first", "join(',')")).as((p, f) -> "{{ " + p + " | " + f + " }}");
        Arbitrary<String> conditional = Combinators.combine(paths(), paths())
                .as((c, p) -> "{% if " + c + " %}[{{ " + p + " }}]{% endif %}");
        Arbitrary<String> literal = Arbitraries.of("{{ 'lit' }}", "{{ 1 + 2 }}", "{{ true }}", "{{ null }}",
                "{{ \"q\" }}", "{{ a ", "{{}}", "{# comment #}", "{{ a.b.c }}", "{{ n }}", "{{ f }}", "{{ l }}",
                "{{ t }}", "{{ big }}{{ big }}{{ big }}",
                // built-ins Cascade replaces with bounded versions: same output and error kind as Pebble's
                "{% for x in l %}[{{ x }}]{% else %}none{% endfor %}", "{% for x in a %}{{ x }}{% endfor %}",
                "{{ l | join('-') }}", "{{ 'a,b,,c' | split(',') | join('|') }}", "{{ 'a1b22c' | split('[0-9]+', 2) | join('|') }}",
                "{{ (1..3) | join }}", "{{ range(5, 1, -2) | join(',') }}", "{{ ('a'..'c') | join }}",
                "{{ 'abcb' | replace({'b': 'xx', 'x': 'y'}) }}", "{{ l | merge([3]) | join }}", "{{ a ~ b }}",
                "{{ big ~ big ~ big }}", "{{ a | join }}", "{{ a | split(',') | length }}", "{{ x + 1 }}", "{{ l | length }}");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, text), net.jqwik.api.Tuple.of(5, variable),
                net.jqwik.api.Tuple.of(2, filtered), net.jqwik.api.Tuple.of(1, conditional),
                net.jqwik.api.Tuple.of(2, literal));
    }

    @Provide
    Arbitrary<String> templates() {
        return pieces().list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> secretTemplates() {
        Arbitrary<String> secret = Combinators.combine(spaces(), Arbitraries.of("S1", "S2", "MISSING"), Arbitraries.of("'", "\""))
                .as((s, k, q) -> "{{" + s + "secret(" + q + k + q + ")" + s + "}}");
        return Arbitraries.oneOf(pieces(), secret).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
    }

    private static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.integers().between(-5, 1000).map(i -> (Object) i),
                Arbitraries.longs().between(-5, 5_000_000_000L).map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.doubles().between(-10, 10).ofScale(2).map(d -> (Object) d),
                Arbitraries.just(null),
                Arbitraries.of("{{ a }}", "<&>", "").map(s -> (Object) s));
    }

    private static Arbitrary<Object> values(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<Object> map = Arbitraries.maps(names(), values(depth - 1)).ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> list = scalars().list().ofMaxSize(3).map(l -> (Object) l);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalars()), net.jqwik.api.Tuple.of(2, map),
                net.jqwik.api.Tuple.of(1, list));
    }

    @Provide
    Arbitrary<Map<String, Object>> contexts() {
        return Arbitraries.maps(names(), values(2)).ofMaxSize(8).map(generated -> {
            Map<String, Object> m = new LinkedHashMap<>(generated);
            m.putIfAbsent("big", "y".repeat(90));
            m.putIfAbsent("l", List.of(1, "two"));
            return m;
        });
    }

    /**
     * Found by {@link #fastPathMatchesPlainPebble} (seed -3425433348346311453 on a 2-core machine, after about a
     * hundred full runs): Pebble's {@code list + item} appends to the host's list in place, so a second use sees
     * the changed list; Cascade returns a new list and leaves the host's alone (docs/kestra-compatibility.md). The
     * property leaves this case out; here both behaviours are pinned.
     */
    @net.jqwik.api.Example
    void listPlusItemDiffersByDesign() {
        String template = "{{ x + 1 }}{{ x + 1 }}{{ x }}";
        List<Object> host = new java.util.ArrayList<>();
        assertThat(ours(fast, template, new LinkedHashMap<>(Map.of("x", host))).output()).isEqualTo("[1][1][]");
        assertThat(host).isEmpty();
        assertThat(reference(template, new LinkedHashMap<>(Map.of("x", host))).output()).isEqualTo("[1][1,1][1,1]");
        assertThat(host).containsExactly(1L, 1L); // plain Pebble changed the caller's list
    }

    /** Found by the secrets property: the fast path must stop where Pebble's output bound stops. */
    @net.jqwik.api.Example
    void outputBoundIsReachedBeforeLaterSecretsAreRead() {
        String template = "{{ secret('S1') }}{{ big }}{{ big }}{{ big }}{{ secret('MISSING') }}";
        Map<String, Object> ctx = Map.of("big", "y".repeat(90));
        Outcome a = ours(fast, template, ctx);
        assertThat(a.kind()).isEqualTo(Kind.OUTPUT_TOO_LARGE);
        assertThat(a).isEqualTo(ours(slow, template, ctx));
    }
}
