package dev.cascade.resolve;

import dev.cascade.AccessDeniedException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code secret('K', namespace='X')} rendered in namespace N over generated trees, against a model written from
 * docs/semantics.md ("Another namespace's secrets") and not from the resolver: X's chain is searched from X up to
 * the root over existing namespaces only; the closest holder H wins; the read is allowed when X and H each are an
 * ancestor of N (or N itself) or list N in their allowed namespaces, as an exact id or a {@code p.*} pattern
 * matching p and everything under it. Ids share prefixes ({@code a}/{@code ab}) so that string prefixes cannot pass for
 * ancestry. A secret stored for a namespace that was never created (a placeholder) contributes nothing.
 */
class CrossNamespaceSecretProperties {
    /** Closed under ancestors; {@code a}/{@code ab} and {@code a.b}/{@code a.ab} pairs on purpose. */
    static final List<String> IDS = List.of("a", "ab", "b", "a.b", "a.ab", "a.b.c", "ab.c", "b.a");
    static final List<String> PATTERNS = List.of("a", "ab", "a.b", "a.b.c", "ab.c", "b.a", "a.*", "ab.*", "a.b.*", "b.*");

    /** One namespace of a generated tree: whether it exists, whom it allows, whether a secret K is stored for it. */
    record Node(String id, boolean exists, List<String> allowed, boolean holdsKey) { }

    record Scenario(List<Node> nodes, String caller, String target) { }

    @Provide
    Arbitrary<Scenario> scenarios() {
        List<Arbitrary<Node>> nodes = new ArrayList<>();
        for (String id : IDS) {
            nodes.add(Combinators.combine(Arbitraries.of(true, true, false),
                            Arbitraries.of(PATTERNS).list().uniqueElements().ofMaxSize(3), Arbitraries.of(true, false))
                    .as((exists, allowed, holds) -> new Node(id, exists, allowed, holds)));
        }
        return Combinators.combine(Combinators.combine(nodes).as(List::copyOf), Arbitraries.of(IDS), Arbitraries.of(IDS))
                .as(Scenario::new);
    }

    @Property(tries = 400)
    void aCrossNamespaceReadFollowsTheDocumentedRule(@ForAll("scenarios") Scenario s) {
        try (ResolverFixture f = new ResolverFixture()) {
            for (Node n : s.nodes()) {
                if (n.exists()) {
                    f.storage.namespaces().create(ResolverFixture.MAIN, NamespaceId.of(n.id()), new NamespaceProperties("",
                            n.allowed().stream().map(AllowedNamespace::parse).toList(), Optional.empty()));
                }
                if (n.holdsKey()) {
                    f.memory.put(ResolverFixture.MAIN, NamespaceId.of(n.id()), SecretKey.of("K"), SecretValue.of("value-of-" + n.id()),
                            SecretAttributes.NONE, SecretStore.ANY_VERSION);
                }
            }
            String expected = model(s);
            String actual;
            try {
                actual = f.render(s.caller(), "{{ secret('K', namespace='" + s.target() + "') }}");
            } catch (AccessDeniedException e) {
                actual = "DENIED";
            } catch (SecretNotFoundException e) {
                actual = "NOT_FOUND";
            }
            assertThat(actual).as("secret('K', namespace='%s') in %s over %s", s.target(), s.caller(), s.nodes())
                    .isEqualTo(expected);
        }
    }

    /**
     * The rule as docs/semantics.md states it: the caller may read X's chain when X is an ancestor of the caller
     * (or the caller itself) or X lists the caller; and the namespace that actually holds the key must allow
     * the caller "too", by the same test. A namespace that does not exist lists nobody.
     */
    static String model(Scenario s) {
        if (!mayRead(s, s.target(), s.caller())) {
            return "DENIED";
        }
        for (String id : selfAndAncestors(s.target())) { // closest first
            Node n = node(s, id);
            if (n.exists() && n.holdsKey()) {
                return mayRead(s, n.id(), s.caller()) ? "value-of-" + n.id() : "DENIED";
            }
        }
        return "NOT_FOUND";
    }

    private static boolean mayRead(Scenario s, String namespace, String caller) {
        Node n = node(s, namespace);
        return isAncestorOrSelf(namespace, caller) || (n.exists() && allows(n, caller));
    }

    private static Node node(Scenario s, String id) {
        return s.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private static boolean allows(Node n, String caller) {
        for (String p : n.allowed()) {
            if (p.endsWith(".*") ? isAncestorOrSelf(p.substring(0, p.length() - 2), caller) : p.equals(caller)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> segments(String id) {
        return Arrays.asList(id.split("\\."));
    }

    static boolean isAncestorOrSelf(String ancestor, String id) {
        List<String> a = segments(ancestor);
        List<String> n = segments(id);
        return a.size() <= n.size() && n.subList(0, a.size()).equals(a);
    }

    static List<String> selfAndAncestors(String id) {
        List<String> segs = segments(id);
        List<String> result = new ArrayList<>();
        for (int i = segs.size(); i >= 1; i--) {
            result.add(String.join(".", segs.subList(0, i)));
        }
        return result;
    }

    /** The case the property found: the allowance of the named namespace does not extend to what it inherits. */
    @Example
    void aSecretInheritedFromANamespaceThatDoesNotAllowTheCallerIsDenied() {
        try (ResolverFixture f = new ResolverFixture()) {
            f.create("a");
            f.create("a.ab", "b.a");
            f.create("b.a");
            f.secret("a", "K", "value-of-a");
            assertThatThrownBy(() -> f.render("b.a", "{{ secret('K', namespace='a.ab') }}"))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("the secret is held by 'a'").hasMessageContaining("allowedNamespaces of 'a'")
                    .hasMessageNotContaining("value-of-a");
            f.create("a.open", "b.*");
            f.secret("a.open", "K", "value-of-a-open");
            assertThat(f.render("b.a", "{{ secret('K', namespace='a.open') }}")).isEqualTo("value-of-a-open");
        }
    }

    @Property(tries = 50)
    void theModelItselfKnowsSegmentsFromPrefixes(@ForAll("ids") String a, @ForAll("ids") String b) {
        // a sanity check of the oracle's own helper on the pairs that matter
        assertThat(isAncestorOrSelf("a", "ab")).isFalse();
        assertThat(isAncestorOrSelf("a", "a.ab")).isTrue();
        assertThat(isAncestorOrSelf(a, b) && isAncestorOrSelf(b, a)).isEqualTo(a.equals(b));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.of(IDS);
    }
}
