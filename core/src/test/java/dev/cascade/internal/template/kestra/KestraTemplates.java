package dev.cascade.internal.template.kestra;

import dev.cascade.SecretNotFoundException;
import dev.cascade.internal.template.RenderBudget;
import dev.cascade.internal.template.RenderScope;
import dev.cascade.internal.template.TemplateEngine;
import dev.cascade.template.TemplateRenderException;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.StringLoader;

import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/**
 * Renders templates for the Kestra compatibility tests: through Cascade's engine (what a flow author gets),
 * or through a bare Pebble carrying only the Kestra extension under an explicit {@link RenderBudget} (to pin
 * the limits independently of the engine's own defaults).
 */
final class KestraTemplates {
    static final String SECRET = "s3cr3t-token-value";

    private final TemplateEngine engine = new TemplateEngine(100, 100_000, true);

    String render(String template) {
        return render(template, Map.of());
    }

    String render(String template, Map<String, Object> vars) {
        return engine.render(template, new RenderScope(vars, (key, ns, subkey) -> {
            if (key.equals("TOKEN")) {
                return SECRET;
            }
            throw new SecretNotFoundException("Secret '" + key + "' not found");
        }, 4));
    }

    /** Renders with only the Kestra extension, under a budget of {@code maxValueSize} and {@code maxSteps}. */
    static String renderBounded(String template, Map<String, Object> vars, long maxValueSize, long maxSteps) {
        return renderWith(new KestraExtension(), template, vars, new RenderBudget(maxValueSize, maxSteps));
    }

    /** The steps a render with only the Kestra extension counts (under an unlimited budget). */
    static long stepsOf(String template, Map<String, Object> vars) {
        RenderBudget budget = new RenderBudget(Long.MAX_VALUE, Long.MAX_VALUE);
        renderWith(new KestraExtension(), template, vars, budget);
        return budget.steps();
    }

    static String renderAt(Clock clock, String template) {
        return renderWith(new KestraExtension(clock), template, Map.of(), new RenderBudget(1_000_000, 1_000_000));
    }

    private static String renderWith(KestraExtension extension, String template, Map<String, Object> vars,
                                     RenderBudget budget) {
        PebbleEngine pebble = new PebbleEngine.Builder().loader(new StringLoader()).strictVariables(true)
                .autoEscaping(false).newLineTrimming(false).cacheActive(false).extension(extension).build();
        RenderBudget previous = RenderBudget.enter(budget);
        try {
            StringWriter out = new StringWriter();
            pebble.getTemplate(template).evaluate(out, vars);
            return out.toString();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TemplateRenderException tre) {
                    throw tre;
                }
            }
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } finally {
            RenderBudget.exit(previous);
        }
    }
}
