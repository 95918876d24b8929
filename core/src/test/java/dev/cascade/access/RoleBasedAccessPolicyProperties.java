package dev.cascade.access;

import dev.cascade.backend.InMemoryAccessControlStore;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Laws of the role-based policy over random namespace trees, roles and bindings. The oracle is the rule
 * as docs/semantics.md states it, written independently of the implementation: an actor can act on N exactly
 * when a binding on an ancestor-or-self of N (or tenant-wide) for the actor or one of its groups grants it.
 * Ids share prefixes on purpose (namespaces {@code a}/{@code ab}/{@code a-b}, users {@code ann}/{@code anna},
 * groups {@code dev}/{@code devs}) so that a prefix comparison where a segment comparison belongs shows up.
 */
class RoleBasedAccessPolicyProperties {
    static final TenantId A = TenantId.of("tenant-a");
    static final TenantId B = TenantId.of("tenant-b");
    static final List<String> USERS = List.of("ann", "anna", "bob");
    static final List<String> GROUPS = List.of("dev", "devs", "ops");
    static final List<String> ROLES = List.of("admin", "editor", "viewer", "secrets-writer", "auditor");
    static final Role AUDITOR = new Role("auditor", Map.of(Permission.NAMESPACE, EnumSet.of(Action.READ),
            Permission.BINDING, EnumSet.of(Action.READ)));

    record Scenario(List<RoleBinding> bindings, Map<String, List<String>> memberships, List<NamespaceId> tree) { }

    @Provide
    Arbitrary<NamespaceId> namespaces() {
        return Arbitraries.of("a", "ab", "a-b", "b").list().ofMinSize(1).ofMaxSize(4)
                .map(l -> NamespaceId.of(String.join(".", l)));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Subject> subjects = Arbitraries.oneOf(Arbitraries.of(USERS).map(Subject::user),
                Arbitraries.of(GROUPS).map(Subject::group));
        Arbitrary<Optional<NamespaceId>> scope = Arbitraries.oneOf(Arbitraries.just(Optional.<NamespaceId>empty()),
                namespaces().map(Optional::of), namespaces().map(Optional::of), namespaces().map(Optional::of));
        Arbitrary<TenantId> tenants = Arbitraries.of(A, A, A, B);
        Arbitrary<RoleBinding> binding = Combinators.combine(tenants, subjects, Arbitraries.of(ROLES), scope)
                .as(RoleBinding::new);
        Arbitrary<Map<String, List<String>>> members = Arbitraries.maps(Arbitraries.of(USERS),
                Arbitraries.of(GROUPS).list().uniqueElements().ofMaxSize(2)).ofMaxSize(3);
        return Combinators.combine(binding.list().ofMaxSize(8), members, namespaces().list().ofMinSize(1).ofMaxSize(10))
                .as(Scenario::new);
    }

    private static RoleBasedAccessPolicy policyFor(Scenario s) {
        InMemoryAccessControlStore store = new InMemoryAccessControlStore();
        store.putRole(A, AUDITOR);
        store.putRole(B, AUDITOR);
        s.bindings().forEach(store::addBinding);
        // memberships are stored in tenant A only
        s.memberships().forEach((user, groups) -> groups.forEach(g -> store.addMember(A, g, user)));
        return new RoleBasedAccessPolicy(store);
    }

