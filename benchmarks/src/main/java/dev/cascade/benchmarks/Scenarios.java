package dev.cascade.benchmarks;

import dev.cascade.backend.InMemorySecretStore;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.namespace.TenantId;
import dev.cascade.resolve.Resolver;
import dev.cascade.resolve.ResolverCacheConfig;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data every benchmark uses, built the same way for Cascade and for its baselines so both sides see
 * the same namespaces, variables, defaults and secrets. Static helpers; the objects they build are what
 * the benchmark states keep. Not thread-safe while building.
 */
public final class Scenarios {
    public static final TenantId TENANT = TenantId.DEFAULT;

    /** Scenarios 2–4: the namespace whose variables the templates read. */
    public static final NamespaceId TEAM = NamespaceId.of("company.team");
    public static final String LITERAL = "https://github.com/kestra-io/examples";
    public static final String ONE_VARIABLE = "{{ namespace.github.token }}";
    public static final String JDBC_URL = "jdbc:mysql://{{ namespace.mysql.host }}:3306/{{ namespace.mysql.db }}";
    public static final String SECRET = "{{ secret('GITHUB_TOKEN') }}";
    public static final String GITHUB_TOKEN_VALUE = "ghp_benchmark0123456789";

    /** Scenario 5: the task's namespace (three namespace levels) and its task type. */
    public static final NamespaceId ETL = NamespaceId.of("company.team.etl");
    public static final String TASK_TYPE = "io.kestra.plugin.aws.s3.Upload";

    /** Scenario 6: a namespace five levels deep, every level existing. */
    public static final NamespaceId DEEP = NamespaceId.of("org.region.dept.team.project");

    private Scenarios() {
    }

    /** The namespace variables of {@link #TEAM} (and of its parent {@code company}). */
    public static void fillTemplateData(Storage storage, SecretStore secrets) {
        create(storage, "company");
        create(storage, "company.team");
        create(storage, "company.team.etl");
        storage.variables().put(TENANT, NamespaceId.of("company"), Map.of("region", "eu-west-1", "env", "prod",
                "mysql", Map.of("host", "mysql.internal", "db", "company")), 0);
        storage.variables().put(TENANT, TEAM, Map.of("github", Map.of("token", "team-token-42", "org", "kestra-io"),
                "mysql", Map.of("db", "team_db")), 0);
        storage.variables().put(TENANT, ETL, Map.of("bucket", "etl-data"), 0);
        secrets.put(TENANT, NamespaceId.of("company"), SecretKey.of("GITHUB_TOKEN"), SecretValue.of(GITHUB_TOKEN_VALUE),
                SecretAttributes.NONE, SecretStore.ANY_VERSION);
        secrets.put(TENANT, NamespaceId.of("company"), SecretKey.of("AWS_KEY"), SecretValue.of("AKIA-benchmark-value"),
                SecretAttributes.NONE, SecretStore.ANY_VERSION);
        // plugin defaults: three namespace levels (the global and flow levels come with the resolver and the task)
        storage.pluginDefaults().put(TENANT, NamespaceId.of("company"),
                List.of(PluginDefault.of("io.kestra.plugin.aws", Map.of("region", "{{ namespace.region }}"))), 0);
        storage.pluginDefaults().put(TENANT, TEAM,
                List.of(PluginDefault.of("io.kestra.plugin.aws.s3", Map.of("retries", 3))), 0);
        storage.pluginDefaults().put(TENANT, ETL,
                List.of(PluginDefault.of(TASK_TYPE, Map.of("accessKeyId", "{{ secret('AWS_KEY') }}"))), 0);
    }

    /** The merged variables of {@link #TEAM} as a template context sees them (for the baselines). */
    public static Map<String, Object> teamVariables() {
        return Map.of("region", "eu-west-1", "env", "prod",
                "mysql", Map.of("host", "mysql.internal", "db", "team_db"),
                "github", Map.of("token", "team-token-42", "org", "kestra-io"));
    }

    /** The merged variables of {@link #ETL}. */
    public static Map<String, Object> etlVariables() {
        Map<String, Object> vars = new LinkedHashMap<>(teamVariables());
        vars.put("bucket", "etl-data");
        return Map.copyOf(vars);
    }

    public static List<PluginDefault> globalDefaults() {
        return List.of(PluginDefault.of("io.kestra.plugin", Map.of("timeout", "PT1H")));
    }

    public static List<PluginDefault> flowDefaults() {
        return List.of(PluginDefault.of(TASK_TYPE, Map.of("storageClass", "STANDARD")));
    }

    /** Scenario 5's task as written: 5 properties; the defaults of 5 levels bring it to 10. */
    public static Map<String, Object> task() {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", "upload");
        task.put("type", TASK_TYPE);
        task.put("bucket", "{{ namespace.bucket }}");
        task.put("key", "reports/daily.csv");
        task.put("from", "{{ inputs.file }}");
        return task;
    }

    /** The host variables of scenario 5 (the pipeline baseline finds the namespace in {@code flow}). */
    public static Map<String, Object> hostVariables() {
        return Map.of("inputs", Map.of("file", "/tmp/daily.csv"),
                "flow", Map.of("id", "daily_upload", "namespace", ETL.value()));
    }

    /** The namespace levels, root first, as the pipeline baseline receives them. */
    public static List<List<PluginDefault>> pipelineLevels(Storage storage) {
        return List.of(globalDefaults(),
                storage.pluginDefaults().get(TENANT, NamespaceId.of("company")).orElseThrow().value(),
                storage.pluginDefaults().get(TENANT, TEAM).orElseThrow().value(),
                storage.pluginDefaults().get(TENANT, ETL).orElseThrow().value(),
                flowDefaults());
    }

    /** Five existing levels with a few variables each and one plugin-defaults rule at the leaf. */
    public static void fillDeep(Storage storage) {
        NamespaceId leaf = DEEP;
        for (NamespaceId a : leaf.ancestors()) {
            storage.namespaces().create(TENANT, a, NamespaceProperties.EMPTY);
            storage.variables().put(TENANT, a, Map.of("level", a.value(), "owner", "team-" + a.ancestors().size(),
                    "config", Map.of("retries", a.ancestors().size(), "region", "eu-west-1")), 0);
        }
        storage.pluginDefaults().put(TENANT, leaf,
                List.of(PluginDefault.of("io.kestra.plugin.core", Map.of("timeout", "PT10M"))), 0);
    }

    public static void create(Storage storage, String id) {
        storage.namespaces().create(TENANT, NamespaceId.of(id), NamespaceProperties.EMPTY);
    }

    /** A resolver over {@code storage} and one secret store, with the default cache settings. */
    public static Resolver resolver(Storage storage, SecretStore secrets) {
        return resolver(storage, secrets, ResolverCacheConfig.DEFAULTS);
    }

    public static Resolver resolver(Storage storage, SecretStore secrets, ResolverCacheConfig config) {
        return Resolver.builder().storage(storage).secretStores(SecretStores.single(secrets))
                .globalDefaults(globalDefaults()).cacheConfig(config).build();
    }

    public static InMemorySecretStore secretStore() {
        return new InMemorySecretStore();
    }
}
