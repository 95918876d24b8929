package dev.cascade.internal.template;

import dev.cascade.secret.SecretMasker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of one resolution: the variables templates see, where {@code secret()} looks, the secret
 * values resolved so far (for the masker) and the stack of {@code render()} calls. One thread at a time;
 * not API.
 */
public final class RenderScope {
    /** Looks up secrets for the caller's namespace. */
    @FunctionalInterface
    public interface SecretSource {
        /**
         * @param key       the secret key as written
         * @param namespace the namespace named by {@code namespace=}, or null for the caller's
         * @param subkey    the field named by {@code subkey=}, or null
         */
        String secret(String key, String namespace, String subkey);
    }

    private final Map<String, Object> variables;
    private final SecretSource secrets;
    private final int maskMinLength;
    private List<String> secretValues;
    private ArrayList<String> renderStack;

    public RenderScope(Map<String, Object> variables, SecretSource secrets, int maskMinLength) {
        this.variables = variables;
        this.secrets = secrets;
        this.maskMinLength = maskMinLength;
    }

    public Map<String, Object> variables() {
        return variables;
    }

    /** Resolves a secret and records its value for masking. */
    public String secret(String key, String namespace, String subkey) {
        String value = secrets.secret(key, namespace, subkey);
        record(value);
        return value;
    }

    void record(String value) {
        if (secretValues == null) {
            secretValues = new ArrayList<>(4);
        }
        secretValues.add(value);
    }

    /** Whether {@code value} is a secret value resolved in this scope (compared by content). */
    boolean isSecretValue(String value) {
        return secretValues != null && secretValues.contains(value);
    }

    /** Pushes a template {@code render()} is about to render; false when it is already on the stack (a cycle). */
    boolean enterRender(String template) {
        if (renderStack == null) {
            renderStack = new ArrayList<>(4);
        }
        if (renderStack.contains(template)) {
            return false;
        }
        renderStack.add(template);
        return true;
    }

    void exitRender() {
        renderStack.remove(renderStack.size() - 1);
    }

    int renderDepth() {
        return renderStack == null ? 0 : renderStack.size();
    }

    /** A masker for every secret value resolved in this scope. */
    public SecretMasker masker() {
        return secretValues == null ? SecretMasker.EMPTY
                : SecretMasker.of(maskMinLength, secretValues);
    }

    /** Masks recorded secret values out of an error message. */
    String maskMessage(String message) {
        return secretValues == null ? message : masker().mask(message);
    }
}
