package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.Test;
import io.pebbletemplates.pebble.extension.core.DefaultFilter;
import io.pebbletemplates.pebble.extension.core.DefinedTest;
import io.pebbletemplates.pebble.extension.core.MergeFilter;
import io.pebbletemplates.pebble.extension.escaper.EscapeFilter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Bounded replacements of Pebble's built-ins that can build large values or run long ({@code range},
 * {@code join}, {@code split}, {@code merge}; Pebble's {@code replace} is always replaced by Kestra's, which
 * bounds itself), and the counting wrappers every other filter, function and test runs in. Semantics are
 * Pebble's; only the limits are added. Thread-safe (stateless);
 * not API.
 */
final class BoundedBuiltins {
    private BoundedBuiltins() {
    }

    // ---- counting wrappers ------------------------------------------------------------------------

    /** {@code filter} counted against the render's budget; Pebble's own instanceof-special filters keep their class. */
    static Filter counted(Filter filter) {
        if (filter instanceof EscapeFilter || filter instanceof CountedFilter || filter instanceof CountedDefault) {
            return filter;
        }
        if (filter instanceof DefaultFilter) {
            return new CountedDefault(); // FilterExpression tolerates an undefined input only for this class
        }
        return new CountedFilter(filter);
    }

    static Function counted(Function function) {
        return function instanceof CountedFunction ? function : new CountedFunction(function);
    }

    static Test counted(Test test) {
        if (test instanceof CountedTest || test instanceof CountedDefined) {
            return test;
        }
        if (test instanceof DefinedTest) {
            return new CountedDefined(); // PositiveTestExpression tolerates an undefined input only for this class
        }
        return new CountedTest(test);
    }

    static final class CountedFilter implements Filter {
        private final Filter delegate;

        CountedFilter(Filter delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> getArgumentNames() {
            return delegate.getArgumentNames();
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int lineNumber) {
            RenderBudget budget = RenderBudget.current();
            budget.step(1 + RenderBudget.sizeOf(input));
            Object result = delegate.apply(input, args, self, context, lineNumber);
            budget.checkSize(RenderBudget.sizeOf(result));
            return result;
        }
    }

    static final class CountedDefault extends DefaultFilter {
        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int lineNumber) {
            RenderBudget.current().step(1);
            return super.apply(input, args, self, context, lineNumber);
        }
    }

    static final class CountedFunction implements Function {
        private final Function delegate;

        CountedFunction(Function delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> getArgumentNames() {
            return delegate.getArgumentNames();
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
            RenderBudget budget = RenderBudget.current();
            budget.step(1);
            Object result = delegate.execute(args, self, context, lineNumber);
            budget.checkSize(RenderBudget.sizeOf(result));
            return result;
        }
    }

    static final class CountedTest implements Test {
        private final Test delegate;

        CountedTest(Test delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> getArgumentNames() {
            return delegate.getArgumentNames();
        }

        @Override
        public boolean apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                             int lineNumber) {
            RenderBudget.current().step(1);
            return delegate.apply(input, args, self, context, lineNumber);
        }
    }

    static final class CountedDefined extends DefinedTest {
        @Override
        public boolean apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                             int lineNumber) {
            RenderBudget.current().step(1);
            return super.apply(input, args, self, context, lineNumber);
        }
    }

    // ---- range ------------------------------------------------------------------------------------

    /**
     * {@code range(start, end, increment)} and {@code start..end}: Pebble's semantics (inclusive, longs or
     * single characters), with the length computed without overflow and refused past {@code maxLength}.
     */
    static final class Range implements Function {
        private final long maxLength;

        Range(long maxLength) {
            this.maxLength = maxLength;
        }

        @Override
        public List<String> getArgumentNames() {
            return List.of("start", "end", "increment");
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            Object start = args.get("start");
            Object end = args.get("end");
            Object increment = args.get("increment");
            if (increment != null && !(increment instanceof Number)) {
                throw new TemplateRenderException(Kind.EVALUATION, line,
                        "range() needs a number as its increment, at line " + line);
            }
            long step = increment == null ? 1 : ((Number) increment).longValue();
            if (step == 0) {
                throw new TemplateRenderException(Kind.EVALUATION, line,
                        "range() needs an increment other than 0, at line " + line);
            }
            boolean chars;
            long from;
            long to;
            if (start instanceof Number s && end instanceof Number e) {
                chars = false;
                from = s.longValue();
                to = e.longValue();
            } else if (start instanceof String s && end instanceof String e && s.length() == 1 && e.length() == 1) {
                chars = true;
                from = s.charAt(0);
                to = e.charAt(0);
            } else {
                throw new TemplateRenderException(Kind.EVALUATION, line, "range() needs two numbers or two "
                        + "one-character strings, at line " + line);
            }
            long count = length(from, to, step);
            if (count < 0 || count > maxLength) {
                // the bounds are not quoted: they may be computed from a secret's value
                throw new TemplateRenderException(Kind.RANGE_TOO_LARGE, line, "range() or a..b at line " + line
                        + " would have more than " + maxLength + " elements, the limit");
            }
            RenderBudget.current().build(count);
            List<Object> out = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                long v = from + i * step; // between from and to: no overflow
                out.add(chars ? (Object) (char) v : (Object) v);
            }
            return out;
        }

