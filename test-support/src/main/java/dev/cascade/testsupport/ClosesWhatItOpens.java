package dev.cascade.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Method;

/**
 * Fails a test (or a test class) that leaves a resolver open: every {@code Cascade} or {@code Resolver} a test
 * builds must be closed by the test, its {@code @AfterEach} or its {@code @AfterAll}. An open resolver keeps
 * its change-feed subscriptions and backend threads, and such leaks once hid a thread that never stopped.
 *
 * <p>Registered for every test of the modules that depend on this one (test scope) and enable JUnit's extension
 * auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true} in
 * {@code junit-platform.properties}). It reads core's count of open resolvers by reflection, so that this module
 * does not depend on core and core's own tests can use it.
 */
public final class ClosesWhatItOpens implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ClosesWhatItOpens.class);
    private static final String COUNTER = "dev.cascade.internal.resolve.OpenResolvers";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("class", openResolvers());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context, "class");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("test", openResolvers());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context, "test");
    }

    private static void check(ExtensionContext context, String key) {
        Integer before = context.getStore(NS).get(key, Integer.class);
        int after = openResolvers();
        if (before != null && after > before) {
            throw new AssertionError(context.getDisplayName() + " left " + (after - before) + " resolver(s) open: close"
                    + " the Cascade or Resolver it builds (try-with-resources, @AfterEach or @AfterAll)");
        }
    }

    /** Core's count of resolvers built and not yet closed; fails loudly when core is not on the classpath. */
    static int openResolvers() {
        try {
            Method count = Class.forName(COUNTER).getMethod("count");
            return (Integer) count.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("ClosesWhatItOpens needs cascade-core on the test classpath (" + COUNTER
                    + ".count() not found)", e);
        }
    }
}
