package dev.cascade.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cascade.template.TemplateCall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a jq expression (the subset {@link JqParser} reads) on a Jackson tree. Every node evaluated counts
 * one step of the render's budget, and every string, array or object built is size-checked first, so no
 * expression can run unbounded or exhaust the heap. Stateless; thread-safe.
 */
final class Jq {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Parsed expressions (immutable trees), at most MAX_PARSED of at most 4096 characters each. */
    private static final Map<String, JqNode> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 512;

    private final TemplateCall call;

    private Jq(TemplateCall call) {
        this.call = call;
    }

    /** All outputs of {@code expression} applied to {@code input}. */
    static List<JsonNode> run(String expression, JsonNode input, TemplateCall call) {
        call.step(expression.length()); // counted whether parsed now or cached, so the budget does not depend on the cache
        JqNode node = PARSED.get(expression);
        if (node == null) {
            node = JqParser.parse(expression);
            if (PARSED.size() >= MAX_PARSED) {
                PARSED.clear(); // crude but bounded: flows use a handful of expressions again and again
            }
            PARSED.put(expression, node);
        }
        List<JsonNode> out = new ArrayList<>();
        new Jq(call).eval(node, input, null, out);
        return out;
    }

    static JsonNode text(String s) {
        return TextNode.valueOf(s);
    }

    static JsonNode bool(boolean b) {
        return BooleanNode.valueOf(b);
    }

    static JsonNode nullNode() {
        return NullNode.getInstance();
    }

