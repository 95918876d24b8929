package dev.cascade.resolve;

import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.spi.ChangeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static dev.cascade.resolve.ResolverFixture.ns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolver's fronts (the remembered secret lookups and the namespace front) never change what a
 * resolution returns: they give way at every invalidation and whenever a cached answer behind them is due.
 */
class ResolverFrontsTest {
    private final ResolverFixture f = new ResolverFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aRememberedSecretGivesWayToAnInvalidation() {
        f.create("a");
        f.secret("a", "K", "first-value");
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("first-value");
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("first-value"); // remembered
        f.secret("a", "K", "second-value");
        f.resolver.onChange(ChangeEvent.secret(MAIN, ns("a"), dev.cascade.secret.SecretKey.of("K")));
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("second-value");
    }

    @Test
    void aRememberedSecretGivesWayWhenTheKeyListOfACloserNamespaceIsDue() {
        f.create("a");
        f.create("a.b");
        f.secret("a", "K", "parent-value");
        assertThat(f.render("a.b", "{{ secret('K') }}")).isEqualTo("parent-value");
        assertThat(f.render("a.b", "{{ secret('K') }}")).isEqualTo("parent-value");
        f.secret("a.b", "K", "child-value"); // the probe store publishes no event
        assertThat(f.render("a.b", "{{ secret('K') }}")).isEqualTo("parent-value"); // key list still trusted
        f.advance(Duration.ofSeconds(11)); // past the negative TTL of a.b's key list
        f.render("a.b", "{{ secret('K') }}"); // triggers the (same-thread) refresh
        assertThat(f.render("a.b", "{{ secret('K') }}")).isEqualTo("child-value");
    }

    @Test
    void aRememberedSecretGivesWayWhenItsRefreshIsDue() {
        f.create("a");
        f.secret("a", "K", "old-value");
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("old-value");
        f.secret("a", "K", "new-value"); // no event
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("old-value");
        f.advance(Duration.ofMinutes(4).plusSeconds(1)); // refresh-ahead due
        f.render("a", "{{ secret('K') }}");
        assertThat(f.render("a", "{{ secret('K') }}")).isEqualTo("new-value");
    }

    @Test
    void theNamespaceFrontGivesWayToAWriteAndToExpiry() {
        f.create("a");
        f.variables("a", Map.of("x", "1"));
        assertThat(f.render("a", "{{ namespace.x }}")).isEqualTo("1");
        assertThat(f.render("a", "{{ namespace.x }}")).isEqualTo("1");
        f.variables("a", Map.of("x", "2")); // the in-memory storage publishes the change
        assertThat(f.render("a", "{{ namespace.x }}")).isEqualTo("2");

        // an expired entry is read again (namespaceExpireAfterWrite, 10 min), front or not
        long misses = f.resolver.stats().namespaces().misses();
        assertThat(f.render("a", "{{ namespace.x }}")).isEqualTo("2");
        assertThat(f.resolver.stats().namespaces().misses()).isEqualTo(misses);
        f.advance(Duration.ofMinutes(11));
        assertThat(f.render("a", "{{ namespace.x }}")).isEqualTo("2");
        assertThat(f.resolver.stats().namespaces().misses()).isEqualTo(misses + 1);
    }

    @Test
    void theSystemTickerPathSeesWritesAtOnce() {
        try (ResolverFixture real = new ResolverFixture(b -> b.ticker(System::nanoTime))) {
            real.create("a");
            real.variables("a", Map.of("x", "1"));
            assertThat(real.render("a", "{{ namespace.x }}")).isEqualTo("1");
            real.variables("a", Map.of("x", "2"));
            assertThat(real.render("a", "{{ namespace.x }}")).isEqualTo("2");
        }
        dev.cascade.backend.InMemoryStorage storage = new dev.cascade.backend.InMemoryStorage();
        try (Resolver r = Resolver.builder().storage(storage).build()) { // system ticker: pushed expiry
            storage.namespaces().create(MAIN, ns("a"), NamespaceProperties.EMPTY);
            storage.variables().put(MAIN, ns("a"), Map.of("x", "1"), 0);
            assertThat(r.render(MAIN, ns("a"), "{{ namespace.x }}", Map.of()).output()).isEqualTo("1");
            assertThat(r.render(MAIN, ns("a"), "{{ namespace.x }}", Map.of()).output()).isEqualTo("1");
            storage.variables().put(MAIN, ns("a"), Map.of("x", "2"), 1);
            assertThat(r.render(MAIN, ns("a"), "{{ namespace.x }}", Map.of()).output()).isEqualTo("2");
        }
    }

    @Test
    void theSystemClockPathStartsNoThreadOfItsOwn() {
        long before = cascadeThreads();
        dev.cascade.backend.InMemoryStorage storage = new dev.cascade.backend.InMemoryStorage();
        try (Resolver r = Resolver.builder().storage(storage).build()) {
            storage.namespaces().create(MAIN, ns("a"), NamespaceProperties.EMPTY);
            for (int i = 0; i < 1_000; i++) {
                assertThat(r.render(MAIN, ns("a"), "{{ 1 + 1 }}", Map.of()).output()).isEqualTo("2");
            }
            assertThat(cascadeThreads()).as("no clock thread, no timer of Cascade's own").isEqualTo(before);
        }
    }

    private static long cascadeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("cascade-")).count();
    }
}