    /** The rule, stated directly. */
    private static boolean oracle(Scenario s, String user, TenantId tenant, NamespaceId ns, Permission p, Action a) {
        for (RoleBinding b : s.bindings()) {
            if (!b.tenant().equals(tenant)) {
                continue;
            }
            boolean covers = b.namespace().isEmpty()
                    || (ns != null && (ns.value().equals(b.namespace().get().value())
                    || ns.value().startsWith(b.namespace().get().value() + ".")));
            boolean subject = b.subject().kind() == Subject.Kind.USER ? b.subject().id().equals(user)
                    : tenant.equals(A) && s.memberships().getOrDefault(user, List.of()).contains(b.subject().id());
            Role role = b.role().equals("auditor") ? AUDITOR : Role.BUILT_IN.get(b.role());
            if (covers && subject && role.allows(p, a)) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 300)
    void allowedExactlyWhenABindingOnAnAncestorOrSelfGrantsIt(@ForAll("scenarios") Scenario s) {
        RoleBasedAccessPolicy policy = policyFor(s);
        for (String user : USERS) {
            Actor actor = Actor.user(user);
            for (TenantId tenant : List.of(A, B)) {
                List<NamespaceId> targets = new ArrayList<>(s.tree());
                targets.add(null);
                for (NamespaceId ns : targets) {
                    for (Permission p : Permission.values()) {
                        for (Action a : Action.values()) {
                            assertThat(policy.isAllowed(actor, tenant, ns, p, a))
                                    .as("%s %s %s %s %s", user, tenant, ns, p, a)
                                    .isEqualTo(oracle(s, user, tenant, ns, p, a));
                        }
                    }
                }
                // the filter listings use decides every namespace the same way
                for (Permission p : Permission.values()) {
                    for (Action a : Action.values()) {
                        NamespaceFilter filter = policy.namespaceFilter(actor, tenant, p, a);
                        for (NamespaceId ns : s.tree()) {
                            assertThat(filter.test(ns)).as("filter %s %s %s %s %s", user, tenant, ns, p, a)
                                    .isEqualTo(oracle(s, user, tenant, ns, p, a));
                        }
                    }
                }
            }
        }
    }

    @Example
    void theDefaultFilterAsksThePolicyForEachNamespace() {
        AccessPolicy onlyA = (actor, tenant, ns, p, a) -> ns != null && ancestorOrSelf(NamespaceId.of("a"), ns);
        NamespaceFilter filter = onlyA.namespaceFilter(Actor.user("ann"), A, Permission.NAMESPACE, Action.READ);
        assertThat(filter.test(NamespaceId.of("a.b"))).isTrue();
        assertThat(filter.test(NamespaceId.of("ab"))).isFalse();
        assertThat(filter.subtrees()).isEmpty();
    }

    @Property(tries = 200)
    void bindingsOfTenantANeverGrantAnythingInTenantB(@ForAll("scenarios") Scenario s, @ForAll("namespaces") NamespaceId ns) {
        List<RoleBinding> onlyA = s.bindings().stream().filter(b -> b.tenant().equals(A)).toList();
        RoleBasedAccessPolicy policy = policyFor(new Scenario(onlyA, s.memberships(), s.tree()));
        for (String user : USERS) {
            for (Permission p : Permission.values()) {
                for (Action a : Action.values()) {
                    assertThat(policy.isAllowed(Actor.user(user, "dev", "devs", "ops"), B, ns, p, a)).isFalse();
                }
            }
        }
    }

    @Property(tries = 200)
    void aBindingOnNNeverReachesParentsOrSiblings(@ForAll("namespaces") NamespaceId bound, @ForAll("namespaces") NamespaceId other) {
        InMemoryAccessControlStore store = new InMemoryAccessControlStore();
        store.addBinding(RoleBinding.onNamespace(A, Subject.user("ann"), "admin", bound));
        RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(store);
        boolean expected = ancestorOrSelf(bound, other);
        assertThat(policy.isAllowed(Actor.user("ann"), A, other, Permission.NAMESPACE, Action.READ)).isEqualTo(expected);
        assertThat(policy.isAllowed(Actor.user("ann"), A, null, Permission.ROLE, Action.READ)).isFalse();
    }

    @Property(tries = 100)
    void groupMembershipAddsAndRemovalTakesAwayAtOnce(@ForAll("namespaces") NamespaceId ns, @ForAll("namespaces") NamespaceId target) {
        InMemoryAccessControlStore store = new InMemoryAccessControlStore();
        store.addBinding(RoleBinding.onNamespace(A, Subject.group("devs"), "editor", ns));
        RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(store);
        Actor bob = Actor.user("bob");
        boolean covered = ancestorOrSelf(ns, target);
        assertThat(policy.isAllowed(bob, A, target, Permission.SECRET, Action.UPDATE)).isFalse();
        store.addMember(A, "dev", "bob");
        assertThat(policy.isAllowed(bob, A, target, Permission.SECRET, Action.UPDATE)).as("member of dev, bound: devs")
                .isFalse();
        store.addMember(A, "devs", "bob");
        assertThat(policy.isAllowed(bob, A, target, Permission.SECRET, Action.UPDATE)).isEqualTo(covered);
        assertThat(policy.isAllowed(bob, A, target, Permission.SECRET, Action.DELETE)).isFalse();
        store.removeMember(A, "devs", "bob");
        assertThat(policy.isAllowed(bob, A, target, Permission.SECRET, Action.UPDATE)).isFalse();
        assertThat(store.groupsOf(A, "bob")).isEqualTo(Set.of("dev"));
    }

    /** Ancestor-or-self by whole segments, independently of {@code NamespaceId.isAncestorOrSelfOf}. */
    private static boolean ancestorOrSelf(NamespaceId ancestor, NamespaceId ns) {
        List<String> a = List.of(ancestor.value().split("\\."));
        List<String> n = List.of(ns.value().split("\\."));
        return a.size() <= n.size() && n.subList(0, a.size()).equals(a);
    }
}