    static JsonNode number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return LongNode.valueOf((long) d);
        }
        return DoubleNode.valueOf(d);
    }

    /** Variables in scope: an immutable chain. */
    private record Env(String name, JsonNode value, Env parent) {
        JsonNode get(String n) {
            for (Env e = this; e != null; e = e.parent) {
                if (e.name.equals(n)) {
                    return e.value;
                }
            }
            throw new JqException("$" + n + " is not defined");
        }
    }

    private void emit(List<JsonNode> out, JsonNode v) {
        call.checkSize(out.size() + 1L);
        out.add(v);
    }

    private List<JsonNode> all(JqNode node, JsonNode in, Env env) {
        List<JsonNode> out = new ArrayList<>(2);
        eval(node, in, env, out);
        return out;
    }

    private JsonNode one(JqNode node, JsonNode in, Env env, String what) {
        List<JsonNode> vs = all(node, in, env);
        if (vs.size() != 1) {
            throw new JqException(what + " must produce exactly one value");
        }
        return vs.get(0);
    }

    private void eval(JqNode node, JsonNode in, Env env, List<JsonNode> out) {
        call.step(1);
        if (node instanceof JqNode.Identity i) {
            emit(out, in);
        } else if (node instanceof JqNode.Recurse r) {
            recurse(in, out, 0);
        } else if (node instanceof JqNode.Literal l) {
            emit(out, l.value());
        } else if (node instanceof JqNode.Variable v) {
            if (env == null) {
                throw new JqException("$" + v.name() + " is not defined");
            }
            emit(out, env.get(v.name()));
        } else if (node instanceof JqNode.Field f) {
            for (JsonNode t : all(f.target(), in, env)) {
                emit(out, field(t, f.name()));
            }
        } else if (node instanceof JqNode.Index ix) {
            for (JsonNode t : all(ix.target(), in, env)) {
                for (JsonNode k : all(ix.index(), in, env)) {
                    emit(out, index(t, k));
                }
            }
        } else if (node instanceof JqNode.Slice s) {
            for (JsonNode t : all(s.target(), in, env)) {
                JsonNode from = s.from() == null ? NullNode.getInstance() : one(s.from(), in, env, "a slice bound");
                JsonNode to = s.to() == null ? NullNode.getInstance() : one(s.to(), in, env, "a slice bound");
                emit(out, slice(t, from, to));
            }
        } else if (node instanceof JqNode.Iterate it) {
            for (JsonNode t : all(it.target(), in, env)) {
                if (!(t.isArray() || t.isObject())) {
                    throw new JqException("cannot iterate over " + type(t));
                }
                call.step(t.size());
                for (JsonNode v : t) {
                    emit(out, v);
                }
            }
        } else if (node instanceof JqNode.Try t) {
            List<JsonNode> part = new ArrayList<>();
            try {
                eval(t.body(), in, env, part);
            } catch (JqException e) {
                // '?' suppresses errors, keeping what was produced before
            }
            for (JsonNode v : part) {
                emit(out, v);
            }
        } else if (node instanceof JqNode.Pipe p) {
            for (JsonNode v : all(p.left(), in, env)) {
                eval(p.right(), v, env, out);
            }
        } else if (node instanceof JqNode.Comma c) {
            eval(c.left(), in, env, out);
            eval(c.right(), in, env, out);
        } else if (node instanceof JqNode.Alternative a) {
            List<JsonNode> left;
            try {
                left = all(a.left(), in, env);
            } catch (JqException e) {
                left = List.of();
            }
            boolean any = false;
            for (JsonNode v : left) {
                if (truthy(v)) {
                    emit(out, v);
                    any = true;
                }
            }
            if (!any) {
                eval(a.right(), in, env, out);
            }
        } else if (node instanceof JqNode.Binary b) {
            binary(b, in, env, out);
        } else if (node instanceof JqNode.Negate n) {
            for (JsonNode v : all(n.body(), in, env)) {
                if (!v.isNumber()) {
                    throw new JqException("cannot negate " + type(v));
                }
                emit(out, number(-v.asDouble()));
            }
        } else if (node instanceof JqNode.Collect c) {
            ArrayNode array = NODES.arrayNode();
            if (c.body() != null) {
                List<JsonNode> vs = all(c.body(), in, env);
                call.checkSize(vs.size());
                array.addAll(vs);
            }
            emit(out, array);
        } else if (node instanceof JqNode.ObjectCons o) {
            objects(o.entries(), 0, NODES.objectNode(), in, env, out);
        } else if (node instanceof JqNode.If i) {
            for (JsonNode c : all(i.cond(), in, env)) {
                eval(truthy(c) ? i.then() : i.otherwise(), in, env, out);
            }
        } else if (node instanceof JqNode.Reduce r) {
            for (JsonNode init : all(r.init(), in, env)) {
                JsonNode acc = init;
                for (JsonNode item : all(r.source(), in, env)) {
                    List<JsonNode> next = all(r.update(), acc, new Env(r.name(), item, env));
                    acc = next.isEmpty() ? NullNode.getInstance() : next.get(next.size() - 1);
                }
                emit(out, acc);
            }
        } else if (node instanceof JqNode.Bind b) {
            for (JsonNode v : all(b.source(), in, env)) {
                eval(b.body(), in, new Env(b.name(), v, env), out);
            }
        } else if (node instanceof JqNode.Call c) {
            JqFunctions.call(this, c, in, env, out);

        } else {
            throw new JqException("unknown expression");
        }
    }

    // ---- helpers used by JqFunctions -------------------------------------------------------------------

    List<JsonNode> values(JqNode node, JsonNode in, Object env) {
        return all(node, in, (Env) env);
    }

    void evalInto(JqNode node, JsonNode in, Object env, List<JsonNode> out) {
        eval(node, in, (Env) env, out);
    }

    void put(List<JsonNode> out, JsonNode v) {
        emit(out, v);
    }

    TemplateCall call() {
        return call;
    }

    ArrayNode array(List<JsonNode> items) {
        call.checkSize(items.size());
        call.step(items.size());
        ArrayNode a = NODES.arrayNode();
        a.addAll(items);
        return a;
    }

    ObjectNode object(Map<String, JsonNode> fields) {
        call.checkSize(fields.size());
        ObjectNode o = NODES.objectNode();
        o.setAll(fields);
        return o;
    }

    String json(JsonNode v) {
        try {
            String s = JSON.writeValueAsString(v);
            call.checkSize(s.length());
            return s;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JqException("cannot write a value as JSON");
        }
    }

    JsonNode parseJson(String s) {
        call.step(s.length());
        try {
            return JSON.readTree(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JqException("fromjson got a string that is not JSON");
        }
    }

    private void recurse(JsonNode in, List<JsonNode> out, int depth) {
        if (depth > 256) {
            throw new JqException("'..' went deeper than 256 levels");
        }
        call.step(1);
        emit(out, in);
        if (in.isContainerNode()) {
            for (JsonNode child : in) {
                recurse(child, out, depth + 1);
            }
        }
    }

    private void objects(List<JqNode[]> entries, int i, ObjectNode acc, JsonNode in, Env env, List<JsonNode> out) {
        if (i == entries.size()) {
            emit(out, acc);
            return;
        }
        for (JsonNode k : all(entries.get(i)[0], in, env)) {
            if (!k.isTextual()) {
                throw new JqException("object keys must be strings, not " + type(k));
            }
            for (JsonNode v : all(entries.get(i)[1], in, env)) {
                call.checkSize(acc.size() + 1L);
                ObjectNode next = acc.deepCopy();
                call.step(acc.size());
                next.set(k.asText(), v);
                objects(entries, i + 1, next, in, env, out);
            }
        }
    }

    static JsonNode field(JsonNode t, String name) {
        if (t.isNull()) {
            return NullNode.getInstance();
        }
        if (!t.isObject()) {
            throw new JqException("cannot index " + type(t) + " with a string key");
        }
        JsonNode v = t.get(name);
        return v == null ? NullNode.getInstance() : v;
    }

    private static JsonNode index(JsonNode t, JsonNode k) {
        if (k.isTextual()) {
            return field(t, k.asText());
        }
        if (k.isNumber()) {
            if (t.isNull()) {
                return NullNode.getInstance();
            }
            if (!t.isArray()) {
                throw new JqException("cannot index " + type(t) + " with a number");
            }
            int i = (int) Math.floor(k.asDouble());
            if (i < 0) {
                i += t.size();
            }
            JsonNode v = i < 0 ? null : t.get(i);
            return v == null ? NullNode.getInstance() : v;
        }
        throw new JqException("cannot index " + type(t) + " with " + type(k));
    }

    private JsonNode slice(JsonNode t, JsonNode from, JsonNode to) {
        if (t.isNull()) {
            return NullNode.getInstance();
        }
        int size = t.isTextual() ? t.asText().length() : t.size();
        if (!(t.isArray() || t.isTextual())) {
            throw new JqException("cannot slice " + type(t));
        }
        int a = bound(from, 0, size);
        int b = bound(to, size, size);
        if (b < a) {
            b = a;
        }
        call.step(b - a);
        if (t.isTextual()) {
            return TextNode.valueOf(t.asText().substring(a, b));
        }
        ArrayNode r = NODES.arrayNode();
        for (int i = a; i < b; i++) {
            r.add(t.get(i));
        }
        return r;
    }

    private static int bound(JsonNode v, int fallback, int size) {
        if (v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new JqException("slice bounds must be numbers");
        }
        long i = (long) Math.floor(v.asDouble());
        if (i < 0) {
            i += size;
        }
        return (int) Math.max(0, Math.min(size, i));
    }

    private void binary(JqNode.Binary b, JsonNode in, Env env, List<JsonNode> out) {
        if (b.op().equals("and") || b.op().equals("or")) {
            for (JsonNode l : all(b.left(), in, env)) {
                boolean lt = truthy(l);
                if (b.op().equals("and") ? !lt : lt) {
                    emit(out, bool(lt));
                    continue;
                }
                for (JsonNode r : all(b.right(), in, env)) {
                    emit(out, bool(truthy(r)));
                }
            }
            return;
        }
        // jq evaluates the right operand first, then the left, for each pair
        for (JsonNode r : all(b.right(), in, env)) {
            for (JsonNode l : all(b.left(), in, env)) {
                emit(out, apply(b.op(), l, r));
            }
        }
    }

    private JsonNode apply(String op, JsonNode l, JsonNode r) {
        switch (op) {
            case "==":
                return bool(compare(l, r) == 0);
            case "!=":
                return bool(compare(l, r) != 0);
            case "<":
                return bool(compare(l, r) < 0);
            case "<=":
                return bool(compare(l, r) <= 0);
            case ">":
                return bool(compare(l, r) > 0);
            case ">=":
                return bool(compare(l, r) >= 0);
            case "+":
                return plus(l, r);
            case "-":
                if (l.isNumber() && r.isNumber()) {
                    return number(l.asDouble() - r.asDouble());
                }
                if (l.isArray() && r.isArray()) {
                    call.step((long) l.size() * Math.max(1, r.size()));
                    ArrayNode a = NODES.arrayNode();
                    for (JsonNode v : l) {
                        boolean removed = false;
                        for (JsonNode x : r) {
                            removed |= compare(v, x) == 0;
                        }
                        if (!removed) {
                            a.add(v);
                        }
                    }
                    return a;
                }
                throw new JqException("cannot subtract " + type(r) + " from " + type(l));
            case "*":
                if (l.isNumber() && r.isNumber()) {
                    return number(l.asDouble() * r.asDouble());
                }
                if (l.isObject() && r.isObject()) {
                    return deepMerge((ObjectNode) l, (ObjectNode) r, 0);
                }
                throw new JqException("cannot multiply " + type(l) + " and " + type(r));
            case "/":
                if (l.isNumber() && r.isNumber()) {
                    if (r.asDouble() == 0) {
                        throw new JqException("division by zero");
                    }
                    return number(l.asDouble() / r.asDouble());
                }
                if (l.isTextual() && r.isTextual()) {
                    return JqFunctions.split(this, l.asText(), r.asText());
                }
                throw new JqException("cannot divide " + type(l) + " by " + type(r));
            case "%":
                if (l.isNumber() && r.isNumber()) {
                    long d = (long) r.asDouble();
                    if (d == 0) {
                        throw new JqException("modulo by zero");
                    }
                    return LongNode.valueOf((long) l.asDouble() % d);
                }
                throw new JqException("cannot take " + type(l) + " modulo " + type(r));
            default:
                throw new JqException("unknown operator");
        }
    }

    JsonNode plus(JsonNode l, JsonNode r) {
        if (l.isNull()) {
            return r;
        }
        if (r.isNull()) {
            return l;
        }
        if (l.isNumber() && r.isNumber()) {
            return number(l.asDouble() + r.asDouble());
        }
        if (l.isTextual() && r.isTextual()) {
            call.checkSize((long) l.asText().length() + r.asText().length());
            return TextNode.valueOf(l.asText() + r.asText());
        }
        if (l.isArray() && r.isArray()) {
            call.checkSize((long) l.size() + r.size());
            call.step(l.size() + r.size());
            ArrayNode a = NODES.arrayNode();
            a.addAll((ArrayNode) l);
            a.addAll((ArrayNode) r);
            return a;
        }
        if (l.isObject() && r.isObject()) {
            call.checkSize((long) l.size() + r.size());
            call.step(l.size() + r.size());
            ObjectNode o = NODES.objectNode();
            o.setAll((ObjectNode) l);
            o.setAll((ObjectNode) r);
            return o;
        }
        throw new JqException("cannot add " + type(l) + " and " + type(r));
    }

    private JsonNode deepMerge(ObjectNode l, ObjectNode r, int depth) {
        if (depth > 64) {
            throw new JqException("objects nested deeper than 64 levels");
        }
        call.checkSize((long) l.size() + r.size());
        call.step(l.size() + r.size());
        ObjectNode o = NODES.objectNode();
        o.setAll(l);
        Iterator<Map.Entry<String, JsonNode>> it = r.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = o.get(e.getKey());
            o.set(e.getKey(), existing != null && existing.isObject() && e.getValue().isObject()
                    ? deepMerge((ObjectNode) existing, (ObjectNode) e.getValue(), depth + 1) : e.getValue());
        }
        return o;
    }

    static boolean truthy(JsonNode v) {
        return !(v.isNull() || (v.isBoolean() && !v.asBoolean()));
    }

    static String type(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static int rank(JsonNode v) {
        if (v.isNull()) {
            return 0;
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? 2 : 1;
        }
        if (v.isNumber()) {
            return 3;
        }
        if (v.isTextual()) {
            return 4;
        }
        return v.isArray() ? 5 : 6;
    }

    /** jq's total order: null, false, true, numbers, strings, arrays, objects. */
    int compare(JsonNode a, JsonNode b) {
        call.step(1);
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 3:
                return Double.compare(a.asDouble(), b.asDouble());
            case 4:
                return a.asText().compareTo(b.asText());
            case 5: {
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    int c = compare(a.get(i), b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(a.size(), b.size());
            }
            case 6: {
                List<String> ka = sortedKeys(a);
                List<String> kb = sortedKeys(b);
                int c = compareKeys(ka, kb);
                if (c != 0) {
                    return c;
                }
                for (String k : ka) {
                    c = compare(a.get(k), b.get(k));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
            default:
                return 0;
        }
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    List<String> sortedKeys(JsonNode o) {
        List<String> keys = new ArrayList<>(o.size());
        o.fieldNames().forEachRemaining(keys::add);
        call.step(keys.size());
        keys.sort(Comparator.naturalOrder());
        return keys;
    }

    Map<String, JsonNode> fields(JsonNode o) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }
}
