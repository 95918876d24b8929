package dev.cascade.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.InvalidDocumentException;
import dev.cascade.audit.DiffEntry;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.NamespaceProperties;
import dev.cascade.defaults.TreeData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON forms of the stored documents, and the diff of two documents. Stateless and thread-safe.
 * Package-private.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Reads stored documents: decimals as written ({@code 1.10} keeps its scale), then as {@link TreeData#storableCopy}. */
    private static final ObjectMapper DOCUMENTS = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private Json() {
    }

    static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException("Document cannot be stored as JSON: " + e.getOriginalMessage());
        }
    }

    static Map<String, Object> variablesFromJson(String json) {
        return TreeData.storableCopy(read(DOCUMENTS, json, MAP), "stored variables");
    }

    static Map<String, String> stringsFromJson(String json) {
        return read(json, STRING_MAP);
    }

    static List<String> stringListFromJson(String json) {
        List<String> out = new ArrayList<>();
        for (Object o : read(json, LIST)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** Rules as a list of {@code {type, values, forced}} maps, the form that is stored and diffed. */
    static List<Object> rulesAsTree(List<PluginDefault> rules) {
        List<Object> out = new ArrayList<>(rules.size());
        rules.forEach(rule -> out.add(rule.asTree()));
        return out;
    }

    static NamespaceProperties propertiesFromJson(String json) {
        return NamespaceProperties.fromTree(read(json, MAP));
    }

    @SuppressWarnings("unchecked")
    static List<PluginDefault> rulesFromJson(String json) {
        List<PluginDefault> out = new ArrayList<>();
        for (Object o : read(DOCUMENTS, json, LIST)) {
            Map<String, Object> m = (Map<String, Object>) o;
            Map<String, Object> values = (Map<String, Object>) m.get("values");
            out.add(new PluginDefault((String) m.get("type"),
                    values == null ? null : TreeData.storableCopy(values, "stored plugin defaults"),
                    Boolean.TRUE.equals(m.get("forced"))));
        }
        return List.copyOf(out);
    }

    static List<Object> treeFromJson(String json) {
        return read(json, LIST);
    }

    static List<DiffEntry> diffsFromJson(String json) {
        List<DiffEntry> out = new ArrayList<>();
        for (Object o : read(json, LIST)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new DiffEntry((String) m.get("path"), DiffEntry.Change.valueOf((String) m.get("change")),
                    (String) m.get("before"), (String) m.get("after")));
        }
        return out;
    }

    static String diffsToJson(List<DiffEntry> diff) {
        List<Object> out = new ArrayList<>(diff.size());
        for (DiffEntry d : diff) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", d.path());
            m.put("change", d.change().name());
            m.put("before", d.before());
            m.put("after", d.after());
            out.add(m);
        }
        return toJson(out);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        return read(MAPPER, json, type);
    }

    private static <T> T read(ObjectMapper mapper, String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException("Stored document is not valid JSON: " + e.getOriginalMessage());
        }
    }

}
