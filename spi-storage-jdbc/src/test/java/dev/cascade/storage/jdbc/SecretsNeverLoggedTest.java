package dev.cascade.storage.jdbc;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.cascade.ConflictException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Subscription;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Captures every log line (all loggers, DEBUG and up) while secrets are written, read, conflicted, corrupted,
 * rotated and misconfigured, and checks that no secret value, key or password appears in any log line, exception
 * message, cause chain or toString().
 */
@SuppressWarnings("try") // subscriptions are held open by try-with-resources on purpose
class SecretsNeverLoggedTest {
    private static final String VALUE = "TOPSECRET-value-4711";
    private static final String OTHER_VALUE = "TOPSECRET-other-0815";
    private static final String PASSWORD = "TOPSECRET-password";

    @Test
    void noSecretInLogsOrExceptions() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger cascade = (Logger) LoggerFactory.getLogger("dev.cascade");
        Level rootLevel = root.getLevel();
        Level cascadeLevel = cascade.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        cascade.setLevel(Level.DEBUG);
        List<Throwable> thrown = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        String key1 = TestDatabases.newKey();
        String key2 = TestDatabases.newKey();
        try {
            String db = TestDatabases.uniquePrefix("log");
            JdbcConfig config = TestDatabases.h2(db).encryptionKey("k1", key1).encryptionKey("k2", key2)
                    .activeKeyId("k1").build();
            strings.add(config.toString());
            TenantId tenant = TenantId.of("logs");
            NamespaceId ns = NamespaceId.of("company");
            try (JdbcSecretStore store = JdbcSecretStore.create(config);
                 Subscription ignored = store.subscribe(e -> strings.add(e.toString()))) {
                strings.add(store.toString());
                var meta = store.put(tenant, ns, SecretKey.of("DB_PASSWORD"), SecretValue.of(VALUE),
                        SecretAttributes.of("database"), SecretStore.MUST_NOT_EXIST);
                strings.add(meta.toString());
                strings.add(store.list(tenant, ns).toString());
                strings.add(store.getAll(tenant, ns).toString());
                strings.add(store.get(tenant, ns, SecretKey.of("DB_PASSWORD")).toString());
                catchInto(thrown, () -> store.put(tenant, ns, SecretKey.of("DB_PASSWORD"), SecretValue.of(OTHER_VALUE),
                        SecretAttributes.NONE, SecretStore.MUST_NOT_EXIST));
                catchInto(thrown, () -> store.put(tenant, ns, SecretKey.of("DB_PASSWORD"), SecretValue.of(OTHER_VALUE),
                        SecretAttributes.NONE, 42));
                store.rotate("k2");
                try (Connection c = DriverManager.getConnection(config.url().orElseThrow());
                     PreparedStatement ps = c.prepareStatement("UPDATE " + config.tablePrefix()
                             + "secret SET ciphertext = ? WHERE secret_key = 'DB_PASSWORD'")) {
                    ps.setBytes(1, new byte[40]);
                    ps.executeUpdate();
                }
                catchInto(thrown, () -> store.get(tenant, ns, SecretKey.of("DB_PASSWORD")));
            }
            catchInto(thrown, () -> JdbcSecretStore.create(config.toBuilder().encryptionKey("k1", TestDatabases.newKey())
                    .build()));
            catchInto(thrown, () -> JdbcConfig.builder().url("jdbc:h2:mem:x").password(PASSWORD)
                    .encryptionKey("bad", "not base64 " + VALUE).poolSize(0).build());
            catchInto(thrown, () -> JdbcConfig.fromProperties(Map.of("url", "jdbc:h2:mem:y", "password", PASSWORD,
                    "secretThing", VALUE)));
            // a backend failure while a value is being written: the database is gone
            catchInto(thrown, () -> {
                try (JdbcSecretStore s = JdbcSecretStore.create(TestDatabases.postgres(TestDatabases.uniquePrefix("lg"))
                        .url("jdbc:postgresql://127.0.0.1:1/none").password(PASSWORD).encryptionKey("k1", key1).build())) {
                    s.put(tenant, ns, SecretKey.of("X"), SecretValue.of(VALUE), SecretAttributes.NONE, SecretStore.ANY_VERSION);
                }
            });
        } finally {
            root.detachAppender(appender);
            root.setLevel(rootLevel);
            cascade.setLevel(cascadeLevel);
        }
        assertThat(thrown).hasSizeGreaterThanOrEqualTo(6);
        assertThat(thrown).anySatisfy(t -> assertThat(t).isInstanceOf(ConflictException.class));
        assertThat(appender.list).isNotEmpty();
        List<String> forbidden = List.of(VALUE, OTHER_VALUE, PASSWORD, key1, key2);
        for (ILoggingEvent event : appender.list) {
            for (String f : forbidden) {
                assertThat(event.getFormattedMessage()).doesNotContain(f);
                for (IThrowableProxy p = event.getThrowableProxy(); p != null; p = p.getCause()) {
                    assertThat(String.valueOf(p.getMessage())).doesNotContain(f);
                }
            }
        }
        for (Throwable t : thrown) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                for (String f : forbidden) {
                    assertThat(String.valueOf(c.getMessage())).as("message of %s", c.getClass()).doesNotContain(f);
                    assertThat(c.toString()).doesNotContain(f);
                }
            }
        }
        for (String s : strings) {
            for (String f : forbidden) {
                assertThat(s).doesNotContain(f);
            }
        }
    }

    private static void catchInto(List<Throwable> sink, Runnable r) {
        assertThatThrownBy(r::run).satisfies(sink::add);
    }
}
