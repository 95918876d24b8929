package dev.cascade.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.cascade.CascadeException;
import dev.cascade.InvalidDocumentException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.internal.Arguments;
import dev.cascade.internal.LocatedTreeReader;
import dev.cascade.namespace.AllowedNamespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.secret.SecretKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes namespaces as code: the {@link NamespaceDocument} and the two Terraform-style
 * fragments of Kestra's namespace resource — a variables map ({@code variables_marketing.yml}) and a
 * list of plugin-defaults rules ({@code task_defaults_marketing.yml}). What is read exports back to an
 * equal document.
 *
 * <p>Errors are {@link InvalidDocumentException}s with line and column; size, depth, aliases and alias
 * expansion are bounded by {@link DocumentLimits}. Immutable and thread-safe.
 */
public final class NamespaceDocuments {
    private static final Set<String> DOCUMENT_KEYS = Set.of("id", "description", "allowedNamespaces", "secretStore",
            "variables", "pluginDefaults");
    private static final Set<String> SOURCE_KEYS = Set.of("id", "description", "allowedNamespaces", "secretStore",
            "variables", "pluginDefaults", "variablesFile", "pluginDefaultsFile", "secrets");
    private static final Set<String> RULE_KEYS = Set.of("type", "values", "forced");

    private final DocumentLimits limits;
    private final YAMLMapper writer;

    public NamespaceDocuments() {
        this(DocumentLimits.DEFAULT);
    }

