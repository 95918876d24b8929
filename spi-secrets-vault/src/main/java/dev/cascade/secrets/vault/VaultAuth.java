package dev.cascade.secrets.vault;

import java.nio.file.Path;

/**
 * How the store authenticates to Vault. One of {@link Token}, {@link AppRole}, {@link UserPass} or
 * {@link Kubernetes}. The values are checked when a {@link VaultConfig} is built, together with every other
 * property, so a bad credential setting is reported with everything else that is wrong.
 *
 * <p>Credentials (token, secret id, password) never appear in {@code toString()}: each record prints
 * {@code <redacted>} in their place. Immutable and thread-safe.
 */
public sealed interface VaultAuth permits VaultAuth.Token, VaultAuth.AppRole, VaultAuth.UserPass, VaultAuth.Kubernetes {

    /** Method name as used by the {@code auth.method} property. */
    String method();

    /** A fixed token ({@code X-Vault-Token}). Renewed with {@code renew-self} when Vault says it is renewable. */
    static Token token(String token) {
        return new Token(token);
    }

    /** AppRole login at {@code auth/approle/login}. */
    static AppRole appRole(String roleId, String secretId) {
        return new AppRole(roleId, secretId, AppRole.DEFAULT_MOUNT);
    }

    /** Userpass login at {@code auth/userpass/login/{username}}. */
    static UserPass userPass(String username, String password) {
        return new UserPass(username, password, UserPass.DEFAULT_MOUNT);
    }

    /** Kubernetes login at {@code auth/kubernetes/login} with the default service-account token file. */
    static Kubernetes kubernetes(String role) {
        return new Kubernetes(role, Kubernetes.DEFAULT_JWT_FILE, Kubernetes.DEFAULT_MOUNT);
    }

    /**
     * A token given by the operator.
     *
     * @param token the Vault token
     */
    record Token(String token) implements VaultAuth {
        @Override
        public String method() {
            return "token";
        }

        @Override
        public String toString() {
            return "Token[token=<redacted>]";
        }
    }

    /**
     * AppRole: the store logs in with role id and secret id, renews the token before it expires and logs in
     * again when renewal is no longer possible or Vault refuses the token.
     *
     * @param roleId   the role id (not secret, but not printed either)
     * @param secretId the secret id
     * @param mount    the auth mount path, {@code approle} by default
     */
    record AppRole(String roleId, String secretId, String mount) implements VaultAuth {
        public static final String DEFAULT_MOUNT = "approle";

        public AppRole withMount(String newMount) {
            return new AppRole(roleId, secretId, newMount);
        }

        @Override
        public String method() {
            return "approle";
        }

        @Override
        public String toString() {
            return "AppRole[roleId=<redacted>, secretId=<redacted>, mount=" + mount + "]";
        }
    }

    /**
     * Userpass: the store logs in with a user name and password.
     *
     * @param username the user name
     * @param password the password
     * @param mount    the auth mount path, {@code userpass} by default
     */
    record UserPass(String username, String password, String mount) implements VaultAuth {
        public static final String DEFAULT_MOUNT = "userpass";

        public UserPass withMount(String newMount) {
            return new UserPass(username, password, newMount);
        }

        @Override
        public String method() {
            return "userpass";
        }

        @Override
        public String toString() {
            return "UserPass[username=" + username + ", password=<redacted>, mount=" + mount + "]";
        }
    }

    /**
     * Kubernetes: the store logs in with the pod's service-account JWT, read from a file at every login
     * (projected tokens rotate).
     *
     * @param role    the Vault role bound to the service account
     * @param jwtFile the file holding the JWT
     * @param mount   the auth mount path, {@code kubernetes} by default
     */
    record Kubernetes(String role, Path jwtFile, String mount) implements VaultAuth {
        public static final Path DEFAULT_JWT_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
        public static final String DEFAULT_MOUNT = "kubernetes";

        public Kubernetes withJwtFile(Path file) {
            return new Kubernetes(role, file, mount);
        }

        public Kubernetes withMount(String newMount) {
            return new Kubernetes(role, jwtFile, newMount);
        }

        @Override
        public String method() {
            return "kubernetes";
        }

        @Override
        public String toString() {
            return "Kubernetes[role=" + role + ", jwtFile=" + jwtFile + ", mount=" + mount + "]";
        }
    }
}
