package dev.cascade.resolve;

import dev.cascade.LogCapture;

import dev.cascade.BackendException;
import dev.cascade.NotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.cascade.resolve.ResolverFixture.MAIN;
import static dev.cascade.resolve.ResolverFixture.ns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rules checked through {@link Resolver#resolveTask}: existing namespaces, end-to-end masking, backend failures. */
class ResolverRulesTest {
    private static final String VALUE = "p@ss word/+=é-secret";
    private final ResolverFixture f = new ResolverFixture();
    private final LogCapture logs = new LogCapture();

    @AfterEach
    void close() {
        logs.close();
        f.close();
        assertThat(logs.all()).doesNotContain(VALUE);
    }

    private static Map<String, Object> task(String property) {
        return Map.of("id", "t", "type", "io.kestra.plugin.jdbc.mysql.Query", "password", property);
    }

    @Test
    void requireExistingNamespaceRefusesResolveTaskWithAClearNotFound() {
        try (ResolverFixture strict = new ResolverFixture(b -> b.requireExistingNamespace(true))) {
            strict.create("company");
            assertThat(strict.resolver.resolveTask(MAIN, ns("company"), task("x"), List.of(), Map.of()).task())
                    .containsEntry("password", "x");
            assertThatThrownBy(() -> strict.resolver.resolveTask(MAIN, ns("company.team"), task("x"), List.of(), Map.of()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Namespace 'company.team' does not exist")
                    .hasMessageContaining("tenant 'main'")
                    .hasMessageContaining("requireExistingNamespace")
                    .hasMessageContaining("Create the namespace first");
        }
        // without the option, a placeholder resolves (and contributes nothing)
        assertThat(f.resolver.resolveTask(MAIN, ns("company.team"), task("x"), List.of(), Map.of()).task())
                .containsEntry("password", "x");
    }

    @Test
    void aResolvedTasksMaskerHidesTheValueAndItsUrlEncodedAndBase64Forms() {
        f.create("a");
        f.secret("a", "PW", VALUE);
        ResolvedTask t = f.resolver.resolveTask(MAIN, ns("a"), task("{{ secret('PW') }}"), List.of(), Map.of());
        assertThat(t.task()).containsEntry("password", VALUE);
        byte[] bytes = VALUE.getBytes(StandardCharsets.UTF_8);
        String url = URLEncoder.encode(VALUE, StandardCharsets.UTF_8);
        String url20 = url.replace("+", "%20");
        String b64 = Base64.getEncoder().encodeToString(bytes);
        String b64url = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String line = "raw=" + VALUE + " url=" + url + " url20=" + url20 + " b64=" + b64 + " b64url=" + b64url;
        String masked = t.masker().mask(line);
        assertThat(masked).isEqualTo("raw=****** url=****** url20=****** b64=****** b64url=******");
        for (String form : List.of(VALUE, url, url20, b64, b64url)) {
            assertThat(masked).doesNotContain(form);
        }
        assertThat(t.maskedTask().toString()).doesNotContain(VALUE).contains("******");
        assertThat(t.toString()).doesNotContain(VALUE);
    }

    @Test
    void aBackendFailureThroughResolveTaskNamesBackendOperationTenantNamespaceAndKeyAndNoValue() {
        f.create("a");
        f.secret("a", "PW", VALUE);
        f.probe.getFailure = new IllegalStateException("backend said: " + VALUE);
        assertThatThrownBy(() -> f.resolver.resolveTask(MAIN, ns("a"), task("{{ secret('PW') }}"), List.of(), Map.of()))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.backend()).isEqualTo("memory");
                    assertThat(e.operation()).isEqualTo("get");
                    assertThat(e.getMessage()).contains("Backend 'memory'").contains("failed on get")
                            .contains("tenant 'main'").contains("namespace 'a'").contains("key 'PW'")
                            .contains(IllegalStateException.class.getName())
                            .doesNotContain(VALUE).doesNotContain("backend said");
                    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                        assertThat(String.valueOf(c.getMessage())).doesNotContain(VALUE);
                    }
                });
    }

    /**
     * Pins current behaviour: a JSON {@code null} field read with {@code subkey} comes back as the string
     * "null" (Jackson's {@code asText()} of a NullNode). It should rather fail like a missing field.
     */
    @Test
    void aJsonNullFieldReadWithSubkeyIsAMissingField() {
        f.create("a");
        f.secret("a", "DB", "{\"user\":null,\"password\":\"pw-value-1\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.render("a", "{{ secret('DB', subkey='user') }}"))
                .isInstanceOf(dev.cascade.SecretNotFoundException.class)
                .hasMessageContaining("field 'user' is null")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-value-1"));
    }
}
