package dev.cascade.internal.template;

import dev.cascade.AccessDeniedException;
import dev.cascade.CascadeException;
import dev.cascade.ConfigurationException;
import dev.cascade.InvalidIdException;
import dev.cascade.NotFoundException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.secret.SecretMasker;
import dev.cascade.template.TemplateRenderException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
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
    /**
     * The secret values resolved so far: null, the one value (most resolutions use at most one, so no list is
     * made for it), or an {@code ArrayList<String>} of them. One field keeps the scope at 32 bytes.
     */
    private Object secretValues;
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

    @SuppressWarnings("unchecked")
    void record(String value) {
        Object v = secretValues;
        if (v == null) {
            secretValues = value;
        } else if (v instanceof String first) {
            ArrayList<String> all = new ArrayList<>(4);
            all.add(first);
            all.add(value);
            secretValues = all;
        } else {
            ((ArrayList<String>) v).add(value);
        }
    }

    /** Every secret value recorded so far (possibly with repeats), or null when none. */
    @SuppressWarnings("unchecked")
    private List<String> recorded() {
        Object v = secretValues;
        return v == null ? null : v instanceof String s ? List.of(s) : (List<String>) v;
    }

    /**
     * Whether {@code value} is, or visibly carries, a secret value resolved in this scope: equal to one, or
     * containing one at least {@code maskMinLength} long. Best effort: a value transformed from a secret
     * ({@code upper}, {@code replace}, a fragment) is not recognised.
     */
    boolean isSecretValue(String value) {
        List<String> all = recorded();
        if (all == null || value == null) {
            return false;
        }
        for (String s : all) {
            if (value.equals(s) || (s.length() >= maskMinLength && value.contains(s))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code text} may have been computed from a secret value resolved in this scope: it is a
     * non-empty part of one (a fragment from {@code split}, {@code slice}, {@code first}, …). Used to keep
     * such arguments out of error messages; errs on the side of withholding.
     */
    boolean isPartOfSecretValue(String text) {
        List<String> all = recorded();
        if (all == null || text == null || text.isEmpty()) {
            return false;
        }
        for (String s : all) {
            if (s.contains(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code text} is the value of a variable templates see (searched breadth-first through maps and
     * lists, at most 10,000 values): such a value was written by someone, not computed from a secret.
     */
    boolean isVariableValue(String text) {
        ArrayDeque<Object> queue = new ArrayDeque<>();
        if (variables != null) {
            queue.add(variables);
        }
        int seen = 0;
        while (!queue.isEmpty() && seen++ < 10_000) {
            Object v = queue.poll();
            if (v instanceof Map<?, ?> m) {
                for (Object o : m.values()) {
                    if (o != null) {
                        queue.add(o);
                    }
                }
            } else if (v instanceof Collection<?> c) {
                for (Object o : c) {
                    if (o != null) {
                        queue.add(o);
                    }
                }
            } else if (v instanceof String s && s.equals(text)) {
                return true;
            }
        }
        return false;
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
        List<String> all = recorded();
        return all == null ? SecretMasker.EMPTY : SecretMasker.of(maskMinLength, all);
    }

    /**
     * Masks every recorded secret value (and its encoded forms) out of an error message, whatever its
     * length: an error message is never ordinary text worth sparing.
     */
    String maskMessage(String message) {
        return recorded() == null ? message : masker().withMinLength(1).mask(message);
    }

    /**
     * {@code e} itself when its message holds no recorded secret value; otherwise an exception of the same
     * type (for Cascade's own message-only types; a {@link TemplateRenderException} of kind EVALUATION for
     * the others) with the values masked and without the cause.
     */
    CascadeException masked(CascadeException e) {
        String message = e.getMessage();
        String masked = maskMessage(message);
        if (message == null || masked.equals(message)) {
            return e;
        }
        CascadeException replacement;
        if (e instanceof TemplateRenderException t) {
            replacement = new TemplateRenderException(t.kind(), t.line(), masked);
        } else if (e instanceof SecretNotFoundException) {
            replacement = new SecretNotFoundException(masked);
        } else if (e instanceof AccessDeniedException) {
            replacement = new AccessDeniedException(masked);
        } else if (e instanceof InvalidIdException) {
            replacement = new InvalidIdException(masked);
        } else if (e instanceof NotFoundException) {
            replacement = new NotFoundException(masked);
        } else if (e instanceof ConfigurationException) {
            replacement = new ConfigurationException(masked);
        } else {
            replacement = new TemplateRenderException(TemplateRenderException.Kind.EVALUATION, 0,
                    e.getClass().getSimpleName() + ": " + masked);
        }
        replacement.setStackTrace(e.getStackTrace());
        return replacement;
    }
}
