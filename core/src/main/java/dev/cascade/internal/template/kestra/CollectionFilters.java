package dev.cascade.internal.template.kestra;

import io.pebbletemplates.pebble.extension.Filter;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static dev.cascade.internal.template.kestra.Calls.budget;
import static dev.cascade.internal.template.kestra.Calls.filter;
import static dev.cascade.internal.template.kestra.Calls.invalid;
import static dev.cascade.internal.template.kestra.Calls.typeOf;

/**
 * Kestra's collection filters: {@code keys}, {@code values}, {@code chunk}, {@code flatten}, {@code distinct},
 * {@code string} (maps and lists as JSON) and {@code className}. Each returns a new list (never a view of
 * its input) after checking its size against the render's bound. Stateless; not API.
 */
final class CollectionFilters {
    private CollectionFilters() {
    }

    static void register(Map<String, Filter> filters) {
        filters.put("keys", filter(List.of(), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            if (in instanceof Map<?, ?> map) {
                budget().checkSize(map.size());
                budget().step(map.size());
                return new ArrayList<>(map.keySet());
            }
            int n;
            if (in instanceof List<?> list) {
                n = list.size();
            } else if (in.getClass().isArray()) {
                n = Array.getLength(in);
            } else {
                throw invalid(line, "keys can only be applied to a map, a list or an array; got " + typeOf(in));
            }
            budget().checkSize(n);
            budget().step(n);
            List<Object> indexes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                indexes.add((long) i);
            }
            return indexes;
        }));
        filters.put("values", filter(List.of(), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            if (!(in instanceof Map<?, ?> map)) {
                throw invalid(line, "values can only be applied to a map; got " + typeOf(in));
            }
            budget().checkSize(map.size());
            budget().step(map.size());
            return new ArrayList<>(map.values());
        }));
        filters.put("chunk", filter(List.of("size"), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            Long size = Calls.asLong(args.get("size"));
            if (size == null || size < 1) {
                throw invalid(line, "chunk needs the argument 'size' as an integer of 1 or more");
            }
            if (!(in instanceof List<?> list)) {
                throw invalid(line, "chunk can only be applied to a list; got " + typeOf(in));
            }
            int n = list.size();
            long chunks = n / size + (n % size == 0 ? 0 : 1);
            budget().checkSize(n + chunks);
            budget().step(n + chunks);
            List<Object> out = new ArrayList<>((int) chunks);
            for (int from = 0; from < n; from += (int) Math.min(size, n - from)) {
                out.add(new ArrayList<>(list.subList(from, (int) Math.min(n, from + size))));
            }
            return out;
        }));
        filters.put("flatten", filter(List.of(), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            if (!(in instanceof List<?> list)) {
                throw invalid(line, "flatten can only be applied to a list; got " + typeOf(in));
            }
            long total = 0;
            for (Object o : list) {
                total += o instanceof Collection<?> c ? c.size() : 1;
            }
            budget().checkSize(total);
            budget().step(total + list.size());
            List<Object> out = new ArrayList<>((int) total);
            for (Object o : list) {
                if (o instanceof List<?> inner) {
                    out.addAll(inner);
                } else {
                    out.add(o);
                }
            }
            return out;
        }));
        filters.put("distinct", filter(List.of(), (in, args, line) -> {
            if (in == null) {
                return null;
            }
            if (!(in instanceof List<?> list)) {
                throw invalid(line, "distinct can only be applied to a list; got " + typeOf(in));
            }
            budget().checkSize(list.size());
            budget().step(list.size());
            return new ArrayList<>(new LinkedHashSet<>(list));
        }));
        filters.put("string", filter(List.of(), (in, args, line) -> in == null ? null : StringFilters.text(in, line)));
        filters.put("className", filter(List.of(), (in, args, line) -> in == null ? null : in.getClass().getName()));
    }
}
