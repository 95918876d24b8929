package dev.cascade;

import dev.cascade.internal.resolve.OpenResolvers;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test (or a test class) that leaves a resolver open: every {@code Cascade} or {@code Resolver} a test
 * builds must be closed by the test, its {@code @AfterEach} or its {@code @AfterAll}. An open resolver keeps
 * its change-feed subscriptions and backend threads, and such leaks once hid a thread that never stopped.
 * Registered for every test of core and of the modules that depend on core's test jar, by JUnit's extension
 * auto-detection (junit-platform.properties and the service entry this jar carries).
 */
public final class ClosesWhatItOpens implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ClosesWhatItOpens.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("class", OpenResolvers.count());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context, "class");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("test", OpenResolvers.count());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context, "test");
    }

    private static void check(ExtensionContext context, String key) {
        Integer before = context.getStore(NS).get(key, Integer.class);
        int after = OpenResolvers.count();
        if (before != null && after > before) {
            throw new AssertionError(context.getDisplayName() + " left " + (after - before) + " resolver(s) open: close"
                    + " the Cascade or Resolver it builds (try-with-resources, @AfterEach or @AfterAll)");
        }
    }
}
