package dev.cascade.secrets.aws;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secret values and credentials stay out of what is captured here: every SLF4J event at every level (the
 * root logback logger at ALL, so the SDK's own DEBUG/TRACE output and this module's logging), every
 * {@code java.util.logging} record at FINEST on {@code sun.net} and on the JUL root (the JDK's HTTP client
 * and the fake's HTTP server) while requests with a session token are sent, and every exception (message,
 * cause chain and stack trace text), even when the service echoes the value back in an error message.
 * Not captured: {@code System.out}/{@code System.err}, other logging frameworks, and JDK platform logging
 * routed through a host's own {@code System.LoggerFinder} (the header guard asks that one too, but no such
 * finder is installed here).
 */
class AwsSecretStoreSecrecyTest {
    private static final String VALUE = "s3cr3t-Value-\"quoted\"-that-must-never-show";
    private static final String VALUE2 = "another-hidden-value-42";

    private FakeSecretsManager fake;
    private AwsSecretStore store;
    private ListAppender<ILoggingEvent> appender;
    private Logger root;
    private Level previousLevel;
    private final List<Throwable> thrown = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        root.setLevel(Level.ALL);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        fake = new FakeSecretsManager();
        store = AwsSecretStore.create(fake.config().build());
    }

    @AfterEach
    void tearDown() {
        store.close();
        fake.close();
        root.detachAppender(appender);
        root.setLevel(previousLevel);
    }

    private void expectFailure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            thrown.add(e);
            return;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void noSecretValueReachesALogLineOrAnException() {
        TenantId t = TenantId.of("secrecy");
        NamespaceId ns = NamespaceId.of("app");
        SecretKey k = SecretKey.of("TOKEN");

        store.put(t, ns, k, SecretValue.of(VALUE), new SecretAttributes("d", java.util.Map.of("x", "y")), SecretStore.MUST_NOT_EXIST);
        assertThat(store.get(t, ns, k)).map(SecretValue::reveal).contains(VALUE);
        assertThat(store.getAll(t, ns)).hasSize(1);
        assertThat(store.list(t, ns)).hasSize(1);
        store.put(t, ns, k, SecretValue.of(VALUE2), SecretAttributes.NONE, 1);

        // conflicts
        expectFailure(() -> store.put(t, ns, k, SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST));
        expectFailure(() -> store.put(t, ns, k, SecretValue.of(VALUE), SecretAttributes.NONE, 1));
        // a service that echoes the submitted value in its error message (a validation error would)
        fake.failNext("PutSecretValue", 1, 400, "ValidationException",
                req -> "Value '" + req.path("SecretString").asText() + "' at 'secretString' failed to satisfy constraint");
        expectFailure(() -> store.put(t, ns, k, SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION));
        fake.failNext("CreateSecret", 1, 400, "ValidationException",
                req -> "bad value " + req.path("SecretString").asText());
        expectFailure(() -> store.put(t, ns, SecretKey.of("NEW"), SecretValue.of(VALUE), SecretAttributes.NONE,
                SecretStore.ANY_VERSION));
        // throttled to the end, on a read
        fake.failNext("GetSecretValue", 3, 400, "ThrottlingException");
        expectFailure(() -> store.get(t, ns, k));
        // a binary secret
        fake.plant("cascade/secrecy/app/BIN", VALUE, true, java.util.Map.of());
        expectFailure(() -> store.get(t, ns, SecretKey.of("BIN")));
        assertThat(store.delete(t, ns, k, SecretStore.ANY_VERSION)).isTrue();

        assertThat(thrown).hasSize(6);
        assertThat(thrown.get(0)).isInstanceOf(ConflictException.class);
        assertThat(thrown.get(2)).isInstanceOf(BackendException.class).hasMessageContaining("ValidationException");
        // the echoed message survives for diagnosis, with the value masked
        assertThat(causeText(thrown.get(2))).contains("Value '" + SecretValue.MASK + "' at 'secretString'");

        List<String> forbidden = List.of(VALUE, VALUE2, "s3cr3t-Value",
                Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8)));
        for (Throwable e : thrown) {
            String text = causeText(e);
            for (String f : forbidden) {
                assertThat(text).as("exception text").doesNotContain(f);
            }
        }
        assertThat(appender.list).as("the SDK logged at debug/trace, so the capture is real")
                .anyMatch(ev -> ev.getLoggerName().startsWith("software.amazon.awssdk"))
                .anyMatch(ev -> ev.getLoggerName().startsWith("dev.cascade.secrets.aws"));
        for (ILoggingEvent ev : appender.list) {
            String line = ev.getFormattedMessage()
                    + (ev.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(ev.getThrowableProxy()));
            for (String f : forbidden) {
                assertThat(line).as("log line of %s", ev.getLoggerName()).doesNotContain(f);
            }
        }
    }

    @Test
    void scrubbingAnErrorBodyKeepsTheErrorCodeEvenForAOneCharacterValue() {
        byte[] body = "{\"__type\":\"InvalidRequestException\",\"message\":\"value v refused\",\"Extra\":{\"q\":\"v\"}}"
                .getBytes(StandardCharsets.UTF_8);
        String clean = new String(SecretEchoScrubber.scrubBody(body, "v"), StandardCharsets.UTF_8);
        assertThat(clean).contains("\"__type\":\"InvalidRequestException\"")
                .contains("\"message\":\"" + SecretValue.MASK + "alue " + SecretValue.MASK + " refused\"")
                .contains("\"Extra\":\"" + SecretValue.MASK + "\"");
        String unicode = "{\"message\":\"bad \\u00e9t\\u00e9-secret\"}";
        assertThat(new String(SecretEchoScrubber.scrubBody(unicode.getBytes(StandardCharsets.UTF_8), "\u00e9t\u00e9-secret"),
                StandardCharsets.UTF_8)).doesNotContain("secret").contains(SecretValue.MASK);
        assertThat(new String(SecretEchoScrubber.scrubBody("not json: the-secret".getBytes(StandardCharsets.UTF_8),
                "the-secret"), StandardCharsets.UTF_8)).isEqualTo("not json: " + SecretValue.MASK);
    }

    @Test
    void jdkHttpDebugLoggingNeverSeesTheSessionToken() {
        String sessionToken = "FwoGZXIvYXdzEXAMPLE-session-token-do-not-log";
        String secretKey = "wJalrXUtnFEMI-example-secret-access-key";
        java.util.logging.Logger sunNet = java.util.logging.Logger.getLogger("sun.net");
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        java.util.logging.Level sunNetBefore = sunNet.getLevel();
        java.util.logging.Level rootBefore = julRoot.getLevel();
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        TenantId t = TenantId.of("jul");
        NamespaceId ns = NamespaceId.of("app");
        AwsSecretStoreConfig withToken = fake.config().staticCredentials("AKIAFAKESESSION", secretKey, sessionToken).build();
        sunNet.setLevel(java.util.logging.Level.FINEST);
        julRoot.setLevel(java.util.logging.Level.FINEST);
        julRoot.addHandler(capture);
        try (AwsSecretStore plain = AwsSecretStore.create(fake.config().build());
             AwsSecretStore session = AwsSecretStore.create(withToken)) {
            // without a session token the request goes out (the JDK logs its headers: the capture is real)
            plain.put(t, ns, SecretKey.of("PLAIN"), SecretValue.of(VALUE2), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            // with one, the guard refuses to send while the JDK would log the headers
            int before = fake.totalCalls();
            expectFailure(() -> session.put(t, ns, SecretKey.of("K"), SecretValue.of(VALUE), SecretAttributes.NONE,
                    SecretStore.ANY_VERSION));
            expectFailure(() -> session.get(t, ns, SecretKey.of("PLAIN")));
            assertThat(fake.totalCalls()).as("nothing was sent").isEqualTo(before);
        } finally {
            julRoot.removeHandler(capture);
            sunNet.setLevel(sunNetBefore);
            julRoot.setLevel(rootBefore);
        }
        assertThat(thrown).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(BackendException.class)
                .hasMessageContaining(HeaderLoggingGuard.HTTP_LOGGER));
        List<String> httpLines = new ArrayList<>();
        SimpleFormatter format = new SimpleFormatter();
        for (LogRecord r : records) {
            String line = format.format(r);
            if (HeaderLoggingGuard.HTTP_LOGGER.equals(r.getLoggerName())) {
                httpLines.add(line);
            }
            for (String f : List.of(sessionToken, secretKey, VALUE, VALUE2)) {
                assertThat(line).as("JUL record of %s", r.getLoggerName()).doesNotContain(f);
            }
        }
        assertThat(httpLines).as("the JDK logged request headers at FINE").anyMatch(l -> l.contains("X-Amz-Target"));
        assertThat(appender.list).anyMatch(ev -> ev.getLevel() == Level.WARN
                && ev.getFormattedMessage().contains(HeaderLoggingGuard.HTTP_LOGGER));
        for (Throwable e : thrown) {
            assertThat(causeText(e)).doesNotContain(sessionToken).doesNotContain(secretKey).doesNotContain(VALUE);
        }

        // with the JDK logger at its default level the same store works
        try (AwsSecretStore session = AwsSecretStore.create(withToken)) {
            session.put(t, ns, SecretKey.of("K"), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
            assertThat(session.get(t, ns, SecretKey.of("K"))).map(SecretValue::reveal).contains(VALUE);
        }
    }

    private static String causeText(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        StringBuilder all = new StringBuilder(w.toString());
        for (Throwable c = e; c != null; c = c.getCause()) {
            all.append('\n').append(c).append('\n').append(c.getMessage());
        }
        return all.toString();
    }
}
