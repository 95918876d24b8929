package dev.cascade.template;

import dev.cascade.Cascade;
import dev.cascade.ConfigurationException;
import dev.cascade.internal.template.RenderBudget;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.template.TemplateRenderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template-extension SPI as a host uses it: explicit registration, discovery by name, sandbox and limits. */
class TemplateExtensionTest {
    private static final TenantId MAIN = TenantId.DEFAULT;
    private static final NamespaceId NS = NamespaceId.of("company.team");

    /** The orchestrator's key-value store, as Kestra's kv(): scoped by the flow's namespace. */
    static final class KvExtension implements TemplateExtension {
        final Map<String, Object> store = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "kv";
        }

        @Override
        public Map<String, TemplateFunction> functions() {
            return Map.of("kv", TemplateFunction.of(List.of("key", "errorOnMissing"), call -> {
                if (!(call.argument("key") instanceof String key)) {
                    throw call.invalidArgument("kv() needs the argument 'key' as a string");
                }
                Object flow = call.variable("flow");
                String ns = flow instanceof Map<?, ?> m ? String.valueOf(m.get("namespace")) : "?";
                Object value = store.get(ns + "/" + key);
                if (value == null && !Boolean.FALSE.equals(call.argument("errorOnMissing"))) {
                    throw call.invalidArgument("kv() found no key '" + key + "' in namespace " + ns);
                }
                return value;
            }));
        }

        @Override
        public Map<String, TemplateFilter> filters() {
            return Map.of("repeatText", TemplateFilter.of(List.of("times"), (input, call) -> {
                String s = String.valueOf(input);
                long times = ((Number) call.argument("times")).longValue();
                call.checkSize(s.length() * times);
                call.step(times);
                return s.repeat((int) times);
            }));
        }

