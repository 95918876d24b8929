package dev.cascade.benchmarks;

import dev.cascade.benchmarks.baseline.MapLookupFloor;
import dev.cascade.management.NamespacePage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark states compute what they claim: Cascade and each baseline produce the same output from
 * the same data. Runs no JMH measurement (that is {@code PerformanceReport}'s job, outside the build).
 */
class BenchmarkSetupTest {

    @Test
    void templatesRenderTheSameWithCascadeTheFloorAndThePebbleBaseline() {
        TemplateBenchmarks b = new TemplateBenchmarks();
        b.setUp();
        try {
            assertThat(b.s1_literal_cascadePerProperty()).isSameAs(Scenarios.LITERAL);
            assertThat(b.s1_literal_cascadeRender()).isEqualTo(Scenarios.LITERAL).isEqualTo(b.s1_literal_kestraStyle());
            assertThat(b.s1_pebblePath_cascadePerProperty()).isEqualTo("PROD:mysql.internal/team_db-a-b-c");

            assertThat(b.s2_oneVariable_cascade()).isEqualTo("team-token-42")
                    .isEqualTo(b.s2_oneVariable_mapLookupFloor()).isEqualTo(b.s2_oneVariable_kestraStyle());

            assertThat(b.s3_jdbcUrl_cascade()).isEqualTo("jdbc:mysql://mysql.internal:3306/team_db")
                    .isEqualTo(b.s3_jdbcUrl_mapLookupFloor()).isEqualTo(b.s3_jdbcUrl_kestraStyle());

            assertThat(b.s4_secret_cascade()).isEqualTo(Scenarios.GITHUB_TOKEN_VALUE)
                    .isEqualTo(b.s4_secret_cascadeCompiled());
            assertThat(b.s2_oneVariable_cascadeCompiled()).isEqualTo(b.s2_oneVariable_cascade());
            assertThat(b.s1_literal_cascadeCompiled()).isSameAs(Scenarios.LITERAL);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void wholeTaskResolvesToTenPropertiesAndMatchesThePipelineBaseline() {
        TaskBenchmarks b = new TaskBenchmarks();
        b.setUp();
        try {
            Map<String, Object> cascade = b.s5_task_cascade();
            assertThat(cascade).hasSize(10)
                    .containsEntry("region", "eu-west-1")
                    .containsEntry("bucket", "etl-data")
                    .containsEntry("from", "/tmp/daily.csv")
                    .containsEntry("accessKeyId", "AKIA-benchmark-value")
                    .containsEntry("retries", 3)
                    .containsEntry("timeout", "PT1H")
                    .containsEntry("storageClass", "STANDARD");
            assertThat(b.s5_task_kestraStylePipeline()).isEqualTo(cascade);
            assertThat(b.s8_task_cascade_2threads()).isEqualTo(cascade);
            assertThat(b.s5_task_cascadePrepared()).isEqualTo(cascade);
            assertThat(b.s5_task_cascadeEqualCopy()).isEqualTo(cascade);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void effectiveNamespaceIsTheSameOnHitAndOnMissesFromBothStorages() throws IOException {
        NamespaceBenchmarks b = new NamespaceBenchmarks();
        b.setUp();
        try {
            Map<String, Object> vars = b.s6_effectiveNamespace_hit().variables();
            assertThat(vars).containsEntry("level", Scenarios.DEEP.value());
            assertThat(b.s6_effectiveNamespace_hit().existingChain()).hasSize(5);
            assertThat(b.s6_effectiveNamespace_missInMemory().variables()).isEqualTo(vars);
            assertThat(b.s6_effectiveNamespace_missH2().variables()).isEqualTo(vars);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void theMissOnDatabaseServersLoadsTheSameNamespace() throws Exception {
        NamespaceBenchmarks reference = new NamespaceBenchmarks();
        reference.setUp();
        NamespaceMissOnServers b = new NamespaceMissOnServers();
        b.setUp();
        try {
            Map<String, Object> vars = reference.s6_effectiveNamespace_hit().variables();
            assertThat(b.s6_effectiveNamespace_missPostgres().variables()).isEqualTo(vars);
            assertThat(b.s6_effectiveNamespace_missMariaDb().variables()).isEqualTo(vars);
            assertThat(b.s6_effectiveNamespace_missMariaDb().existingChain()).hasSize(5);
        } finally {
            b.tearDown();
            reference.tearDown();
        }
    }

    @Test
    void theListingScenarioPagesThroughTheLoadedTenant() throws Exception {
        ListingAtScale b = new ListingAtScale();
        b.namespaces = 10_000;   // the scenario's shape, small
        b.setUp();
        try {
            NamespacePage first = b.s11_firstPage();
            assertThat(first.rows()).extracting(r -> r.id().value())
                    .startsWith("dept-00", "dept-00.team-00", "dept-00.team-00.proj-00", "dept-00.team-01")
                    .hasSize(100);
            assertThat(b.s11_middlePage().rows().get(0).id().value()).isEqualTo("dept-50.team-01");
            assertThat(b.s11_firstPage_rbac().rows().get(0).id().value()).isEqualTo("dept-05");
            NamespacePage teams = b.s11_childrenPage();
            assertThat(teams.rows()).hasSize(100).allSatisfy(r -> assertThat(r.id().parent()).hasValueSatisfying(
                    p -> assertThat(p.value()).isEqualTo("dept-50")));
            assertThat(teams.nextCursor()).isEmpty();
            NamespacePage middle = b.s11_middlePage_rbac();
            assertThat(middle.rows()).hasSize(100).allSatisfy(r -> assertThat(r.id().value()).startsWith("dept-55"));
            assertThat(middle.nextCursor()).isPresent();
        } finally {
            b.tearDown();
        }
    }

    @Test
    void theFloorWalksNestedMaps() {
        Map<String, Object> root = Map.of("a", Map.of("b", "x"), "c", "y");
        assertThat(MapLookupFloor.lookup(root, new String[]{"a", "b"})).isEqualTo("x");
        assertThat(MapLookupFloor.interpolate(root, "<", new String[]{"a", "b"}, "|", new String[]{"c"}, ">"))
                .isEqualTo("<x|y>");
    }
}
