package dev.cascade.resolve;

import dev.cascade.secret.SecretMasker;

import java.util.Objects;

/**
 * One rendered template and a masker for the secrets it used. Immutable and thread-safe;
 * {@link #toString()} masks every secret value regardless of length.
 *
 * @param output the rendered text (may contain secret values: mask before logging)
 * @param masker masks the secret values used
 */
public record RenderResult(String output, SecretMasker masker) {
    public RenderResult {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(masker, "masker");
    }

    /** The output with secrets masked. */
    public String maskedOutput() {
        return masker.mask(output);
    }

    @Override
    public String toString() {
        return "RenderResult[output=" + masker.withMinLength(1).mask(output) + ", masker=" + masker + "]";
    }
}
