package dev.cascade.internal.template.kestra;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cascade.InvalidDocumentException;
import dev.cascade.internal.LocatedTreeReader;
import dev.cascade.internal.template.RenderBudget;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.yaml.DocumentLimits;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.Test;

import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Array;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cascade.internal.template.kestra.Calls.budget;
import static dev.cascade.internal.template.kestra.Calls.filter;
import static dev.cascade.internal.template.kestra.Calls.function;
import static dev.cascade.internal.template.kestra.Calls.invalid;
import static dev.cascade.internal.template.kestra.Calls.typeOf;

/**
 * Kestra's JSON and YAML conversions: the {@code toJson} (and deprecated {@code json}) and {@code yaml}
 * filters, the {@code fromJson} (and deprecated {@code json}) and {@code yaml} functions, and the {@code json}
 * test. Values are copied to plain data first (no getter of any object runs), and writing goes through a
 * writer that fails with OUTPUT_TOO_LARGE as soon as the text passes the render's bound; parsing is bounded by the input's length, nesting depth and (for YAML) alias expansion. Parse errors
 * never carry the parser's message, which may quote the input. Thread-safe; not API.
 */
final class JsonFilters {
    private static final int MAX_DEPTH = 64;

    /** Kestra's JSON writer leaves null map values out ({@code NON_NULL}). */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH + 2).build())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(1000).build())
            .build())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** JSON printing that keeps nulls, for values printed as text by other filters. */
    private static final ObjectMapper JSON_ALL = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH + 2).build())
            .build());

    /** Kestra's YAML style: minimal quotes, no document marker, no line splitting, indented lists. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH + 2).build())
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS)
            .disable(YAMLGenerator.Feature.USE_PLATFORM_LINE_BREAKS)
            .build());

    private JsonFilters() {
    }

    static void register(Map<String, Filter> filters, Map<String, Function> functions, Map<String, Test> tests) {
        Filter toJson = filter(List.of(), (in, args, line) -> toJson(in, true, line));
        filters.put("toJson", toJson);
        filters.put("json", toJson);
        filters.put("yaml", filter(List.of(), (in, args, line) -> write(YAML, in, "yaml", line)));
        Function fromJson = function(List.of("json"), (args, line) -> fromJson(args.get("json"), line));
        functions.put("fromJson", fromJson);
        functions.put("json", fromJson);
        functions.put("yaml", function(List.of("yaml"), (args, line) -> fromYaml(args.get("yaml"), line)));
        tests.put("json", Calls.test(List.of(), (in, args, line) -> {
            if (!(in instanceof String s)) {
                return false;
            }
            budget().step(s.length());
            try {
                JSON.readTree(s);
                return true;
            } catch (JsonProcessingException e) {
                return false;
            }
        }));
    }

    /** {@code value} as JSON text, checked against the render's bound while it is written. */
    static String toJson(Object value, boolean dropNullValues, int line) {
        if (value == null) {
            return "null";
        }
        return write(dropNullValues ? JSON : JSON_ALL, value, "toJson", line);
    }

    private static String write(ObjectMapper mapper, Object value, String owner, int line) {
        if (value == null) {
            return "null";
        }
        Object data = toData(value, owner, line, 0);
        BoundedWriter out = new BoundedWriter(budget());
        try {
            mapper.writeValue(out, data);
        } catch (TemplateRenderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof TemplateRenderException tre) {
                    throw tre;
                }
            }
            throw invalid(line, owner + " cannot write " + typeOf(value));
        }
        budget().step(out.length());
        return out.toString();
    }

    /**
     * {@code value} as plain data (maps, lists, strings, numbers, booleans, null) for the writers: dates and times
     * become ISO-8601 strings, as Kestra writes them, and any other object its string form. Jackson never sees
     * a bean, so no getter runs (Cascade refuses method calls on values).
     */
    static Object toData(Object value, String owner, int line, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (depth >= MAX_DEPTH) {
            throw invalid(line, owner + " got a value nested deeper than " + MAX_DEPTH + " levels");
        }
        RenderBudget b = budget();
        if (value instanceof Map<?, ?> map) {
            b.checkSize(map.size());
            b.step(map.size());
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), toData(e.getValue(), owner, line, depth + 1));
            }
            return out;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> out = new ArrayList<>();
            for (Object item : items) {
                b.checkSize(out.size() + 1L);
                b.step(1);
                out.add(toData(item, owner, line, depth + 1));
            }
            return out;
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            b.checkSize(n);
            b.step(n);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(toData(Array.get(value, i), owner, line, depth + 1));
            }
            return out;
        }
        if (value instanceof ZonedDateTime z) {
            return z.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (value instanceof OffsetDateTime o) {
            return o.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        return String.valueOf(value);
    }

    private static Object fromJson(Object json, int line) {
        if (json == null) {
            return null;
        }
        if (!(json instanceof String s)) {
            throw invalid(line, "fromJson needs the argument 'json' as a string; got " + typeOf(json));
        }
        budget().checkSize(s.length());
        budget().step(s.length());
        try {
            return JSON.readValue(s, Object.class);
        } catch (JsonProcessingException e) {
            throw invalid(line, "fromJson got a string that is not valid JSON"
                    + (e.getLocation() == null ? "" : " (error at its line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")")
                    + "; the parser's message is not shown: it may quote the value");
        }
    }

    private static Object fromYaml(Object yaml, int line) {
        if (!(yaml instanceof String s)) {
            throw invalid(line, "yaml needs the argument 'yaml' as a string; got " + typeOf(yaml));
        }
        RenderBudget b = budget();
        b.checkSize(s.length());
        b.step(s.length());
        long bound = Math.min(b.maxValueSize(), 1_000_000);
        try {
            return LocatedTreeReader.read(s, new DocumentLimits((int) Math.min(Integer.MAX_VALUE, Math.max(1, b.maxValueSize())),
                    MAX_DEPTH, 100, (int) Math.max(1, bound)), "yaml()").value();
        } catch (InvalidDocumentException e) {
            throw invalid(line, "yaml got a string that is not a valid YAML document, or one over the limits (64 levels, "
                    + "100 aliases, " + bound + " values); the parser's message is not shown: it may quote the value");
        }
    }

    /**
     * A writer that fails with OUTPUT_TOO_LARGE as soon as what it holds passes the render's bound. Every
     * write of {@link Writer} ends in {@link #write(char[], int, int)}.
     */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder sb = new StringBuilder();
        private final RenderBudget budget;

        BoundedWriter(RenderBudget budget) {
            this.budget = budget;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            budget.checkSize((long) sb.length() + len);
            sb.append(cbuf, off, len);
        }

        int length() {
            return sb.length();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