    public NamespaceDocuments(DocumentLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.writer = new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .stringQuotingChecker(new NumberLikeQuoting())
                .build());
    }

    /**
     * Quotes every string that a YAML reader could take for a number ({@code 1e3}, {@code 0x1F},
     * {@code .5}, {@code +1}): over-quoting costs nothing, a string read back as a number breaks the
     * round trip.
     */
    private static final class NumberLikeQuoting extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value)
                    || (!value.isEmpty() && "0123456789+-.".indexOf(value.charAt(0)) >= 0);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Parses a whole namespace document. */
    public NamespaceDocument readNamespace(String yaml) {
        LocatedTreeReader.Result r = LocatedTreeReader.read(yaml, limits, "namespace document");
        Map<String, Object> doc = topLevelMap(r, "namespace document");
        checkKeys(r, doc, DOCUMENT_KEYS);
        return documentFrom(r, doc, "namespace document: ");
    }

    /**
     * Parses a namespace file kept as code: a namespace document that may also name its variables and plugin
     * defaults in separate files ({@code variablesFile}, {@code pluginDefaultsFile}, paths relative to the
     * file, as in Kestra's Terraform resource) and declare its secrets as references
     * ({@code secrets: {GITHUB_TOKEN: {fromEnv: GITHUB_TOKEN}}} or {@code {fromFile: path}}, with an optional
     * {@code description}). A literal secret value is refused: documents live in version control.
     *
     * @param source the file's name, quoted in errors with line and column
     */
    public NamespaceSource readNamespaceSource(String yaml, String source) {
        Objects.requireNonNull(source, "source");
        LocatedTreeReader.Result r = LocatedTreeReader.read(yaml, limits, source);
        Map<String, Object> doc = topLevelMap(r, source);
        checkKeys(r, doc, SOURCE_KEYS);
        String variablesFile = optionalString(r, doc, "variablesFile");
        String defaultsFile = optionalString(r, doc, "pluginDefaultsFile");
        if (variablesFile != null && doc.containsKey("variables")) {
            throw r.error(doc, "'variables' and 'variablesFile' exclude each other; keep one");
        }
        if (defaultsFile != null && doc.containsKey("pluginDefaults")) {
            throw r.error(doc, "'pluginDefaults' and 'pluginDefaultsFile' exclude each other; keep one");
        }
        Map<String, Object> documentPart = new LinkedHashMap<>(doc);
        documentPart.keySet().removeAll(Set.of("variablesFile", "pluginDefaultsFile", "secrets"));
        NamespaceDocument document = documentFrom(r, documentPart, source + ": ");
        Map<SecretKey, SecretReference> secrets = new LinkedHashMap<>();
        Object rawSecrets = doc.get("secrets");
        if (rawSecrets != null) {
            if (!(rawSecrets instanceof Map<?, ?> secretMap)) {
                throw r.error(doc, "'secrets' must be a map of keys to references {fromEnv: VAR} or {fromFile: path}");
            }
            for (Map.Entry<?, ?> e : secretMap.entrySet()) {
                secrets.put(secretKey(r, secretMap, String.valueOf(e.getKey())),
                        secretReference(r, secretMap, String.valueOf(e.getKey()), e.getValue()));
            }
        }
        return new NamespaceSource(document, Optional.ofNullable(variablesFile), Optional.ofNullable(defaultsFile),
                secrets);
    }

    private static SecretKey secretKey(LocatedTreeReader.Result r, Object near, String key) {
        try {
            return SecretKey.of(key);
        } catch (CascadeException e) {
            throw r.error(near, e.getMessage());
        }
    }

    private static SecretReference secretReference(LocatedTreeReader.Result r, Object near, String key, Object ref) {
        String how = "use {fromEnv: VARIABLE} or {fromFile: path} instead";
        if (!(ref instanceof Map<?, ?> refMap)) {
            // never quote the value: it may be a real secret committed by mistake
            throw r.error(near, "secret '" + key + "' is written as a literal value; secrets in documents are "
                    + "references, never values: " + how);
        }
        for (Object k : refMap.keySet()) {
            if (!Set.of("fromEnv", "fromFile", "description").contains(String.valueOf(k))) {
                throw r.error(refMap, "secret '" + key + "': unknown key '" + k + "'; expected fromEnv or fromFile, "
                        + "and optionally description");
            }
        }
        Object env = refMap.get("fromEnv");
        Object file = refMap.get("fromFile");
        Object description = refMap.get("description");
        if ((env == null) == (file == null)) {
            throw r.error(refMap, "secret '" + key + "' needs exactly one of fromEnv or fromFile: " + how);
        }
        Object source = env != null ? env : file;
        if (!(source instanceof String text) || text.isBlank()) {
            throw r.error(refMap, "secret '" + key + "': " + (env != null ? "fromEnv" : "fromFile")
                    + " must be a non-empty string");
        }
        if (description != null && !(description instanceof String)) {
            throw r.error(refMap, "secret '" + key + "': description must be a string");
        }
        return new SecretReference(env != null ? SecretReference.Kind.ENV : SecretReference.Kind.FILE, text,
                description == null ? "" : (String) description);
    }

    private static Map<String, Object> topLevelMap(LocatedTreeReader.Result r, String source) {
        if (!(r.value() instanceof Map<?, ?> raw)) {
            throw new InvalidDocumentException(source + ": line 1, column 1: expected a map with 'id', "
                    + "'description', 'variables', 'pluginDefaults', 'allowedNamespaces'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) raw;
        return doc;
    }

    private static void checkKeys(LocatedTreeReader.Result r, Map<String, Object> doc, Set<String> allowed) {
        for (String key : doc.keySet()) {
            if (!allowed.contains(key)) {
                throw r.error(doc, "unknown key '" + key + "'; expected one of " + allowed.stream().sorted().toList());
            }
        }
    }

    private NamespaceDocument documentFrom(LocatedTreeReader.Result r, Map<String, Object> doc, String prefix) {
        Object id = doc.get("id");
        if (!(id instanceof String idText)) {
            throw r.error(doc, "'id' is required and must be a string");
        }
        NamespaceId namespaceId;
        try {
            namespaceId = NamespaceId.of(idText);
        } catch (CascadeException e) {
            throw r.error(doc, e.getMessage());
        }
        String description = optionalString(r, doc, "description");
        List<AllowedNamespace> allowed = new ArrayList<>();
        Object allowedRaw = doc.get("allowedNamespaces");
        if (allowedRaw != null) {
            if (!(allowedRaw instanceof List<?> list)) {
                throw r.error(doc, "'allowedNamespaces' must be a list of namespace ids or 'id.*' patterns");
            }
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw r.error(list, "'allowedNamespaces' entries must be strings");
                }
                try {
                    allowed.add(AllowedNamespace.parse(s));
                } catch (CascadeException e) {
                    throw r.error(list, e.getMessage());
                }
            }
        }
        String store = optionalString(r, doc, "secretStore");
        Map<String, Object> variables = Map.of();
        Object vars = doc.get("variables");
        if (vars != null) {
            variables = variablesFrom(r, vars);
        }
        List<PluginDefault> rules = List.of();
        Object defaults = doc.get("pluginDefaults");
        if (defaults != null) {
            rules = rulesFrom(r, defaults);
        }
        try {
            return new NamespaceDocument(namespaceId, description, allowed,
                    store == null || store.isEmpty() ? Optional.empty() : Optional.of(store), variables, rules);
        } catch (InvalidDocumentException e) {
            throw new InvalidDocumentException(prefix + e.getMessage(), e);
        }
    }

    /** Parses a variables fragment: a YAML map (an empty document is an empty map). */
    public Map<String, Object> readVariables(String yaml) {
        LocatedTreeReader.Result r = LocatedTreeReader.read(yaml, limits, "variables document");
        if (r.value() == null) {
            return Map.of();
        }
        return variablesFrom(r, r.value());
    }

    /** Parses a plugin-defaults fragment: a YAML list of {@code {type, values, forced}} (empty document: no rules). */
    public List<PluginDefault> readPluginDefaults(String yaml) {
        LocatedTreeReader.Result r = LocatedTreeReader.read(yaml, limits, "plugin-defaults document");
        if (r.value() == null) {
            return List.of();
        }
        return rulesFrom(r, r.value());
    }

    private static String optionalString(LocatedTreeReader.Result r, Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw r.error(doc, "'" + key + "' must be a string");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variablesFrom(LocatedTreeReader.Result r, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw r.error(value, "variables must be a map of names to values, not a "
                    + (value instanceof List ? "list" : "scalar"));
        }
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static List<PluginDefault> rulesFrom(LocatedTreeReader.Result r, Object value) {
        if (!(value instanceof List<?> list)) {
            throw r.error(value, "plugin defaults must be a list of rules {type, values, forced}");
        }
        List<PluginDefault> rules = new ArrayList<>(list.size());
        int index = 0;
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> rawRule)) {
                throw r.error(list, "plugin-defaults rule #" + (index + 1) + " must be a map {type, values, forced}");
            }
            Map<String, Object> rule = (Map<String, Object>) rawRule;
            for (String key : rule.keySet()) {
                if (!RULE_KEYS.contains(key)) {
                    throw r.error(rule, "plugin-defaults rule #" + (index + 1) + ": unknown key '" + key
                            + "'; expected type, values, forced");
                }
            }
            Object type = rule.get("type");
            if (type == null) {
                throw r.error(rule, "plugin-defaults rule #" + (index + 1) + " has no 'type'");
            }
            if (!(type instanceof String typeText)) {
                throw r.error(rule, "plugin-defaults rule #" + (index + 1) + ": 'type' must be a string");
            }
            Object values = rule.get("values");
            if (values != null && !(values instanceof Map)) {
                throw r.error(rule, "plugin-defaults rule #" + (index + 1) + ": 'values' must be a map");
            }
            Object forced = rule.getOrDefault("forced", Boolean.FALSE);
            if (!(forced instanceof Boolean forcedFlag)) {
                throw r.error(rule, "plugin-defaults rule #" + (index + 1) + ": 'forced' must be true or false");
            }
            try {
                rules.add(new PluginDefault(typeText, (Map<String, Object>) values, forcedFlag));
            } catch (InvalidDocumentException e) {
                throw r.error(rule, e.getMessage());
            }
            index++;
        }
        return List.copyOf(rules);
    }

    // ------------------------------------------------------------------ writing

    /** Writes a namespace document; {@link #readNamespace} reads it back equal. */
    public String write(NamespaceDocument document) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", document.id().value());
        if (!document.description().isEmpty()) {
            out.put("description", document.description());
        }
        if (!document.allowedNamespaces().isEmpty()) {
            out.put("allowedNamespaces", document.allowedNamespaces().stream().map(AllowedNamespace::pattern).toList());
        }
        document.secretStore().ifPresent(s -> out.put("secretStore", s));
        if (!document.variables().isEmpty()) {
            out.put("variables", document.variables());
        }
        if (!document.pluginDefaults().isEmpty()) {
            out.put("pluginDefaults", rulesTree(document.pluginDefaults()));
        }
        return dump(out);
    }

    /** Writes a variables fragment. */
    public String writeVariables(Map<String, Object> variables) {
        return variables.isEmpty() ? "{}\n" : dump(variables);
    }

    /** Writes a plugin-defaults fragment; {@code forced} appears only on forced rules, as in the seed files. */
    public String writePluginDefaults(List<PluginDefault> rules) {
        List<PluginDefault> checked = Arguments.listWithoutNulls(Objects.requireNonNull(rules, "rules"), "rules");
        return checked.isEmpty() ? "[]\n" : dump(rulesTree(checked));
    }

    private static List<Object> rulesTree(List<PluginDefault> rules) {
        List<Object> list = new ArrayList<>();
        for (PluginDefault rule : rules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", rule.type());
            m.put("values", rule.values());
            if (rule.forced()) {
                m.put("forced", true);
            }
            list.add(m);
        }
        return list;
    }

    private String dump(Object tree) {
        try {
            return writer.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException("could not write document: " + e.getOriginalMessage(), e);
        }
    }
}
