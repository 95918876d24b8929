package dev.cascade.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * jq's built-in functions in the supported subset (see {@code docs/kestra-compatibility.md}). Stateless.
 */
final class JqFunctions {
    /** Longest range() a jq expression may produce. */
    static final long MAX_RANGE = 1_000_000;

    private JqFunctions() {
    }

    static void call(Jq jq, JqNode.Call c, JsonNode in, Object env, List<JsonNode> out) {
        String name = c.name();
        List<JqNode> a = c.args();
        String key = name + "/" + a.size();
        switch (key) {
            case "empty/0" -> { }
            case "not/0" -> jq.put(out, Jq.bool(!Jq.truthy(in)));
            case "length/0" -> jq.put(out, length(in));
            case "type/0" -> jq.put(out, Jq.text(typeName(in)));
            case "keys/0", "keys_unsorted/0" -> {
                if (in.isObject()) {
                    List<String> keys = name.equals("keys") ? jq.sortedKeys(in) : new ArrayList<>(jq.fields(in).keySet());
                    List<JsonNode> items = new ArrayList<>();
                    keys.forEach(k -> items.add(Jq.text(k)));
                    jq.put(out, jq.array(items));
                } else if (in.isArray()) {
                    List<JsonNode> items = new ArrayList<>();
                    for (int i = 0; i < in.size(); i++) {
                        items.add(Jq.number(i));
                    }
                    jq.put(out, jq.array(items));
                } else {
                    throw new JqException(typeName(in) + " has no keys");
                }
            }
            case "values/0" -> {
                if (!in.isNull()) {
                    jq.put(out, in);
                }
            }
            case "has/1" -> {
                for (JsonNode k : jq.values(a.get(0), in, env)) {
                    if (in.isObject() && k.isTextual()) {
                        jq.put(out, Jq.bool(in.has(k.asText())));
                    } else if (in.isArray() && k.isNumber()) {
                        jq.put(out, Jq.bool(k.asDouble() >= 0 && k.asDouble() < in.size()));
                    } else {
                        throw new JqException("cannot check whether " + typeName(in) + " has a " + typeName(k) + " key");
                    }
                }
            }
            case "map/1" -> {
                List<JsonNode> items = new ArrayList<>();
                for (JsonNode v : iterate(in)) {
                    jq.evalInto(a.get(0), v, env, items);
                }
                jq.put(out, jq.array(items));
            }
            case "map_values/1" -> {
                if (in.isObject()) {
                    Map<String, JsonNode> m = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> e : jq.fields(in).entrySet()) {
                        List<JsonNode> r = jq.values(a.get(0), e.getValue(), env);
                        if (!r.isEmpty()) {
                            m.put(e.getKey(), r.get(0));
                        }
                    }
                    jq.put(out, jq.object(m));
                } else {
                    List<JsonNode> items = new ArrayList<>();
                    for (JsonNode v : iterate(in)) {
                        List<JsonNode> r = jq.values(a.get(0), v, env);
                        if (!r.isEmpty()) {
                            items.add(r.get(0));
                        }
                    }
                    jq.put(out, jq.array(items));
                }
            }
            case "select/1" -> {
                for (JsonNode v : jq.values(a.get(0), in, env)) {
                    if (Jq.truthy(v)) {
                        jq.put(out, in);
                    }
                }
            }
            case "add/0" -> {
                JsonNode acc = Jq.nullNode();
                for (JsonNode v : iterate(in)) {
                    acc = jq.plus(acc, v);
                }
                jq.put(out, acc);
            }
            case "any/0", "all/0" -> {
                boolean any = name.equals("any");
                boolean result = !any;
                for (JsonNode v : iterate(in)) {
                    if (Jq.truthy(v) == any) {
                        result = any;
                        break;
                    }
                }
                jq.put(out, Jq.bool(result));
            }
            case "any/1", "all/1" -> {
                boolean any = name.equals("any");
                boolean result = !any;
                outer:
                for (JsonNode v : iterate(in)) {
                    for (JsonNode r : jq.values(a.get(0), v, env)) {
                        if (Jq.truthy(r) == any) {
                            result = any;
                            break outer;
                        }
                    }
                }
                jq.put(out, Jq.bool(result));
            }
            case "range/1", "range/2" -> {
                for (JsonNode from : a.size() == 2 ? jq.values(a.get(0), in, env) : List.of(Jq.number(0))) {
                    for (JsonNode to : jq.values(a.get(a.size() - 1), in, env)) {
                        if (!from.isNumber() || !to.isNumber()) {
                            throw new JqException("range needs numbers");
                        }
                        double f = from.asDouble();
                        double t = to.asDouble();
                        if (t - f > MAX_RANGE) {
                            throw new JqException("range would produce more than " + MAX_RANGE + " values");
                        }
                        for (double x = f; x < t; x++) {
                            jq.call().step(1);
                            jq.put(out, Jq.number(x));
                        }
                    }
                }
            }
            case "first/0" -> jq.put(out, in.isArray() && in.size() > 0 ? in.get(0) : Jq.nullNode());
            case "last/0" -> jq.put(out, in.isArray() && in.size() > 0 ? in.get(in.size() - 1) : Jq.nullNode());
            case "first/1" -> {
                List<JsonNode> r = jq.values(a.get(0), in, env);
                if (!r.isEmpty()) {
                    jq.put(out, r.get(0));
                }
            }
            case "last/1" -> {
                List<JsonNode> r = jq.values(a.get(0), in, env);
                if (!r.isEmpty()) {
                    jq.put(out, r.get(r.size() - 1));
                }
            }
            case "limit/2" -> {
                for (JsonNode n : jq.values(a.get(0), in, env)) {
                    List<JsonNode> r = jq.values(a.get(1), in, env);
                    long count = Math.max(0, (long) n.asDouble());
                    for (int i = 0; i < Math.min(count, r.size()); i++) {
                        jq.put(out, r.get(i));
                    }
                }
            }
            case "reverse/0" -> {
                if (in.isTextual()) {
                    jq.put(out, Jq.text(new StringBuilder(in.asText()).reverse().toString()));
                } else {
                    List<JsonNode> items = new ArrayList<>(list(in));
                    java.util.Collections.reverse(items);
                    jq.put(out, jq.array(items));
                }
            }
            case "sort/0" -> {
                List<JsonNode> items = new ArrayList<>(arrayItems(in, "sort"));
                items.sort(jq::compare);
                jq.put(out, jq.array(items));
            }
            case "sort_by/1", "group_by/1", "unique_by/1", "min_by/1", "max_by/1" -> byKey(jq, name, a.get(0), in, env, out);
            case "unique/0" -> {
                List<JsonNode> items = new ArrayList<>(arrayItems(in, "unique"));
                items.sort(jq::compare);
                List<JsonNode> distinct = new ArrayList<>();
                for (JsonNode v : items) {
                    if (distinct.isEmpty() || jq.compare(distinct.get(distinct.size() - 1), v) != 0) {
                        distinct.add(v);
                    }
                }
                jq.put(out, jq.array(distinct));
            }
            case "min/0", "max/0" -> {
                JsonNode best = null;
                for (JsonNode v : arrayItems(in, name)) {
                    if (best == null || (name.equals("min") ? jq.compare(v, best) < 0 : jq.compare(v, best) >= 0)) {
                        best = v;
                    }
                }
                jq.put(out, best == null ? Jq.nullNode() : best);
            }
            case "flatten/0", "flatten/1" -> {
                long depth = a.isEmpty() ? 1_000 : (long) jq.values(a.get(0), in, env).get(0).asDouble();
                if (depth < 0) {
                    throw new JqException("flatten depth must not be negative");
                }
                List<JsonNode> items = new ArrayList<>();
                flatten(jq, arrayItems(in, "flatten"), depth, items);
                jq.put(out, jq.array(items));
            }
            case "to_entries/0" -> {
                List<JsonNode> items = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : jq.fields(object(in, "to_entries")).entrySet()) {
                    Map<String, JsonNode> entry = new LinkedHashMap<>();
                    entry.put("key", Jq.text(e.getKey()));
                    entry.put("value", e.getValue());
                    items.add(jq.object(entry));
                }
                jq.put(out, jq.array(items));
            }
            case "from_entries/0" -> jq.put(out, fromEntries(jq, in));
            case "with_entries/1" -> {
                List<JsonNode> entries = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : jq.fields(object(in, "with_entries")).entrySet()) {
                    Map<String, JsonNode> entry = new LinkedHashMap<>();
                    entry.put("key", Jq.text(e.getKey()));
                    entry.put("value", e.getValue());
                    jq.evalInto(a.get(0), jq.object(entry), env, entries);
                }
                jq.put(out, fromEntries(jq, jq.array(entries)));
            }
            case "tostring/0" -> jq.put(out, in.isTextual() ? in : Jq.text(jq.json(in)));
            case "tojson/0" -> jq.put(out, Jq.text(jq.json(in)));
            case "fromjson/0" -> jq.put(out, jq.parseJson(string(in, "fromjson")));
            case "tonumber/0" -> {
                if (in.isNumber()) {
                    jq.put(out, in);
                } else {
                    try {
                        String s = string(in, "tonumber");
                        if (s.length() > 100) {
                            throw new NumberFormatException();
                        }
                        jq.put(out, Jq.number(Double.parseDouble(s.trim())));
                    } catch (NumberFormatException e) {
                        throw new JqException("tonumber got a string that is not a number");
                    }
                }
            }
            case "ascii_downcase/0" -> jq.put(out, Jq.text(string(in, name).toLowerCase(Locale.ROOT)));
            case "ascii_upcase/0" -> jq.put(out, Jq.text(string(in, name).toUpperCase(Locale.ROOT)));
            case "floor/0" -> jq.put(out, Jq.number(Math.floor(num(in, name))));
            case "ceil/0" -> jq.put(out, Jq.number(Math.ceil(num(in, name))));
            case "round/0" -> jq.put(out, Jq.number(Math.round(num(in, name))));
            case "fabs/0", "abs/0" -> jq.put(out, Jq.number(Math.abs(num(in, name))));
            case "join/1" -> {
                for (JsonNode sep : jq.values(a.get(0), in, env)) {
                    StringBuilder sb = new StringBuilder();
                    boolean firstItem = true;
                    for (JsonNode v : arrayItems(in, "join")) {
                        if (!firstItem) {
                            sb.append(string(sep, "join"));
                        }
                        firstItem = false;
                        if (!v.isNull()) {
                            sb.append(v.isTextual() ? v.asText() : v.isContainerNode() ? fail("join cannot join "
                                    + typeName(v)) : v.asText());
                        }
                        jq.call().checkSize(sb.length());
                    }
                    jq.put(out, Jq.text(sb.toString()));
                }
            }
            case "split/1" -> {
                for (JsonNode sep : jq.values(a.get(0), in, env)) {
                    jq.put(out, split(jq, string(in, "split"), string(sep, "split")));
                }
            }
            case "startswith/1", "endswith/1", "ltrimstr/1", "rtrimstr/1" -> {
                for (JsonNode arg : jq.values(a.get(0), in, env)) {
                    boolean stringIn = in.isTextual() && arg.isTextual();
                    String s = in.asText();
                    String x = arg.asText();
                    switch (name) {
                        case "startswith" -> jq.put(out, Jq.bool(string(in, name).startsWith(string(arg, name))));
                        case "endswith" -> jq.put(out, Jq.bool(string(in, name).endsWith(string(arg, name))));
                        case "ltrimstr" -> jq.put(out, stringIn && s.startsWith(x) ? Jq.text(s.substring(x.length())) : in);
                        default -> jq.put(out, stringIn && s.endsWith(x) ? Jq.text(s.substring(0, s.length() - x.length())) : in);
                    }
                }
            }
            case "contains/1" -> {
                for (JsonNode arg : jq.values(a.get(0), in, env)) {
                    jq.put(out, Jq.bool(contains(jq, in, arg, 0)));
                }
            }
            case "error/0", "error/1" -> throw new JqException("error() was called by the expression");
            default -> throw new JqException("the function " + key + " is not supported (see the jq subset in "
                    + "docs/kestra-compatibility.md)");
        }
    }

    private static String fail(String message) {
        throw new JqException(message);
    }

    static JsonNode split(Jq jq, String s, String sep) {
        jq.call().step(s.length());
        List<JsonNode> parts = new ArrayList<>();
        if (sep.isEmpty()) {
            for (int i = 0; i < s.length(); i++) {
                parts.add(Jq.text(String.valueOf(s.charAt(i))));
            }
        } else if (!s.isEmpty()) {
            int from = 0;
            for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, from)) {
                parts.add(TextNode.valueOf(s.substring(from, i)));
                from = i + sep.length();
            }
            parts.add(TextNode.valueOf(s.substring(from)));
        }
        return jq.array(parts);
    }

    private static void byKey(Jq jq, String name, JqNode keyExpr, JsonNode in, Object env, List<JsonNode> out) {
        List<JsonNode> items = arrayItems(in, name);
        List<JsonNode[]> keyed = new ArrayList<>(items.size());
        for (JsonNode v : items) {
            keyed.add(new JsonNode[] {jq.array(jq.values(keyExpr, v, env)), v});
        }
        keyed.sort((x, y) -> jq.compare(x[0], y[0]));
        switch (name) {
            case "sort_by" -> {
                List<JsonNode> sorted = new ArrayList<>();
                keyed.forEach(k -> sorted.add(k[1]));
                jq.put(out, jq.array(sorted));
            }
            case "min_by", "max_by" -> jq.put(out, keyed.isEmpty() ? Jq.nullNode()
                    : keyed.get(name.equals("min_by") ? 0 : keyed.size() - 1)[1]);
            default -> {
                List<JsonNode> groups = new ArrayList<>();
                List<JsonNode> current = null;
                JsonNode currentKey = null;
                for (JsonNode[] k : keyed) {
                    if (current == null || jq.compare(currentKey, k[0]) != 0) {
                        if (current != null) {
                            groups.add(name.equals("group_by") ? jq.array(current) : current.get(0));
                        }
                        current = new ArrayList<>();
                        currentKey = k[0];
                    }
                    current.add(k[1]);
                }
                if (current != null) {
                    groups.add(name.equals("group_by") ? jq.array(current) : current.get(0));
                }
                jq.put(out, jq.array(groups));
            }
        }
    }

    private static JsonNode fromEntries(Jq jq, JsonNode entries) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode e : arrayItems(entries, "from_entries")) {
            JsonNode k = first(e, "key", "k", "name", "Name", "Key", "K");
            JsonNode v = first(e, "value", "v", "Value", "V");
            if (k == null || k.isNull() || k.isContainerNode()) {
                throw new JqException("from_entries needs each entry to have a string key");
            }
            m.put(k.asText(), v == null ? Jq.nullNode() : v);
        }
        return jq.object(m);
    }

    private static JsonNode first(JsonNode o, String... names) {
        if (!o.isObject()) {
            throw new JqException("from_entries needs objects");
        }
        for (String n : names) {
            if (o.has(n)) {
                return o.get(n);
            }
        }
        return null;
    }

    private static boolean contains(Jq jq, JsonNode a, JsonNode b, int depth) {
        jq.call().step(1);
        if (depth > 64) {
            throw new JqException("contains went deeper than 64 levels");
        }
        if (a.isObject() && b.isObject()) {
            for (Map.Entry<String, JsonNode> e : jq.fields(b).entrySet()) {
                JsonNode v = a.get(e.getKey());
                if (v == null || !contains(jq, v, e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            for (JsonNode x : b) {
                boolean found = false;
                for (JsonNode y : a) {
                    if (contains(jq, y, x, depth + 1)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (a.isTextual() && b.isTextual()) {
            jq.call().step(a.asText().length());
            return a.asText().contains(b.asText());
        }
        if (Jq.type(a).equals(Jq.type(b))) {
            return jq.compare(a, b) == 0;
        }
        throw new JqException("cannot check whether " + typeName(a) + " contains " + typeName(b));
    }

    private static void flatten(Jq jq, List<JsonNode> items, long depth, List<JsonNode> out) {
        for (JsonNode v : items) {
            jq.call().step(1);
            if (v.isArray() && depth > 0) {
                flatten(jq, list(v), depth - 1, out);
            } else {
                jq.call().checkSize(out.size() + 1L);
                out.add(v);
            }
        }
    }

    private static JsonNode length(JsonNode in) {
        if (in.isNull()) {
            return Jq.number(0);
        }
        if (in.isBoolean()) {
            throw new JqException("a boolean has no length");
        }
        if (in.isNumber()) {
            return Jq.number(Math.abs(in.asDouble()));
        }
        if (in.isTextual()) {
            return Jq.number(in.asText().codePointCount(0, in.asText().length()));
        }
        return Jq.number(in.size());
    }

    private static String typeName(JsonNode v) {
        String t = Jq.type(v);
        return t.startsWith("an ") ? t.substring(3) : t.startsWith("a ") ? t.substring(2) : t;
    }

    private static List<JsonNode> iterate(JsonNode in) {
        if (!in.isContainerNode()) {
            throw new JqException("cannot iterate over " + Jq.type(in));
        }
        return list(in);
    }

    private static List<JsonNode> arrayItems(JsonNode in, String owner) {
        if (!in.isArray()) {
            throw new JqException(owner + " needs an array, not " + Jq.type(in));
        }
        return list(in);
    }

    private static List<JsonNode> list(JsonNode in) {
        List<JsonNode> items = new ArrayList<>(in.size());
        in.forEach(items::add);
        return items;
    }

    private static JsonNode object(JsonNode in, String owner) {
        if (!in.isObject()) {
            throw new JqException(owner + " needs an object, not " + Jq.type(in));
        }
        return in;
    }

    private static String string(JsonNode in, String owner) {
        if (!in.isTextual()) {
            throw new JqException(owner + " needs a string, not " + Jq.type(in));
        }
        return in.asText();
    }

    private static double num(JsonNode in, String owner) {
        if (!in.isNumber()) {
            throw new JqException(owner + " needs a number, not " + Jq.type(in));
        }
        return in.asDouble();
    }
}
