package dev.cascade.internal.resolve;

import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.EffectiveNamespace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The front serves an entry only at its generation, before its expiry, and until its eviction. */
class NamespaceFrontTest {
    private static final TenantId T = TenantId.DEFAULT;
    private static final NamespaceId A = NamespaceId.of("a");

    private static NamespaceContext ctx() {
        return new NamespaceContext(new EffectiveNamespace(T, A, NamespaceStatus.PLACEHOLDER, Map.of(),
                PluginDefaultsChain.EMPTY, List.of(), Optional.empty(), List.of()), null, 0, 0, ListMerge.REPLACE);
    }

    @Test
    void pushedEvictionClearsTheSlotAndNoClockIsRead() {
        NamespaceFront front = new NamespaceFront(null);
        NamespaceContext c = ctx();
        front.put(T, A, c, 3, 0); // expiresAt in the past: ignored, nothing reads a clock
        assertThat(front.get(T, A, 3)).isSameAs(c);
        assertThat(front.get(T, A, 4)).as("another generation").isNull();
        assertThat(front.get(T, NamespaceId.of("b"), 3)).isNull();
        front.evicted(T, A, ctx()); // another context: the slot stays
        assertThat(front.get(T, A, 3)).isSameAs(c);
        front.evicted(T, A, c);
        assertThat(front.get(T, A, 3)).isNull();
        assertThat(front.hits()).isEqualTo(2);
    }

    @Test
    void withATickerAnEntryIsGivenUpAtItsExpiry() {
        AtomicLong now = new AtomicLong(100);
        NamespaceFront front = new NamespaceFront(now::get);
        NamespaceContext c = ctx();
        front.put(T, A, c, 0, 200);
        assertThat(front.get(T, A, 0)).isSameAs(c);
        now.set(200);
        assertThat(front.get(T, A, 0)).isNull();
    }

    @Test
    void equalIdsFindTheEntryAndOthersSharingItsSlotDoNot() {
        NamespaceFront front = new NamespaceFront(null);
        NamespaceContext c = ctx();
        front.put(T, A, c, 0, 0);
        assertThat(front.get(TenantId.of("main"), NamespaceId.of("a"), 0)).as("equal, not the same instances")
                .isSameAs(c);
        // the front has 1024 slots, chosen by the ids' hashes: 1025 ids always hold two that share one
        NamespaceId[] sharing = sharingASlot(i -> T, i -> NamespaceId.of("n" + i));
        front.put(T, sharing[0], c, 0, 0);
        assertThat(front.get(T, sharing[1], 0)).isNull();
        assertThat(front.get(T, sharing[0], 0)).isSameAs(c);
        TenantId[] tenants = sharingASlot(i -> TenantId.of("t" + i), i -> A);
        front.put(tenants[0], A, c, 0, 0);
        assertThat(front.get(tenants[1], A, 0)).isNull();
        assertThat(front.get(tenants[0], A, 0)).isSameAs(c);
    }

    @Test
    void namespacesOfDifferentSlotsAreRememberedSideBySide() {
        NamespaceFront front = new NamespaceFront(null);
        NamespaceContext a = ctx();
        NamespaceContext b = ctx();
        NamespaceId bId = NamespaceId.of("b"); // hashes one above "a": the next slot
        front.put(T, A, a, 0, 0);
        front.put(T, bId, b, 0, 0);
        assertThat(front.get(T, A, 0)).isSameAs(a);
        assertThat(front.get(T, bId, 0)).isSameAs(b);
        assertThat(front.hits()).isEqualTo(2);
    }

    /** Two distinct ids (of a tenant or a namespace, whichever varies with i) that share a front slot. */
    @SuppressWarnings("unchecked")
    private static <X> X[] sharingASlot(java.util.function.IntFunction<TenantId> tenant,
                                        java.util.function.IntFunction<NamespaceId> namespace) {
        java.util.Map<Integer, Integer> bySlot = new java.util.HashMap<>();
        for (int i = 0; i <= 1024; i++) {
            int slot = (tenant.apply(i).hashCode() * 31 + namespace.apply(i).hashCode()) & 1023;
            Integer earlier = bySlot.putIfAbsent(slot, i);
            if (earlier != null) {
                boolean tenants = !tenant.apply(0).equals(tenant.apply(1));
                return (X[]) (tenants ? new TenantId[] {tenant.apply(earlier), tenant.apply(i)}
                        : new NamespaceId[] {namespace.apply(earlier), namespace.apply(i)});
            }
        }
        throw new AssertionError("1025 ids in 1024 slots");
    }
}