        @Override
        public Map<String, TemplateTest> tests() {
            return Map.of("kvKey", TemplateTest.of(List.of(), (input, call) -> {
                Object flow = call.variable("flow");
                String ns = flow instanceof Map<?, ?> m ? String.valueOf(m.get("namespace")) : "?";
                return store.containsKey(ns + "/" + input);
            }));
        }
    }

    private static String render(Cascade cascade, String template, Map<String, Object> host) {
        return cascade.resolver().render(MAIN, NS, template, host).output();
    }

    @Test
    void explicitExtensionAddsFunctionsFiltersAndTestsThatReadTheHostsVariables() {
        KvExtension kv = new KvExtension();
        kv.store.put("company.team/endpoint", "https://api.example.com");
        try (Cascade cascade = Cascade.builder().templateExtension(kv).build()) {
            Map<String, Object> host = Map.of("flow", Map.of("namespace", "company.team"));
            assertThat(render(cascade, "{{ kv('endpoint') | upper }}", host)).isEqualTo("HTTPS://API.EXAMPLE.COM");
            assertThat(render(cascade, "{{ 'ab' | repeatText(3) }}", host)).isEqualTo("ababab");
            assertThat(render(cascade, "{% if 'endpoint' is kvKey %}y{% endif %}{% if 'other' is kvKey %}n{% endif %}", host))
                    .isEqualTo("y");
            assertThat(render(cascade, "[{{ kv('nope', errorOnMissing=false) }}]", host)).isEqualTo("[]");
            // a template cannot redirect the host function by shadowing the host's variable: either the assignment
            // is refused (the host's variables are read-only) or kv() still reads the host's own value
            String shadowing = "{% for i in [1] %}{% set flow = {'namespace': 'other.team'} %}{{ kv('endpoint') }}{% endfor %}";
            try {
                assertThat(render(cascade, shadowing, host)).isEqualTo("https://api.example.com");
            } catch (TemplateRenderException refused) {
                assertThat(refused.getMessage()).doesNotContain("https://api.example.com");
            }
            assertThatThrownBy(() -> render(cascade, "{{ kv(1) }}", host))
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("kv()").contains("line 1");
                    });
        }
    }

    @Test
    void extensionFiltersRunUnderTheRendersBudget() {
        KvExtension kv = new KvExtension();
        try (Cascade cascade = Cascade.builder().templateExtension(kv).build()) {
            RenderBudget previous = RenderBudget.enter(new RenderBudget(100, 1_000));
            try {
                assertThatThrownBy(() -> render(cascade, "{{ 'ab' | repeatText(2000000000) }}", Map.of()))
                        .isInstanceOfSatisfying(TemplateRenderException.class,
                                e -> assertThat(e.kind()).isIn(Kind.OUTPUT_TOO_LARGE, Kind.TOO_MUCH_WORK));
            } finally {
                RenderBudget.exit(previous);
            }
        }
    }

    @Test
    void anExceptionOfTheExtensionIsReportedWithoutItsMessage() {
        TemplateExtension leaky = new TemplateExtension() {
            @Override
            public String name() {
                return "leaky";
            }

            @Override
            public Map<String, TemplateFilter> filters() {
                return Map.of("boom", TemplateFilter.of(List.of(), (input, call) -> {
                    throw new IllegalStateException("value was " + input);
                }));
            }
        };
        try (Cascade cascade = Cascade.builder().templateExtension(leaky).build()) {
            assertThatThrownBy(() -> render(cascade, "{{ 'hunter2' | boom }}", Map.of()))
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.EVALUATION);
                        assertThat(e.getMessage()).contains("IllegalStateException").doesNotContain("value was");
                    });
        }
    }

    @Test
    void theResolverBuilderTakesExtensionsToo() {
        try (dev.cascade.resolve.Resolver resolver = dev.cascade.resolve.Resolver.builder()
                .storage(new dev.cascade.backend.InMemoryStorage()).templateExtension(new GreetingExtension()).build()) {
            assertThat(resolver.render(MAIN, NS, "{{ greet('resolver') | upper }}", Map.of()).output())
                    .isEqualTo("HELLO RESOLVER");
        }
        // without the extension the function is unknown, and the error names it
        try (dev.cascade.resolve.Resolver resolver = dev.cascade.resolve.Resolver.builder()
                .storage(new dev.cascade.backend.InMemoryStorage()).build()) {
            assertThatThrownBy(() -> resolver.render(MAIN, NS, "{{ greet('x') }}", Map.of()))
                    .isInstanceOf(TemplateRenderException.class).hasMessageContaining("greet");
        }
    }

    @Test
    void discoveredByNameThroughServiceLoader() {
        try (Cascade cascade = Cascade.builder().templateExtension("greeting").build()) {
            assertThat(render(cascade, "{{ greet('world') }}", Map.of())).isEqualTo("hello world");
        }
        assertThatThrownBy(() -> Cascade.builder().templateExtension("nothing-by-that-name").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("nothing-by-that-name").hasMessageContaining("greeting");
    }

    @Test
    void clashesAndBadNamesFailTheBuildNamingThem() {
        TemplateExtension clash = new TemplateExtension() {
            @Override
            public String name() {
                return "clash";
            }

            @Override
            public Map<String, TemplateFilter> filters() {
                return Map.of("upper", TemplateFilter.of(List.of(), (i, c) -> i), "toJson", TemplateFilter.of(List.of(), (i, c) -> i),
                        "bad-name", TemplateFilter.of(List.of(), (i, c) -> i));
            }

            @Override
            public Map<String, TemplateFunction> functions() {
                return Map.of("secret", TemplateFunction.of(List.of(), c -> "x"));
            }
        };
        assertThatThrownBy(() -> Cascade.builder().templateExtension(clash).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'upper'").hasMessageContaining("'toJson'").hasMessageContaining("'bad-name'")
                .hasMessageContaining("'secret'");
        List<TemplateExtension> twice = new ArrayList<>(List.of(new GreetingExtension(), new GreetingExtension()));
        assertThatThrownBy(() -> {
            Cascade.Builder b = Cascade.builder();
            twice.forEach(b::templateExtension);
            b.build();
        }).isInstanceOf(ConfigurationException.class).hasMessageContaining("'greet'").hasMessageContaining("already defined");
    }
}
