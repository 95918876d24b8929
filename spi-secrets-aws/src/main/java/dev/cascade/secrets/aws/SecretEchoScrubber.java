package dev.cascade.secrets.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cascade.secret.SecretValue;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes the submitted secret value from the body of an error response before the SDK turns it into an
 * exception. A service validation message may quote the value it refused; the SDK logs such exceptions
 * itself (its retry strategy, at DEBUG) before any code of the store sees them, so the value has to go
 * before then. Stateless and thread-safe; not API.
 */
final class SecretEchoScrubber implements ExecutionInterceptor {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes executionAttributes) {
        Optional<InputStream> body = context.responseBody();
        if (context.httpResponse().isSuccessful() || body.isEmpty()) {
            return body;
        }
        String secret = submittedSecret(context.request());
        if (secret == null || secret.isEmpty()) {
            return body;
        }
        try (InputStream in = body.get()) {
            byte[] raw = in.readAllBytes();
            return Optional.of(new ByteArrayInputStream(scrubBody(raw, secret)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an error response of Secrets Manager", e);
        }
    }

    /**
     * Scrubs the text fields of a JSON error body, leaving {@code __type} (the error code the SDK maps to an
     * exception class) untouched; a body that is not a JSON object is scrubbed as plain text.
     */
    static byte[] scrubBody(byte[] raw, String secret) {
        try {
            JsonNode tree = JSON.readTree(raw);
            if (tree instanceof ObjectNode object) {
                List<String> fields = new ArrayList<>();
                object.fieldNames().forEachRemaining(fields::add);
                for (String f : fields) {
                    JsonNode v = object.get(f);
                    if (v.isTextual() && !f.equals("__type")) {
                        object.put(f, AwsSecretStore.scrubText(v.asText(), secret));
                    } else if (!v.isValueNode() && AwsSecretStore.scrubText(v.toString(), secret).equals(v.toString())) {
                        continue;
                    } else if (!v.isValueNode()) {
                        object.put(f, SecretValue.MASK); // nested structure quoting the value: drop it whole
                    }
                }
                return JSON.writeValueAsBytes(object);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to plain text
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        String clean = AwsSecretStore.scrubText(text, secret).replace(unicodeEscaped(secret), SecretValue.MASK);
        return clean.getBytes(StandardCharsets.UTF_8);
    }

    private static String submittedSecret(SdkRequest request) {
        if (request instanceof PutSecretValueRequest p) {
            return p.secretString();
        }
        if (request instanceof CreateSecretRequest c) {
            return c.secretString();
        }
        if (request instanceof UpdateSecretRequest u) {
            return u.secretString();
        }
        return null;
    }

    /** The JSON form with every non-ASCII character written as a backslash-u escape. */
    private static String unicodeEscaped(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : AwsSecretStore.jsonEscaped(s).toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
