package dev.cascade.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.cascade.InvalidDocumentException;
import dev.cascade.yaml.DocumentLimits;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML (and so JSON) into plain maps, lists and scalars while enforcing {@link DocumentLimits},
 * refusing duplicate keys, expanding aliases under a count and node budget, and remembering where each
 * map and list started so that later checks can report line and column. Not API; one instance per read.
 */
public final class LocatedTreeReader {

    /** Where a value started: 1-based line and column. */
    public record Location(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    private final DocumentLimits limits;
    private final String source;
    private final IdentityHashMap<Object, Location> locations = new IdentityHashMap<>();
    private final Map<String, Object> anchors = new HashMap<>();
    private int aliases;
    private int nodes;
    /** Characters the document has expanded to so far: keys and scalars, once per alias expansion. */
    private long expanded;

    private LocatedTreeReader(DocumentLimits limits, String source) {
        this.limits = limits;
        this.source = source;
    }

    /** Result of a read: the value and the start location of every map and list in it. */
    public record Result(Object value, IdentityHashMap<Object, Location> locations, String source) {
        public Location locationOf(Object container) {
            Location l = locations.get(container);
            return l == null ? new Location(1, 1) : l;
        }

        public InvalidDocumentException error(Object near, String message) {
            return new InvalidDocumentException(source + ": " + locationOf(near) + ": " + message);
        }
    }

    /**
     * Parses one YAML document.
     *
     * @param source a name for messages (a file name, or "variables document")
     */
    public static Result read(String text, DocumentLimits limits, String source) {
        if (text == null) {
            throw new InvalidDocumentException(source + ": document is null");
        }
        // cheap bound first: a char is at least one UTF-8 byte
        if (text.length() > limits.maxBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > limits.maxBytes()) {
            throw new InvalidDocumentException(source + ": document is larger than the limit of " + limits.maxBytes()
                    + " bytes");
        }
        LocatedTreeReader reader = new LocatedTreeReader(limits, source);
        try (JsonParser p = factory(limits).createParser(new StringReader(text))) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Result(null, reader.locations, source);
            }
            Object value = reader.readValue(p, 0);
            JsonToken next = p.nextToken();
            if (next != null) {
                throw reader.at(p.currentTokenLocation(), "more than one document or trailing content; expected a single document");
            }
            return new Result(value, reader.locations, source);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new InvalidDocumentException(source + ": " + where + "malformed YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidDocumentException(source + ": could not read document: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof InvalidDocumentException ide) {
                throw ide;
            }
            // SnakeYAML limits (code points, nesting, aliases) surface as runtime exceptions
            throw new InvalidDocumentException(source + ": malformed or over-limit YAML: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static YAMLFactory factory(DocumentLimits limits) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(limits.maxBytes(), 1024));
        options.setNestingDepthLimit(limits.maxDepth() + 2);
        options.setMaxAliasesForCollections(Math.max(limits.maxAliases(), 1));
        options.setAllowDuplicateKeys(true); // detected here, with a location
        return new AnchorAwareFactory(YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 2)
                        .maxStringLength(limits.maxBytes())
                        .maxNumberLength(1000)
                        .build()));
    }

    /** Jackson reports anchors of maps and lists only; this factory's parser also tells a scalar's anchor. */
    private static final class AnchorAwareFactory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        AnchorAwareFactory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        protected YAMLParser _createParser(Reader reader, IOContext ctxt) {
            return new AnchorAwareParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
        }
    }

    private static final class AnchorAwareParser extends YAMLParser {
        AnchorAwareParser(IOContext ctxt, int parserFeatures, int yamlFeatures, LoaderOptions options, ObjectCodec codec,
                          Reader reader) {
            super(ctxt, parserFeatures, yamlFeatures, options, codec, reader);
        }

        /** The anchor of the scalar value just read, or null. */
        String scalarAnchor() {
            return _lastEvent instanceof ScalarEvent scalar ? scalar.getAnchor() : null;
        }
    }

    private InvalidDocumentException at(JsonLocation loc, String message) {
        return new InvalidDocumentException(source + ": line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": "
                + message);
    }

    private Object readValue(JsonParser p, int depth) throws IOException {
        JsonToken t = p.currentToken();
        JsonLocation loc = p.currentTokenLocation();
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
            return alias(p.getText(), loc);
        }
        if (++nodes > limits.maxNodes()) {
            throw at(loc, "document expands to more than " + limits.maxNodes() + " values");
        }
        String anchor = p.getObjectId() instanceof String s ? s : null;
        if (anchor == null && t.isScalarValue() && p instanceof AnchorAwareParser ap) {
            anchor = ap.scalarAnchor();
        }
        Object value;
        switch (t) {
            case START_OBJECT -> {
                if (depth >= limits.maxDepth()) {
                    throw at(loc, "nested deeper than the limit of " + limits.maxDepth() + " levels");
                }
                Map<String, Object> map = new LinkedHashMap<>();
                locations.put(map, new Location(loc.getLineNr(), loc.getColumnNr()));
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation keyLoc = p.currentTokenLocation();
                    if (key == null || key.equals("<<")) {
                        throw at(keyLoc, "merge keys ('<<') are not supported; write the keys out");
                    }
                    if (map.containsKey(key)) {
                        throw at(keyLoc, "duplicate key '" + key + "'");
                    }
                    grow(key.length(), keyLoc);
                    p.nextToken();
                    map.put(key, readValue(p, depth + 1));
                }
                value = map;
            }
            case START_ARRAY -> {
                if (depth >= limits.maxDepth()) {
                    throw at(loc, "nested deeper than the limit of " + limits.maxDepth() + " levels");
                }
                List<Object> list = new ArrayList<>();
                locations.put(list, new Location(loc.getLineNr(), loc.getColumnNr()));
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p, depth + 1));
                }
                value = list;
            }
            case VALUE_STRING -> value = p.getText();
            case VALUE_NUMBER_INT -> value = switch (p.getNumberType()) {
                case INT -> p.getIntValue();
                case LONG -> p.getLongValue();
                default -> p.getBigIntegerValue();
            };
            case VALUE_NUMBER_FLOAT -> value = p.getDoubleValue();
            case VALUE_TRUE -> value = Boolean.TRUE;
            case VALUE_FALSE -> value = Boolean.FALSE;
            case VALUE_NULL -> value = null;
            case VALUE_EMBEDDED_OBJECT -> throw at(loc, "binary and other embedded values are not supported");
            default -> throw at(loc, "unexpected " + t);
        }
        grow(weight(value), loc);
        if (anchor != null) {
            anchors.put(anchor, value);
        }
        return value;
    }

    private static long weight(Object value) {
        if (value instanceof String s) {
            return s.length();
        }
        return value instanceof Map || value instanceof List ? 2 : 8;
    }

    private void grow(long chars, JsonLocation loc) {
        expanded += chars;
        if (expanded > limits.maxExpandedChars()) {
            throw at(loc, "document expands to more than " + limits.maxExpandedChars()
                    + " characters (alias expansion counted)");
        }
    }

    private Object alias(String anchor, JsonLocation loc) {
        if (++aliases > limits.maxAliases()) {
            throw at(loc, "more than " + limits.maxAliases() + " aliases");
        }
        if (!anchors.containsKey(anchor)) {
            throw at(loc, "alias '*" + anchor + "' refers to no anchor defined before it");
        }
        return copy(anchors.get(anchor), loc);
    }

    @SuppressWarnings("unchecked")
    private Object copy(Object value, JsonLocation loc) {
        if (++nodes > limits.maxNodes()) {
            throw at(loc, "document expands to more than " + limits.maxNodes() + " values (alias expansion)");
        }
        grow(weight(value), loc);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                grow(e.getKey().length(), loc);
                out.put(e.getKey(), copy(e.getValue(), loc));
            }
            locations.put(out, locations.getOrDefault(m, new Location(loc.getLineNr(), loc.getColumnNr())));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(copy(o, loc));
            }
            locations.put(out, locations.getOrDefault(l, new Location(loc.getLineNr(), loc.getColumnNr())));
            return out;
        }
        return value;
    }
}
