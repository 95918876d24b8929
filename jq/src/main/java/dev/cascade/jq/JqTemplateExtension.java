package dev.cascade.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cascade.template.TemplateCall;
import dev.cascade.template.TemplateExtension;
import dev.cascade.template.TemplateFilter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kestra's {@code jq} filter for Cascade templates: {@code {{ value | jq('.items[] | select(.ok) | .name') }}}
 * returns the list of everything the expression produces (use {@code | first} for one value), as Kestra does.
 *
 * <p>The expression language is a documented subset of jq (paths, iteration, slices, pipes, commas,
 * literals, array and object construction, arithmetic, comparisons, {@code and}/{@code or}/{@code not},
 * {@code //}, {@code ?}, {@code if}, {@code reduce}, {@code as $x}, {@code ..}, and the common built-ins;
 * no regular expressions, no {@code def}, no {@code env}/{@code input}, no string interpolation), evaluated
 * on Jackson trees under the render's limits: every evaluation step counts against the render's step budget
 * and every value built is size-checked, so no expression can run unbounded or exhaust the heap. Errors are
 * {@link dev.cascade.template.TemplateRenderException}s of kind {@code INVALID_ARGUMENT} that quote no value.
 *
 * <p>Registered as {@code jq} in {@code META-INF/services/dev.cascade.template.TemplateExtension}: add
 * {@code cascade-jq} to the class path and call {@code Cascade.builder().templateExtension("jq")}, or pass
 * {@code new JqTemplateExtension()} explicitly. Stateless and thread-safe.
 */
public final class JqTemplateExtension implements TemplateExtension {
    private static final int MAX_DEPTH = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String name() {
        return "jq";
    }

    @Override
    public Map<String, TemplateFilter> filters() {
        return Map.of("jq", TemplateFilter.of(List.of("expression"), JqTemplateExtension::apply));
    }

    private static Object apply(Object input, TemplateCall call) {
        if (!(call.argument("expression") instanceof String expression)) {
            throw call.invalidArgument("jq needs the argument 'expression' as a string, for example jq('.items[0]')");
        }
        try {
            JsonNode tree = toTree(input, call, 0);
            List<JsonNode> results = Jq.run(expression, tree, call);
            List<Object> out = new ArrayList<>(results.size());
            for (JsonNode r : results) {
                out.add(fromTree(r, call, 0));
            }
            return out;
        } catch (JqException e) {
            throw call.invalidArgument("jq failed: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw call.invalidArgument("jq failed: the expression or its input nests too deep");
        }
    }

    private static JsonNode toTree(Object value, TemplateCall call, int depth) {
        if (depth > MAX_DEPTH) {
            throw new JqException("the input nests deeper than " + MAX_DEPTH + " levels");
        }
        call.step(1);
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Number n) {
            return Jq.number(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            call.checkSize(map.size());
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                o.set(String.valueOf(e.getKey()), toTree(e.getValue(), call, depth + 1));
            }
            return o;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode a = NODES.arrayNode();
            for (Object item : items) {
                call.checkSize(a.size() + 1L);
                a.add(toTree(item, call, depth + 1));
            }
            return a;
        }
        if (value instanceof Object[] array) {
            return toTree(Arrays.asList(array), call, depth);
        }
        if (value instanceof ZonedDateTime z) {
            return NODES.textNode(z.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)); // as Kestra's mapper writes it
        }
        if (value instanceof OffsetDateTime o) {
            return NODES.textNode(o.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        return NODES.textNode(String.valueOf(value)); // never a bean's getters
    }

    private static Object fromTree(JsonNode node, TemplateCall call, int depth) {
        call.step(1);
        if (depth > 2 * MAX_DEPTH) {
            throw new JqException("a result nests too deep");
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToInt()) {
                return node.asInt(); // Kestra's jq returns Integer when the value fits
            }
            return node.canConvertToLong() ? (Object) node.asLong() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : (Object) node.asDouble();
        }
        if (node.isArray()) {
            call.checkSize(node.size());
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                list.add(fromTree(item, call, depth + 1));
            }
            return list;
        }
        call.checkSize(node.size());
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), fromTree(e.getValue(), call, depth + 1));
        }
        return map;
    }
}
