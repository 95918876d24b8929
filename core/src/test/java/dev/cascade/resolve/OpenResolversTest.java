package dev.cascade.resolve;

import dev.cascade.internal.resolve.OpenResolvers;
import dev.cascade.backend.InMemoryStorage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The count that {@code ClosesWhatItOpens} checks after every test: a resolver counts from its construction
 * until it is closed, once however often it is closed. Without it, that check would pass whatever a test leaks.
 */
class OpenResolversTest {
    @Test
    void aResolverCountsAsOpenUntilItIsClosedOnce() {
        int before = OpenResolvers.count();
        Resolver first = Resolver.builder().storage(new InMemoryStorage()).build();
        Resolver second = Resolver.builder().storage(new InMemoryStorage()).build();
        assertThat(OpenResolvers.count()).isEqualTo(before + 2);
        first.close();
        first.close();
        assertThat(OpenResolvers.count()).isEqualTo(before + 1);
        second.close();
        assertThat(OpenResolvers.count()).isEqualTo(before);
    }
}
