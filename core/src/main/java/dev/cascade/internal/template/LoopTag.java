package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import io.pebbletemplates.pebble.error.ParserException;
import io.pebbletemplates.pebble.lexer.Token;
import io.pebbletemplates.pebble.lexer.TokenStream;
import io.pebbletemplates.pebble.node.BodyNode;
import io.pebbletemplates.pebble.node.ForNode;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.parser.Parser;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import io.pebbletemplates.pebble.template.ScopeChain;
import io.pebbletemplates.pebble.tokenParser.TokenParser;

import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Array;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Cascade's {@code {% for %}}: Pebble's loop, with {@code loop.index}, {@code loop.first}, {@code loop.last},
 * {@code loop.length} and {@code loop.revindex} as data (a map, not Java getters, which Cascade refuses),
 * a map's entries as {@code entry.key} / {@code entry.value}, the two-variable form
 * {@code {% for key, value in map %}} (for a list: index and element), and every iteration counted against
 * the {@link RenderBudget}. Thread-safe (parser and node are immutable once built); not API.
 */
final class LoopTag implements TokenParser {
    @Override
    public String getTag() {
        return "for";
    }

    @Override
    public RenderableNode parse(Token token, Parser parser) {
        TokenStream stream = parser.getStream();
        int line = token.getLineNumber();
        stream.next();
        String first = parser.getExpressionParser().parseNewVariableName();
        String second = null;
        if (stream.current().test(Token.Type.PUNCTUATION, ",")) {
            stream.next();
            second = parser.getExpressionParser().parseNewVariableName();
        }
        stream.expect(Token.Type.NAME, "in");
        Expression<?> iterable = parser.getExpressionParser().parseExpression();
        stream.expect(Token.Type.EXECUTE_END);
        BodyNode body = parser.subparse(t -> t.test(Token.Type.NAME, "else", "endfor"));
        BodyNode elseBody = null;
        if (stream.current().test(Token.Type.NAME, "else")) {
            stream.next();
            stream.expect(Token.Type.EXECUTE_END);
            elseBody = parser.subparse(t -> t.test(Token.Type.NAME, "endfor"));
        }
        if (stream.current().getValue() == null) {
            throw new ParserException(null, "Unexpected end of template. Pebble was looking for the \"endfor\" tag",
                    stream.current().getLineNumber(), stream.getFilename());
        }
        stream.next();
        stream.expect(Token.Type.EXECUTE_END);
        return new LoopNode(line, first, second, iterable, body, elseBody);
    }

    /** The loop itself; extends Pebble's so that node visitors (macro registration, Cascade's) walk into it. */
    static final class LoopNode extends ForNode {
        private final String keyName; // null for the one-variable form

        LoopNode(int line, String first, String second, Expression<?> iterable, BodyNode body, BodyNode elseBody) {
            super(line, second == null ? first : second, iterable, body, elseBody);
            this.keyName = second == null ? null : first;
        }

        @Override
        public void render(PebbleTemplateImpl self, Writer writer, EvaluationContextImpl context) throws IOException {
            Object value = getIterable().evaluate(self, context);
            if (value == null) {
                return;
            }
            if (value instanceof Enumeration<?> e) {
                value = read(e); // an enumeration can be read once: read it once, so that loop.length is known
            }
            boolean isMap = value instanceof Map<?, ?>;
            Iterator<?> it = iterator(value);
            if (it == null) {
                throw new TemplateRenderException(Kind.EVALUATION, getLineNumber(), "{% for %} at line "
                        + getLineNumber() + " needs a list, a map or an array; got a " + value.getClass().getSimpleName());
            }
            if (!it.hasNext()) {
                if (getElseBody() != null) {
                    getElseBody().render(self, writer, context);
                }
                return;
            }
            RenderBudget budget = RenderBudget.current();
            ScopeChain scope = context.getScopeChain();
            scope.pushScope();
            LoopState loop = new LoopState(value);
            int index = 0;
            while (it.hasNext()) {
                budget.step(1);
                Object item = it.next();
                loop.index = index;
                loop.last = !it.hasNext();
                scope.put("loop", loop);
                if (keyName != null) {
                    if (isMap) {
                        Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                        scope.put(keyName, e.getKey());
                        scope.put(getIterationVariable(), e.getValue());
                    } else {
                        scope.put(keyName, index);
                        scope.put(getIterationVariable(), item);
                    }
                } else {
                    scope.put(getIterationVariable(), isMap ? new Entry((Map.Entry<?, ?>) item) : item);
                }
                getBody().render(self, writer, context);
                index++;
            }
            scope.popScope();
        }

