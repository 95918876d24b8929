package dev.cascade.cli;

import dev.cascade.Cascade;
import dev.cascade.access.Actor;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.TenantId;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.config.ConfigSource;
import dev.cascade.storage.jdbc.JdbcStorage;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the namespaces live and who acts: the JDBC storage (the embedded H2 of the demo by default), the key of
 * its encrypted secret store, the tenant and the actor that audit events name. Each option also reads an
 * environment variable, so CI jobs keep credentials out of command lines.
 */
final class ConnectionOptions {
    @Option(names = "--jdbc-url", description = "JDBC URL of the storage (or cascade.jdbc.url / CASCADE_JDBC_URL; "
            + "default: the demo's H2 files in ./cascade-data)")
    String url;

    @Option(names = "--jdbc-user", description = "or cascade.jdbc.user / CASCADE_JDBC_USER")
    String user;

    @Option(names = "--jdbc-password", description = "or cascade.jdbc.password / CASCADE_JDBC_PASSWORD")
    String password;

    @Option(names = "--table-prefix", description = "or cascade.jdbc.tablePrefix / CASCADE_JDBC_TABLE_PREFIX "
            + "(default cascade_)")
    String tablePrefix;

    @Option(names = "--encryption-key", description = "key of the encrypted secret store as KEY_ID:BASE64 of 32 bytes "
            + "(or CASCADE_JDBC_ENCRYPTION_KEY_<KEY_ID>=BASE64); needed to read or write secrets")
    String encryptionKey;

    @Option(names = {"-t", "--tenant"}, defaultValue = "${env:CASCADE_TENANT:-main}",
            description = "tenant (env CASCADE_TENANT; default main)")
    String tenant;

    @Option(names = "--actor", defaultValue = "${env:CASCADE_ACTOR}",
            description = "who the audit trail names (env CASCADE_ACTOR; default: the operating-system user)")
    String actor;

    /**
     * Opens the JDBC backend (storage, encrypted secret store when a key is given, audit trail) and a Cascade
     * over it. Options win over system properties ({@code cascade.jdbc.*}), which win over environment variables
     * ({@code CASCADE_JDBC_*}), read with the one configuration grammar every module uses.
     */
    Connection open() {
        Map<String, String> props = new LinkedHashMap<>();
        put(props, "url", url);
        put(props, "user", user);
        put(props, "password", password);
        put(props, "tablePrefix", tablePrefix);
        if (encryptionKey != null && !encryptionKey.isBlank()) {
            int colon = encryptionKey.indexOf(':');
            if (colon <= 0) {
                throw new CliException("--encryption-key must be KEY_ID:BASE64 (the value is not shown)");
            }
            props.put("encryptionKey." + encryptionKey.substring(0, colon), encryptionKey.substring(colon + 1));
        }
        props.putIfAbsent("poolSize", "2");
        JdbcConfig config = JdbcConfig.from(ConfigSource.standard(props));
        if (config.url().isEmpty()) {
            props.put("url", JdbcStorage.h2Url(Path.of("cascade-data")));
            config = JdbcConfig.from(ConfigSource.standard(props));
        }
        JdbcStorage storage = JdbcStorage.create(config);
        try {
            Cascade cascade = Cascade.builder().backend(storage).closeOnShutdown(true).build();
            return new Connection(cascade, config.activeKeyId().isPresent());
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    private static void put(Map<String, String> props, String name, String value) {
        if (value != null && !value.isBlank()) {
            props.put(name, value);
        }
    }

    TenantId tenantId() {
        return TenantId.of(tenant == null || tenant.isBlank() ? "main" : tenant);
    }

    Actor actorId() {
        String who = actor == null || actor.isBlank() ? System.getProperty("user.name", "cli") : actor;
        return Actor.user(who);
    }

    /** What the CLI opened; closing the Cascade closes the backend with it. */
    record Connection(Cascade cascade, boolean hasSecretStore) implements AutoCloseable {
        ManagementSession session(ConnectionOptions options) {
            return cascade.management().session(options.tenantId(), options.actorId());
        }

        @Override
        public void close() {
            cascade.close();
        }
    }
}
