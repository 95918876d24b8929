package dev.cascade.internal.resolve;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Generations}: what an invalidation recorded after a generation covers. */
class GenerationsTest {
    private static final TenantId T = TenantId.DEFAULT;
    private static final TenantId OTHER = TenantId.of("other");
    private static final NamespaceId A = NamespaceId.of("a");
    private static final NamespaceId AB = NamespaceId.of("a.b");
    private static final NamespaceId B = NamespaceId.of("b");

    @Test
    void aSubtreeInvalidationCoversTheNamespaceAndItsDescendantsInItsTenantOnly() {
        Generations g = new Generations();
        assertThat(g.current()).isZero();
        assertThat(g.invalidatedSince(T, A, 0)).isFalse();
        g.recordSubtree(T, A);
        // recorded for the next generation, before it is published
        assertThat(g.current()).isZero();
        assertThat(g.invalidatedSince(T, A, 0)).isTrue();
        assertThat(g.invalidatedSince(T, AB, 0)).isTrue();
        assertThat(g.invalidatedSince(T, B, 0)).isFalse();
        assertThat(g.invalidatedSince(OTHER, A, 0)).isFalse();
        g.publish();
        assertThat(g.current()).isEqualTo(1);
        // an entry loaded at the new generation is not covered
        assertThat(g.invalidatedSince(T, AB, 1)).isFalse();
        g.recordSubtree(T, AB);
        assertThat(g.invalidatedSince(T, AB, 1)).isTrue();
        assertThat(g.invalidatedSince(T, A, 1)).as("a descendant's invalidation does not cover its parent").isFalse();
        g.publish();
        g.recordSubtree(T, A); // recorded again later: the later generation counts
        assertThat(g.invalidatedSince(T, AB, 2)).isTrue();
    }

    @Test
    void invalidatingEverythingCoversEveryNamespaceOfEveryTenant() {
        Generations g = new Generations();
        g.publish();
        g.publish();
        g.recordAll();
        assertThat(g.invalidatedSince(OTHER, B, 2)).isTrue();
        assertThat(g.invalidatedSince(T, AB, 1)).isTrue();
        g.publish();
        assertThat(g.current()).isEqualTo(3);
        assertThat(g.invalidatedSince(OTHER, B, 3)).isFalse();
        assertThat(g.invalidatedSince(T, A, 3)).isFalse();
    }
}
