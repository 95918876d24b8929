package dev.cascade.examples.boot;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application on a real server at a random port, called over HTTP: health shows Cascade's stores,
 * metrics list Cascade's meters, and the flow endpoint returns the resolved tasks with every secret masked. No
 * secret value reaches a response or the console.
 */
class CascadeExampleApplicationTest {
    private static final String GITHUB = "ghp-example-token-0123456789";
    private static final String AWS_SECRET = "aws-secret-key-abcdefghijklmnop";
    private static ConfigurableApplicationContext app;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static PrintStream out;
    private static PrintStream err;
    private static String base;

    @BeforeAll
    static void start() {
        out = System.out;
        err = System.err;
        PrintStream both = new PrintStream(new TeeStream(out, CONSOLE), true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        app = SpringApplication.run(CascadeExampleApplication.class, "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:cascade-example-test;DB_CLOSE_DELAY=-1",
                "--demo.secrets.GITHUB_TOKEN=" + GITHUB, "--demo.secrets.AWS_SECRET_ACCESS_KEY=" + AWS_SECRET);
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        System.setOut(out);
        System.setErr(err);
        assertThat(CONSOLE.toString(StandardCharsets.UTF_8)).doesNotContain(GITHUB).doesNotContain(AWS_SECRET);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthShowsCascadesStores() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"cascade\"", "\"storage\"", "\"secretStore-jdbc\"", "\"backend\":\"jdbc\"")
                .contains("\"status\":\"UP\"").doesNotContain(GITHUB).doesNotContain(AWS_SECRET);
    }

    @Test
    void theFlowResolvesWithSecretsMaskedAndMetricsShowCascadesMeters() throws Exception {
        HttpResponse<String> flow = get("/flows/marketing/tasks");
        assertThat(flow.statusCode()).isEqualTo(200);
        assertThat(flow.body())
                .contains("\"bucket\":\"marketing-reports\"", "\"region\":\"us-east-1\"", "\"from\":\"weekly-report.csv\"")
                .contains("\"username\":\"your-github-username\"")
                .doesNotContain(GITHUB).doesNotContain(AWS_SECRET).doesNotContain("{{");
        assertThat(flow.body()).contains("\"password\":\"******\"");

        HttpResponse<String> metrics = get("/actuator/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("cascade.resolve", "cascade.backend", "cascade.cache.size", "cascade.cache.gets");
        HttpResponse<String> resolve = get("/actuator/metrics/cascade.resolve?tag=operation:resolve_task");
        assertThat(resolve.statusCode()).isEqualTo(200);
        assertThat(resolve.body()).contains("\"COUNT\"");
    }
}