        private static Iterator<?> iterator(Object value) {
            if (value instanceof Map<?, ?> m) {
                return m.entrySet().iterator();
            }
            if (value instanceof Iterable<?> i) {
                return i.iterator();
            }
            if (value.getClass().isArray()) {
                int n = Array.getLength(value);
                return new Iterator<Object>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < n;
                    }

                    @Override
                    public Object next() {
                        if (i >= n) {
                            throw new NoSuchElementException();
                        }
                        return Array.get(value, i++);
                    }
                };
            }
            return null;
        }

        /** The elements of {@code e}, one step each (an endless enumeration runs out of budget). */
        private static List<Object> read(Enumeration<?> e) {
            RenderBudget budget = RenderBudget.current();
            List<Object> all = new ArrayList<>();
            while (e.hasMoreElements()) {
                budget.step(1);
                budget.checkSize(all.size() + 1L);
                all.add(e.nextElement());
            }
            return all;
        }
    }

    /** {@code loop}: index and revindex 0-based as in Pebble, length counted lazily for other iterables. */
    static final class LoopState extends AbstractMap<String, Object> {
        private static final List<String> KEYS = List.of("index", "first", "last", "length", "revindex");
        private final Object iterable;
        private long length = -1;
        int index;
        boolean last;

        LoopState(Object iterable) {
            this.iterable = iterable;
        }

        private long length() {
            if (length < 0) {
                if (iterable instanceof Collection<?> c) {
                    length = c.size();
                } else if (iterable instanceof Map<?, ?> m) {
                    length = m.size();
                } else if (iterable.getClass().isArray()) {
                    length = Array.getLength(iterable);
                } else {
                    // another Iterable (the loop accepts nothing else): counted by iterating it again
                    long n = 0;
                    RenderBudget budget = RenderBudget.current();
                    for (Iterator<?> it = ((Iterable<?>) iterable).iterator(); it.hasNext(); it.next()) {
                        budget.step(1);
                        n++;
                    }
                    length = n;
                }
            }
            return length;
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String k)) {
                return null;
            }
            return switch (k) {
                case "index" -> index;
                case "first" -> index == 0;
                case "last" -> last;
                case "length" -> length() > Integer.MAX_VALUE ? length() : (Object) (int) length();
                case "revindex" -> (int) (length() - index - 1);
                default -> null;
            };
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String k && KEYS.contains(k);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    Iterator<String> keys = KEYS.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return keys.hasNext();
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            String k = keys.next();
                            return new SimpleImmutableEntry<>(k, get(k));
                        }
                    };
                }

                @Override
                public int size() {
                    return KEYS.size();
                }
            };
        }
    }

    /** One entry of a map being iterated: {@code entry.key} and {@code entry.value}; prints as {@code key=value}. */
    static final class Entry extends AbstractMap<String, Object> {
        final Object key;
        final Object value;

        Entry(Map.Entry<?, ?> e) {
            this.key = e.getKey();
            this.value = e.getValue();
        }

        @Override
        public Object get(Object k) {
            return "key".equals(k) ? key : "value".equals(k) ? value : null;
        }

        @Override
        public boolean containsKey(Object k) {
            return "key".equals(k) || "value".equals(k);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Set<Map.Entry<String, Object>> both = new LinkedHashSet<>(2);
            both.add(new SimpleImmutableEntry<>("key", key));
            both.add(new SimpleImmutableEntry<>("value", value));
            return both;
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
