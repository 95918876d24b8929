package dev.cascade.resolve;

import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cascade.resolve.ResolverFixture.MAIN;

/**
 * A sanity timing loop, not a benchmark (JMH lives in the benchmarks module) and not an assertion. Run with
 * {@code -Dcascade.timing=true -Dtest=ResolverTimingCheck}, or through {@link #main}.
 */
class ResolverTimingCheck {

    @Test
    @EnabledIfSystemProperty(named = "cascade.timing", matches = "true")
    void printTimings() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        try (ResolverFixture f = new ResolverFixture(b -> b.globalDefaults(List.of(
                PluginDefault.of("io.kestra.plugin", Map.of("timeout", "PT1H"))))
                .executor(java.util.concurrent.ForkJoinPool.commonPool()))) {
            f.create("company");
            f.create("company.team");
            f.create("company.team.etl");
            f.variables("company", Map.of("env", "prod", "region", "eu-west-1"));
            f.variables("company.team.etl", Map.of("bucket", "etl-data"));
            f.defaults("company", List.of(PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "{{ namespace.region }}"))));
            f.defaults("company.team", List.of(PluginDefault.of("io.kestra.plugin.aws.s3", Map.of("retries", 3))));
            f.defaults("company.team.etl", List.of(PluginDefault.of("io.kestra.plugin.aws.s3.Upload",
                    Map.of("accessKeyId", "{{ secret('AWS_KEY') }}"))));
            f.secret("company", "AWS_KEY", "AKIA-timing-value");
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", "upload");
            task.put("type", "io.kestra.plugin.aws.s3.Upload");
            task.put("bucket", "{{ namespace.bucket }}");
            task.put("key", "reports/daily.csv");
            task.put("from", "{{ inputs.file }}");
            task.put("contentType", "text/csv");
            task.put("storageClass", "STANDARD");
            Map<String, Object> host = Map.of("inputs", Map.of("file", "/tmp/daily.csv"));
            NamespaceId ns = NamespaceId.of("company.team.etl");
            Resolver r = f.resolver;

            int iterations = 2_000_000;
            long sink = 0;
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    sink += r.resolveTask(MAIN, ns, task, List.of(), host).task().size();
                }
                long taskNs = (System.nanoTime() - start) / iterations;

                String template = "{{ namespace.bucket }}";
                start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    sink += r.render(MAIN, ns, template, host).output().length();
                }
                long renderNs = (System.nanoTime() - start) / iterations;

                Map<String, Object> vars = r.effectiveNamespace(MAIN, ns).variables();
                dev.cascade.internal.template.TemplateEngine engine =
                        new dev.cascade.internal.template.TemplateEngine(1000, 1_000_000, true);
                dev.cascade.internal.template.RenderScope scope = new dev.cascade.internal.template.RenderScope(
                        Map.of("namespace", vars), (k, n, s) -> "x", 4);
                start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    sink += engine.render(template, scope).length();
                }
                long engineNs = (System.nanoTime() - start) / iterations;
                start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    sink += ((String) vars.get("bucket")).length();
                }
                long lookupNs = Math.max(1, (System.nanoTime() - start) / iterations);
                System.out.printf("round %d: resolveTask %d ns/op (10 properties, 4 default levels, 3 templates, 1 secret);"
                        + " Resolver.render(one variable) %d ns/op; template engine alone %d ns/op; bare map lookup %d ns/op%n",
                        round, taskNs, renderNs, engineNs, lookupNs);
            }
            System.out.println("sink " + sink + "; resolved: " + r.resolveTask(MAIN, ns, task, List.of(), host).maskedTask());
        }
    }
}