        /** The number of values, or -1 when it does not fit a long. */
        static long length(long from, long to, long step) {
            long span;
            long stride;
            if (step > 0) {
                if (from > to) {
                    return 0;
                }
                span = to - from; // unsigned: fits, since to >= from
                stride = step;
            } else {
                if (from < to) {
                    return 0;
                }
                span = from - to;
                stride = -step; // Long.MIN_VALUE stays 2^63 read as unsigned
            }
            long quotient = Long.divideUnsigned(span, stride);
            return quotient < 0 || quotient == Long.MAX_VALUE ? -1 : quotient + 1;
        }
    }

    // ---- join, split, merge ----------------------------------------------------------------------

    /** Pebble's {@code join}, stopping at the value bound instead of building first. */
    static final class Join implements Filter {
        @Override
        public List<String> getArgumentNames() {
            return List.of("separator");
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int line) {
            if (input == null) {
                return null;
            }
            Object sep = args.get("separator");
            if (sep != null && !(sep instanceof String)) {
                throw new TemplateRenderException(Kind.EVALUATION, line, "join needs a string separator, at line " + line);
            }
            String glue = (String) sep;
            Iterable<?> items;
            if (input.getClass().isArray()) {
                int n = Array.getLength(input);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(Array.get(input, i));
                }
                items = list;
            } else if (input instanceof Collection<?> c) {
                items = c;
            } else {
                throw new TemplateRenderException(Kind.EVALUATION, line,
                        "join expects a list or an array, at line " + line);
            }
            RenderBudget budget = RenderBudget.current();
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (Object item : items) {
                String piece = String.valueOf(item);
                long grown = (long) sb.length() + piece.length() + (!first && glue != null ? glue.length() : 0);
                budget.build(grown - sb.length());
                budget.checkSize(grown);
                if (!first && glue != null) {
                    sb.append(glue);
                }
                sb.append(piece);
                first = false;
            }
            return sb.toString();
        }
    }

    /**
     * Pebble's {@code split} (the delimiter is a regular expression, as in Pebble and Kestra), matched over a
     * view of the input that charges the budget for every character the matcher reads: a backtracking pattern
     * ends in {@link Kind#TOO_MUCH_WORK}, not in a busy thread.
     */
    static final class Split implements Filter {
        @Override
        public List<String> getArgumentNames() {
            return List.of("delimiter", "limit");
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int line) {
            if (input == null) {
                return null;
            }
            if (!(args.get("delimiter") instanceof String delimiter)) {
                throw new TemplateRenderException(Kind.EVALUATION, line,
                        "split needs a string delimiter, for example split(','), at line " + line);
            }
            Object limit = args.get("limit");
            if (limit != null && !(limit instanceof Number)) {
                throw new TemplateRenderException(Kind.EVALUATION, line, "split needs a number as its limit, at line " + line);
            }
            RenderBudget budget = RenderBudget.current();
            budget.step(delimiter.length());
            Pattern pattern;
            try {
                pattern = Pattern.compile(delimiter);
            } catch (PatternSyntaxException e) {
                throw new TemplateRenderException(Kind.EVALUATION, line,
                        "split got a delimiter that is not a valid regular expression, at line " + line);
            }
            if (!(input instanceof String s)) {
                throw new TemplateRenderException(Kind.EVALUATION, line, "split needs a string to split, got a "
                        + input.getClass().getSimpleName() + ", at line " + line);
            }
            String[] parts = pattern.split(new CountedChars(s, budget), limit == null ? 0 : ((Number) limit).intValue());
            budget.build(parts.length);
            return parts;
        }
    }

    /** Pebble's {@code merge}, with the size of the result checked before it is built. */
    static final class Merge implements Filter {
        private final MergeFilter delegate = new MergeFilter();

        @Override
        public List<String> getArgumentNames() {
            return delegate.getArgumentNames();
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int line) {
            Object items = args.get("items");
            RenderBudget.current().build(RenderBudget.sizeOf(input) + RenderBudget.sizeOf(items));
            return delegate.apply(input, args, self, context, line);
        }
    }

    /** A string whose every read is charged to the budget, in blocks (a regular expression's work). */
    static final class CountedChars implements CharSequence {
        private static final int BLOCK = 256;
        private final String s;
        private final RenderBudget budget;
        private int reads;

        CountedChars(String s, RenderBudget budget) {
            this.s = s;
            this.budget = budget;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (++reads == BLOCK) {
                reads = 0;
                budget.step(BLOCK);
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.substring(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
