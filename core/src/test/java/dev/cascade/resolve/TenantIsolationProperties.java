package dev.cascade.resolve;

import dev.cascade.SecretNotFoundException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A secret is visible exactly from its own namespace's subtree, in its own tenant. */
class TenantIsolationProperties {

    @Property(tries = 150)
    void secretVisibleOnlyInOwnTenantAndSubtree(@ForAll("tenants") String ownerTenant, @ForAll("tenants") String readerTenant,
                                                @ForAll("namespaces") String owner, @ForAll("namespaces") String reader) {
        try (ResolverFixture f = new ResolverFixture()) {
            TenantId ot = TenantId.of(ownerTenant);
            TenantId rt = TenantId.of(readerTenant);
            NamespaceId on = NamespaceId.of(owner);
            NamespaceId rn = NamespaceId.of(reader);
            f.storage.namespaces().create(ot, on, NamespaceProperties.EMPTY);
            if (!rt.equals(ot) || !rn.equals(on)) {
                f.storage.namespaces().create(rt, rn, NamespaceProperties.EMPTY);
            }
            f.memory.put(ot, on, SecretKey.of("K"), SecretValue.of("owned-by-" + ownerTenant), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION);
            f.storage.variables().put(ot, on, Map.of("v", "var-of-" + ownerTenant), 0);
            boolean visible = ot.equals(rt) && on.isAncestorOrSelfOf(rn);
            if (visible) {
                assertThat(f.resolver.render(rt, rn, "{{ secret('K') }}", Map.of()).output()).isEqualTo("owned-by-" + ownerTenant);
                assertThat(f.resolver.effectiveNamespace(rt, rn).variables()).containsEntry("v", "var-of-" + ownerTenant);
            } else {
                assertThatThrownBy(() -> f.resolver.render(rt, rn, "{{ secret('K') }}", Map.of()))
                        .isInstanceOf(SecretNotFoundException.class);
                assertThat(f.resolver.effectiveNamespace(rt, rn).variables()).doesNotContainKey("v");
            }
        }
    }

    @Provide
    Arbitrary<String> tenants() {
        return Arbitraries.of("main", "t1", "t2");
    }

    @Provide
    Arbitrary<String> namespaces() {
        return Arbitraries.of("a", "a.b", "a.b.c", "b", "a.c", "ab");
    }
}
