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
}
