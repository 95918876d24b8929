package dev.cascade.benchmarks.baseline;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.cache.template.CaffeineTemplateCache;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Baseline: how an orchestrator typically renders a property with Pebble, modelled on Kestra's documented
 * behaviour. One Pebble engine with strict variables, no auto-escaping, no newline trimming and a Caffeine
 * template cache of 1,000 entries; every string goes through {@code getLiteralTemplate} and
 * {@code evaluate} with a context map, even when it holds no expression. Written from the documented
 * behaviour; no code copied.
 *
 * <p>Thread-safe (the engine and the cache are).
 */
public final class KestraStyleRenderer {
    private final PebbleEngine engine;

    public KestraStyleRenderer() {
        this(null);
    }

    /** @param extension extra functions (a {@code secret()} function for the pipeline baseline), or null */
    public KestraStyleRenderer(Extension extension) {
        PebbleEngine.Builder builder = new PebbleEngine.Builder()
                .loader(new StringLoader())
                .strictVariables(true)
                .autoEscaping(false)
                .newLineTrimming(false)
                .templateCache(new CaffeineTemplateCache(Caffeine.newBuilder().maximumSize(1000).build()));
        if (extension != null) {
            builder.extension(extension);
        }
        engine = builder.build();
    }

    public String render(String template, Map<String, Object> context) {
        PebbleTemplate compiled = engine.getLiteralTemplate(template);
        StringWriter out = new StringWriter(Math.max(16, template.length()));
        try {
            compiled.evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
