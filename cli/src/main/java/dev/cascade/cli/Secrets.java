package dev.cascade.cli;

import dev.cascade.management.DesiredNamespace;

import java.util.List;

/** The one rule about the secret store the CLI opens. */
final class Secrets {
    private Secrets() {
    }

    /** Declared secrets need the encrypted secret store, and so its key. */
    static void require(ConnectionOptions.Connection c, List<DesiredNamespace> desired) {
        if (!c.hasSecretStore() && desired.stream().anyMatch(d -> !d.secrets().isEmpty())) {
            throw new CliException("the directory declares secrets; give the encrypted secret store's key with "
                    + "--encryption-key KEY_ID:BASE64 or CASCADE_JDBC_ENCRYPTION_KEY_<KEY_ID>=BASE64");
        }
    }
}
