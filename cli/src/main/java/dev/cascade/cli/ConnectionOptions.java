package dev.cascade.cli;

import dev.cascade.Cascade;
import dev.cascade.access.Actor;
import dev.cascade.management.ManagementSession;
import dev.cascade.namespace.TenantId;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.storage.jdbc.JdbcSecretStore;
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
    @Option(names = "--jdbc-url", defaultValue = "${env:CASCADE_JDBC_URL}",
            description = "JDBC URL of the storage (env CASCADE_JDBC_URL; default: the demo's H2 files in ./cascade-data)")
    String url;

    @Option(names = "--jdbc-user", defaultValue = "${env:CASCADE_JDBC_USER}", description = "env CASCADE_JDBC_USER")
    String user;

    @Option(names = "--jdbc-password", defaultValue = "${env:CASCADE_JDBC_PASSWORD}",
            description = "env CASCADE_JDBC_PASSWORD")
    String password;

    @Option(names = "--table-prefix", defaultValue = "${env:CASCADE_JDBC_TABLE_PREFIX}",
            description = "table prefix (env CASCADE_JDBC_TABLE_PREFIX; default cascade_)")
    String tablePrefix;

    @Option(names = "--encryption-key", defaultValue = "${env:CASCADE_JDBC_ENCRYPTION_KEY}",
            description = "key of the encrypted secret store as KEY_ID:BASE64 of 32 bytes "
                    + "(env CASCADE_JDBC_ENCRYPTION_KEY); needed to read or write secrets")
    String encryptionKey;

    @Option(names = {"-t", "--tenant"}, defaultValue = "${env:CASCADE_TENANT:-main}",
            description = "tenant (env CASCADE_TENANT; default main)")
    String tenant;

    @Option(names = "--actor", defaultValue = "${env:CASCADE_ACTOR}",
            description = "who the audit trail names (env CASCADE_ACTOR; default: the operating-system user)")
    String actor;

    /** Opens the storage, its secret store (when a key is given) and a Cascade over them. */
    Connection open() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("url", url == null || url.isBlank() ? JdbcStorage.h2Url(Path.of("cascade-data")) : url);
        if (user != null && !user.isBlank()) {
            props.put("user", user);
        }
        if (password != null && !password.isEmpty()) {
            props.put("password", password);
        }
        if (tablePrefix != null && !tablePrefix.isBlank()) {
            props.put("tablePrefix", tablePrefix);
        }
        props.put("poolSize", "2");
        if (encryptionKey != null && !encryptionKey.isBlank()) {
            int colon = encryptionKey.indexOf(':');
            if (colon <= 0) {
                throw new CliException("--encryption-key must be KEY_ID:BASE64 (the value is not shown)");
            }
            props.put("encryptionKey." + encryptionKey.substring(0, colon), encryptionKey.substring(colon + 1));
        }
        JdbcConfig config = JdbcConfig.fromProperties(props);
        JdbcStorage storage = JdbcStorage.create(config);
        JdbcSecretStore secrets = null;
        try {
            Cascade.Builder builder = Cascade.builder().storage(storage).auditSink(storage.auditSink());
            if (config.activeKeyId().isPresent()) {
                secrets = storage.secretStore(config);
                builder.secretStore("jdbc", secrets);
            }
            return new Connection(storage, secrets, builder.build(), secrets != null);
        } catch (RuntimeException e) {
            if (secrets != null) {
                secrets.close();
            }
            storage.close();
            throw e;
        }
    }

    TenantId tenantId() {
        return TenantId.of(tenant == null || tenant.isBlank() ? "main" : tenant);
    }

    Actor actorId() {
        String who = actor == null || actor.isBlank() ? System.getProperty("user.name", "cli") : actor;
        return Actor.user(who);
    }

    /** What the CLI opened; closes it in reverse order. */
    record Connection(JdbcStorage storage, JdbcSecretStore secrets, Cascade cascade, boolean hasSecretStore)
            implements AutoCloseable {
        ManagementSession session(ConnectionOptions options) {
            return cascade.management().session(options.tenantId(), options.actorId());
        }

        @Override
        public void close() {
            cascade.close();
            if (secrets != null) {
                secrets.close();
            }
            storage.close();
        }
    }
}
