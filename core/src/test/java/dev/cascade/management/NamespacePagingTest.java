package dev.cascade.management;

import dev.cascade.access.AccessPolicy;
import dev.cascade.access.Actor;
import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.NamespaceSummary;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretStores;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Examples of paged listing; {@link NamespacePagingProperties} checks the general case. */
class NamespacePagingTest {
    private final TenantId tenant = TenantId.of("main");
    private final InMemoryStorage storage = new InMemoryStorage();
    private final ManagementSession session = new NamespaceManagement(storage,
            SecretStores.single(new InMemorySecretStore()), AccessPolicy.allowAll(), e -> { }, Clock.systemUTC(), null)
            .session(tenant, Actor.user("alice"));

    private void create(String... ids) {
        for (String id : ids) {
            storage.namespaces().create(tenant, NamespaceId.of(id), NamespaceProperties.EMPTY);
        }
    }

    private static List<String> ids(NamespacePage page) {
        return page.rows().stream().map(r -> r.id().value()).toList();
    }

    @Test
    void aPlaceholderWhoseChildrenSortAfterADashSiblingIsListedFirst() {
        create("a-b", "a.z");   // "a" is a placeholder; in string order a < a-b < a.z
        NamespacePage first = session.listNamespaces(NamespacePageRequest.first(1));
        assertThat(first.rows()).containsExactly(new NamespaceSummary(NamespaceId.of("a"), NamespaceStatus.PLACEHOLDER,
                Optional.empty()));
        assertThat(first.nextCursor()).contains(NamespaceId.of("a"));
        NamespacePage second = session.listNamespaces(NamespacePageRequest.first(1).after(NamespaceId.of("a")));
        assertThat(ids(second)).containsExactly("a-b");
        NamespacePage third = session.listNamespaces(NamespacePageRequest.first(1).after(NamespaceId.of("a-b")));
        assertThat(ids(third)).containsExactly("a.z");
        assertThat(third.nextCursor()).isEmpty();
    }

    @Test
    void subtreesAndChildrenLeaveOutDashSiblings() {
        create("team", "team.a.x", "team-b", "team_c.y");
        storage.namespaces().markUsed(tenant, List.of(NamespaceId.of("team.b")));
        assertThat(ids(session.listNamespaces(NamespacePageRequest.first(10).withinSubtree(NamespaceId.of("team")))))
                .containsExactly("team", "team.a", "team.a.x", "team.b");
        assertThat(ids(session.listNamespaces(NamespacePageRequest.first(10).childrenOf(NamespaceId.of("team")))))
                .containsExactly("team.a", "team.b");
        assertThat(ids(session.listNamespaces(NamespacePageRequest.first(10))))
                .containsExactly("team", "team-b", "team.a", "team.a.x", "team.b", "team_c", "team_c.y");
    }

    @Test
    void theLastFullPageHasNoCursorWhenNothingFollows() {
        create("a", "b");
        NamespacePage page = session.listNamespaces(NamespacePageRequest.first(2));
        assertThat(ids(page)).containsExactly("a", "b");
        assertThat(page.nextCursor()).isEmpty();
        assertThat(NamespacePageRequest.first(2).next(page)).isEmpty();
    }

    @Test
    void pageSizesOutsideOneToAThousandAreRefused() {
        assertThatThrownBy(() -> NamespacePageRequest.first(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> NamespacePageRequest.first(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NamespacePageRequest.first(1000).pageSize()).isEqualTo(1000);
    }
}
