package dev.cascade.kit;

import dev.cascade.ConflictException;
import dev.cascade.InvalidIdException;
import dev.cascade.access.Action;
import dev.cascade.access.Actor;
import dev.cascade.access.Permission;
import dev.cascade.access.Role;
import dev.cascade.access.RoleBasedAccessPolicy;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.AccessControlStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link AccessControlStore} must meet, with {@code InMemoryAccessControlStore} as the
 * reference. Extend it and implement {@link #createStore()}:
 *
 * <pre>{@code
 * class MyAccessControlStoreCompatibilityTest extends AccessControlStoreCompatibilityKit {
 *     protected AccessControlStore createStore() { return new MyAccessControlStore(...); }
 * }
 * }</pre>
 *
 * Each test works in fresh random tenants, so the kit also runs against a shared real server. Override
 * {@link #closeStore(AccessControlStore)} to release what {@link #createStore()} opened.
 */
public abstract class AccessControlStoreCompatibilityKit extends KitKnobs {

    /** A new store; it may share its data with other tests as long as tenants keep them apart. */
    protected abstract AccessControlStore createStore();

    /** Releases the store after each test (connections, threads). Does nothing by default. */
    protected void closeStore(AccessControlStore store) {
    }

    /**
     * Rounds of the concurrency test (20 here, not 50): each round is one equal binding and one equal membership
     * per writer.
     */
    @Override
    protected int concurrencyRounds() {
        return 20;
    }

    protected AccessControlStore store;
    protected TenantId tenant;
    protected TenantId otherTenant;
    protected final NamespaceId ns = NamespaceId.of("company.marketing");
    protected final NamespaceId child = NamespaceId.of("company.marketing.emea");
    protected final NamespaceId sibling = NamespaceId.of("company.sales");

    @BeforeEach
    void openStore() {
        store = createStore();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        tenant = TenantId.of("kit-" + suffix);
        otherTenant = TenantId.of("kit-" + suffix + "-other");
    }

    @AfterEach
    void releaseStore() {
        if (store != null) {
            closeStore(store);
        }
    }

    private static Role role(String name, Permission permission, Action... actions) {
        return new Role(name, Map.of(permission, EnumSet.of(actions[0], actions)));
    }

    private RoleBinding user(String id, String role) {
        return RoleBinding.tenantWide(tenant, Subject.user(id), role);
    }

    private RoleBinding user(String id, String role, NamespaceId namespace) {
        return RoleBinding.onNamespace(tenant, Subject.user(id), role, namespace);
    }

    // ---- empty tenant ----

    @Test
    void aNewTenantHasEmptyCollectionsNotNull() {
        assertThat(store.roles(tenant)).isNotNull().isEmpty();
        assertThat(store.role(tenant, "auditor")).isEmpty();
        assertThat(store.bindings(tenant)).isNotNull().isEmpty();
        assertThat(store.groups(tenant)).isNotNull().isEmpty();
        assertThat(store.groupsOf(tenant, "ann")).isNotNull().isEmpty();
        assertThat(store.deleteRole(tenant, "auditor")).isFalse();
        assertThat(store.removeBinding(user("ann", "viewer"))).isFalse();
        assertThat(store.removeMember(tenant, "devs", "ann")).isFalse();
    }

    @Test
    void builtInRolesAreNotStored() {
        for (String name : Role.BUILT_IN.keySet()) {
            assertThat(store.role(tenant, name)).as(name).isEmpty();
        }
        assertThat(store.roles(tenant)).isEmpty();
    }

    // ---- roles ----

    @Test
    void aCustomRoleIsStoredWithAllItsGrants() {
        Role auditor = new Role("auditor", Map.of(
                Permission.NAMESPACE, EnumSet.of(Action.READ),
                Permission.SECRET, EnumSet.of(Action.READ, Action.DELETE),
                Permission.ROLE, EnumSet.allOf(Action.class),
                Permission.BINDING, EnumSet.of(Action.CREATE, Action.UPDATE)));
        store.putRole(tenant, auditor);

        assertThat(store.role(tenant, "auditor")).contains(auditor);
        Role read = store.role(tenant, "auditor").orElseThrow();
        assertThat(read.allows(Permission.SECRET, Action.DELETE)).isTrue();
        assertThat(read.allows(Permission.SECRET, Action.UPDATE)).isFalse();
        assertThat(read.allows(Permission.BINDING, Action.DELETE)).isFalse();
        assertThat(read.grants().get(Permission.ROLE)).containsExactlyInAnyOrder(Action.values());
        assertThat(store.roles(tenant)).containsExactly(auditor);
    }

    @Test
    void aRoleWithoutGrantsIsStoredToo() {
        Role nothing = new Role("nothing", Map.of());
        store.putRole(tenant, nothing);
        assertThat(store.role(tenant, "nothing")).contains(nothing);
        assertThat(store.role(tenant, "nothing").orElseThrow().grants()).isEmpty();
    }

    @Test
    void putRoleReplacesAnExistingRole() {
        store.putRole(tenant, role("deployer", Permission.NAMESPACE, Action.READ, Action.UPDATE));
        Role narrower = role("deployer", Permission.SECRET, Action.READ);
        store.putRole(tenant, narrower);

        assertThat(store.roles(tenant)).containsExactly(narrower);
        assertThat(store.role(tenant, "deployer").orElseThrow().allows(Permission.NAMESPACE, Action.UPDATE)).isFalse();
    }

    @Test
    void rolesAreSortedByNameInJavaStringOrder() {
        for (String name : List.of("zeta", "m", "a_b", "alpha", "a-b", "a0", "b", "a")) {
            store.putRole(tenant, role(name, Permission.NAMESPACE, Action.READ));
        }
        assertThat(store.roles(tenant)).extracting(Role::name)
                .containsExactly("a", "a-b", "a0", "a_b", "alpha", "b", "m", "zeta");
    }

    @Test
    void builtInRoleNamesCannotBeRedefinedAndNothingChanges() {
        store.putRole(tenant, role("custom", Permission.NAMESPACE, Action.READ));
        for (String name : Role.BUILT_IN.keySet()) {
            Role imposter = role(name, Permission.SECRET, Action.DELETE);
            assertThatThrownBy(() -> store.putRole(tenant, imposter)).as(name)
                    .isInstanceOf(InvalidIdException.class)
                    .hasMessageContaining(name);
            assertThat(store.role(tenant, name)).as(name).isEmpty();
        }
        assertThat(store.roles(tenant)).extracting(Role::name).containsExactly("custom");
    }

    @Test
    void deleteRoleRemovesAnUnboundRole() {
        store.putRole(tenant, role("temp", Permission.NAMESPACE, Action.READ));
        store.putRole(tenant, role("keep", Permission.NAMESPACE, Action.READ));

        assertThat(store.deleteRole(tenant, "temp")).isTrue();
        assertThat(store.role(tenant, "temp")).isEmpty();
        assertThat(store.roles(tenant)).extracting(Role::name).containsExactly("keep");
        assertThat(store.deleteRole(tenant, "temp")).isFalse();
    }

    @Test
    void deletingARoleThatIsStillBoundConflictsAndChangesNothing() {
        Role deployer = role("deployer", Permission.NAMESPACE, Action.READ, Action.UPDATE);
        store.putRole(tenant, deployer);
        RoleBinding binding = RoleBinding.onNamespace(tenant, Subject.group("ops"), "deployer", ns);
        store.addBinding(binding);

        assertThatThrownBy(() -> store.deleteRole(tenant, "deployer"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("deployer");
        assertThat(store.role(tenant, "deployer")).contains(deployer);
        assertThat(store.bindings(tenant)).containsExactly(binding);

        assertThat(store.removeBinding(binding)).isTrue();
        assertThat(store.deleteRole(tenant, "deployer")).isTrue();
        assertThat(store.roles(tenant)).isEmpty();
    }

    @Test
    void aBindingInAnotherTenantDoesNotBlockDeletion() {
        store.putRole(tenant, role("deployer", Permission.NAMESPACE, Action.READ));
        store.putRole(otherTenant, role("deployer", Permission.NAMESPACE, Action.READ));
        store.addBinding(RoleBinding.tenantWide(otherTenant, Subject.user("ann"), "deployer"));

        assertThat(store.deleteRole(tenant, "deployer")).isTrue();
        assertThat(store.role(otherTenant, "deployer")).isPresent();
        assertThatThrownBy(() -> store.deleteRole(otherTenant, "deployer")).isInstanceOf(ConflictException.class);
    }

    // ---- bindings ----

    @Test
    void addBindingReturnsFalseForAnEqualBinding() {
        RoleBinding wide = user("ann", "viewer");
        RoleBinding onNs = user("ann", "viewer", ns);

        assertThat(store.addBinding(wide)).isTrue();
        assertThat(store.addBinding(RoleBinding.tenantWide(tenant, Subject.user("ann"), "viewer"))).isFalse();
        assertThat(store.addBinding(onNs)).isTrue();
        assertThat(store.addBinding(user("ann", "viewer", NamespaceId.of("company.marketing")))).isFalse();

        assertThat(store.bindings(tenant)).containsExactly(wide, onNs);
    }

    @Test
    void bindingsDifferingInOnePartAreDistinct() {
        List<RoleBinding> all = List.of(
                user("ann", "viewer", ns),
                RoleBinding.onNamespace(tenant, Subject.group("ann"), "viewer", ns),
                user("Ann", "viewer", ns),
                user("ann", "editor", ns),
                user("ann", "viewer", child),
                user("ann", "viewer"));
        for (RoleBinding b : all) {
            assertThat(store.addBinding(b)).as(b.toString()).isTrue();
        }
        assertThat(store.bindings(tenant)).containsExactlyElementsOf(all);
    }

    @Test
    void bindingsComeBackInTheOrderTheyWereAdded() {
        RoleBinding b1 = user("zed", "viewer", sibling);
        RoleBinding b2 = user("amy", "editor");
        RoleBinding b3 = RoleBinding.onNamespace(tenant, Subject.group("devs"), "admin", child);
        store.addBinding(b1);
        store.addBinding(b2);
        store.addBinding(b3);
        assertThat(store.bindings(tenant)).containsExactly(b1, b2, b3);

        store.removeBinding(b1);
        store.addBinding(b1);
        assertThat(store.bindings(tenant)).containsExactly(b2, b3, b1);
    }

    @Test
    void removeBindingRemovesExactlyThatBinding() {
        RoleBinding wide = user("ann", "editor");
        RoleBinding onNs = user("ann", "editor", ns);
        RoleBinding onChild = user("ann", "editor", child);
        store.addBinding(wide);
        store.addBinding(onNs);
        store.addBinding(onChild);

        assertThat(store.removeBinding(user("ann", "editor", ns))).isTrue();
        assertThat(store.bindings(tenant)).containsExactly(wide, onChild);
        assertThat(store.removeBinding(onNs)).isFalse();

        assertThat(store.removeBinding(user("ann", "editor"))).isTrue();
        assertThat(store.bindings(tenant)).containsExactly(onChild);
        assertThat(store.removeBinding(RoleBinding.onNamespace(tenant, Subject.group("ann"), "editor", child))).isFalse();
        assertThat(store.bindings(tenant)).containsExactly(onChild);
    }

    @Test
    void bindingsMayNameBuiltInAndNotYetDefinedRoles() {
        RoleBinding builtIn = user("ann", "admin");
        RoleBinding undefined = user("bob", "not-defined-yet", ns);
        assertThat(store.addBinding(builtIn)).isTrue();
        assertThat(store.addBinding(undefined)).isTrue();
        assertThat(store.bindings(tenant)).containsExactly(builtIn, undefined);
    }

    @Test
    void longSubjectAndNamespaceIdsRoundTrip() {
        String longId = "u".repeat(254) + "é";
        StringBuilder nsId = new StringBuilder("a");
        while (nsId.length() + 2 <= NamespaceId.MAX_LENGTH) {
            nsId.append(".b");
        }
        RoleBinding b = RoleBinding.onNamespace(tenant, Subject.user(longId), "r".repeat(64), NamespaceId.of(nsId.toString()));
        assertThat(store.addBinding(b)).isTrue();
        assertThat(store.bindings(tenant)).containsExactly(b);
        assertThat(store.addMember(tenant, longId, longId)).isTrue();
        assertThat(store.groupsOf(tenant, longId)).containsExactly(longId);
    }

    // ---- group memberships ----

    @Test
    void membersAreAddedOnceAndRemoved() {
        assertThat(store.addMember(tenant, "devs", "ann")).isTrue();
        assertThat(store.addMember(tenant, "devs", "ann")).isFalse();
        assertThat(store.addMember(tenant, "ops", "ann")).isTrue();
        assertThat(store.addMember(tenant, "devs", "bob")).isTrue();

        assertThat(store.groupsOf(tenant, "ann")).containsExactlyInAnyOrder("devs", "ops");
        assertThat(store.groupsOf(tenant, "bob")).containsExactly("devs");
        assertThat(store.groupsOf(tenant, "carl")).isEmpty();

        assertThat(store.removeMember(tenant, "devs", "ann")).isTrue();
        assertThat(store.removeMember(tenant, "devs", "ann")).isFalse();
        assertThat(store.groupsOf(tenant, "ann")).containsExactly("ops");
        assertThat(store.groups(tenant)).containsOnlyKeys("devs", "ops");
        assertThat(store.groups(tenant).get("devs")).containsExactly("bob");
    }

    @Test
    void groupsAreSortedByNameAndAGroupWithoutMembersDisappears() {
        for (String g : List.of("zeta", "Ops", "a-b", "a_b", "a0", "devs")) {
            store.addMember(tenant, g, "ann");
        }
        store.addMember(tenant, "devs", "bob");
        Map<String, Set<String>> groups = store.groups(tenant);
        assertThat(groups.keySet()).containsExactly("Ops", "a-b", "a0", "a_b", "devs", "zeta");
        assertThat(groups.get("devs")).containsExactlyInAnyOrder("ann", "bob");

        store.removeMember(tenant, "zeta", "ann");
        assertThat(store.groups(tenant)).doesNotContainKey("zeta");
        assertThat(store.groups(tenant)).hasSize(5);
    }

    @Test
    void groupAndUserIdsAreCaseSensitive() {
        store.addMember(tenant, "devs", "ann");
        assertThat(store.addMember(tenant, "Devs", "ann")).isTrue();
        assertThat(store.addMember(tenant, "devs", "Ann")).isTrue();
        assertThat(store.groupsOf(tenant, "ann")).containsExactlyInAnyOrder("devs", "Devs");
        assertThat(store.groupsOf(tenant, "Ann")).containsExactly("devs");
        assertThat(store.removeMember(tenant, "DEVS", "ann")).isFalse();
    }

    @Test
    void badGroupOrUserIdsAreRefusedAndNothingChanges() {
        store.addMember(tenant, "devs", "ann");
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"", "bob"});
        bad.add(new String[] {"  ", "bob"});
        bad.add(new String[] {null, "bob"});
        bad.add(new String[] {"g".repeat(256), "bob"});
        bad.add(new String[] {"devs", ""});
        bad.add(new String[] {"devs", " \t"});
        bad.add(new String[] {"devs", null});
        bad.add(new String[] {"devs", "u".repeat(256)});
        for (String[] b : bad) {
            assertThatThrownBy(() -> store.addMember(tenant, b[0], b[1]))
                    .as(String.valueOf(b[0]) + "/" + b[1]).isInstanceOf(InvalidIdException.class);
        }
        assertThat(store.groups(tenant)).isEqualTo(Map.of("devs", Set.of("ann")));
    }

    // ---- results ----

    @Test
    void returnedCollectionsAreUnmodifiableSnapshots() {
        store.putRole(tenant, role("auditor", Permission.NAMESPACE, Action.READ));
        store.addBinding(user("ann", "viewer"));
        store.addMember(tenant, "devs", "ann");
        List<Role> roles = store.roles(tenant);
        List<RoleBinding> bindings = store.bindings(tenant);
        Map<String, Set<String>> groups = store.groups(tenant);
        Set<String> groupsOf = store.groupsOf(tenant, "ann");

        assertThatThrownBy(() -> roles.add(role("x", Permission.NAMESPACE, Action.READ)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> bindings.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> groups.put("x", Set.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> groups.get("devs").add("bob")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> groupsOf.add("ops")).isInstanceOf(UnsupportedOperationException.class);

        store.addMember(tenant, "devs", "bob");
        store.addBinding(user("bob", "viewer"));
        assertThat(groups.get("devs")).containsExactly("ann");
        assertThat(bindings).hasSize(1);
    }

    // ---- tenants ----

    @Test
    void tenantsAreIsolated() {
        store.putRole(tenant, role("deployer", Permission.NAMESPACE, Action.UPDATE));
        store.addBinding(user("ann", "deployer", ns));
        store.addMember(tenant, "devs", "ann");

        assertThat(store.roles(otherTenant)).isEmpty();
        assertThat(store.role(otherTenant, "deployer")).isEmpty();
        assertThat(store.bindings(otherTenant)).isEmpty();
        assertThat(store.groups(otherTenant)).isEmpty();
        assertThat(store.groupsOf(otherTenant, "ann")).isEmpty();

        // the same names in the other tenant are independent
        Role other = role("deployer", Permission.SECRET, Action.READ);
        store.putRole(otherTenant, other);
        RoleBinding otherBinding = RoleBinding.onNamespace(otherTenant, Subject.user("ann"), "deployer", ns);
        assertThat(store.addBinding(otherBinding)).isTrue();
        assertThat(store.addMember(otherTenant, "devs", "ann")).isTrue();

        assertThat(store.removeMember(otherTenant, "devs", "ann")).isTrue();
        assertThat(store.removeBinding(otherBinding)).isTrue();
        assertThat(store.deleteRole(otherTenant, "deployer")).isTrue();

        assertThat(store.role(tenant, "deployer").orElseThrow().allows(Permission.NAMESPACE, Action.UPDATE)).isTrue();
        assertThat(store.bindings(tenant)).containsExactly(user("ann", "deployer", ns));
        assertThat(store.groupsOf(tenant, "ann")).containsExactly("devs");
    }

    // ---- the policy over the store ----

    @Test
    void thePolicySeesEveryChangeOnTheNextCheck() {
        RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(store);
        Actor bob = Actor.user("bob");
        store.putRole(tenant, role("deployer", Permission.NAMESPACE, Action.READ, Action.UPDATE));
        store.addBinding(RoleBinding.onNamespace(tenant, Subject.group("ops"), "deployer", ns));
        assertThat(policy.isAllowed(bob, tenant, child, Permission.NAMESPACE, Action.UPDATE)).isFalse();

        store.addMember(tenant, "ops", "bob");
        assertThat(policy.isAllowed(bob, tenant, child, Permission.NAMESPACE, Action.UPDATE)).isTrue();
        assertThat(policy.isAllowed(bob, tenant, sibling, Permission.NAMESPACE, Action.UPDATE)).isFalse();
        assertThat(policy.isAllowed(bob, otherTenant, child, Permission.NAMESPACE, Action.UPDATE)).isFalse();

        store.putRole(tenant, role("deployer", Permission.NAMESPACE, Action.READ));
        assertThat(policy.isAllowed(bob, tenant, child, Permission.NAMESPACE, Action.UPDATE)).isFalse();
        assertThat(policy.isAllowed(bob, tenant, child, Permission.NAMESPACE, Action.READ)).isTrue();

        store.removeMember(tenant, "ops", "bob");
        assertThat(policy.isAllowed(bob, tenant, child, Permission.NAMESPACE, Action.READ)).isFalse();

        RoleBinding direct = user("bob", "viewer");
        store.addBinding(direct);
        assertThat(policy.isAllowed(bob, tenant, sibling, Permission.SECRET, Action.READ)).isTrue();
        store.removeBinding(direct);
        assertThat(policy.isAllowed(bob, tenant, sibling, Permission.SECRET, Action.READ)).isFalse();
    }

    // ---- concurrency ----

    @Test
    void concurrentEqualWritesSucceedOnce() throws Exception {
        int rounds = concurrencyRounds();
        // in each round every writer adds the same binding, then the same membership, all released together
        List<Integer> bindingWins = CompareAndSetRounds.run(concurrentWriters(), rounds, failSafeTimeout(), () -> 0L,
                (ignored, writer, round) -> store.addBinding(user("ann", "viewer", NamespaceId.of("company.r" + round))));
        List<Integer> memberWins = CompareAndSetRounds.run(concurrentWriters(), rounds, failSafeTimeout(), () -> 0L,
                (ignored, writer, round) -> store.addMember(tenant, "g" + round, "ann"));
        assertThat(bindingWins).as("writers whose addBinding of one equal binding returned true, per round").containsOnly(1);
        assertThat(memberWins).as("writers whose addMember of one equal membership returned true, per round").containsOnly(1);
        assertThat(store.bindings(tenant)).hasSize(rounds);
        assertThat(store.groupsOf(tenant, "ann")).hasSize(rounds);
    }

    @Test
    void aRoleMayGrantTheSecretStoreGovernancePermission() {
        Role storeAdmin = new Role("store-admin", Map.of(
                Permission.NAMESPACE, EnumSet.of(Action.READ, Action.UPDATE),
                Permission.SECRET_STORE, EnumSet.of(Action.UPDATE)));
        store.putRole(tenant, storeAdmin);
        Role read = store.role(tenant, "store-admin").orElseThrow();
        assertThat(read).isEqualTo(storeAdmin);
        assertThat(read.allows(Permission.SECRET_STORE, Action.UPDATE)).isTrue();
        assertThat(read.allows(Permission.SECRET_STORE, Action.DELETE)).isFalse();
    }
}
