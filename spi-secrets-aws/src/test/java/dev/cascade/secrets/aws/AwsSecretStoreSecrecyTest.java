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
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every log line, at every level including the SDK's own TRACE output, and every exception (message, cause
 * chain and stack trace text) stays free of secret values, even when the service echoes the value back in
 * an error message.
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
