package dev.cascade.internal.template.kestra;

import dev.cascade.internal.template.RenderBudget;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.Test;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Small builders and argument readers shared by the Kestra filters, functions and tests. Every error is a
 * {@link TemplateRenderException} naming the filter or function, the argument and the expected type, never
 * a value (a value may be a secret). Stateless; not API.
 */
final class Calls {
    private Calls() {
    }

    @FunctionalInterface
    interface FilterBody {
        Object apply(Object input, Map<String, Object> args, int line);
    }

    @FunctionalInterface
    interface FunctionBody {
        Object apply(Map<String, Object> args, int line);
    }

    @FunctionalInterface
    interface TestBody {
        boolean apply(Object input, Map<String, Object> args, int line);
    }

    static Filter filter(List<String> argumentNames, FilterBody body) {
        return new Filter() {
            @Override
            public List<String> getArgumentNames() {
                return argumentNames;
            }

            @Override
            public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                                int line) {
                budget().step(1);
                return body.apply(input, args, line);
            }
        };
    }

    static Function function(List<String> argumentNames, FunctionBody body) {
        return new Function() {
            @Override
            public List<String> getArgumentNames() {
                return argumentNames;
            }

            @Override
            public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                budget().step(1);
                return body.apply(args, line);
            }
        };
    }

    static Test test(List<String> argumentNames, TestBody body) {
        return new Test() {
            @Override
            public List<String> getArgumentNames() {
                return argumentNames;
            }

            @Override
            public boolean apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                                 int line) {
                budget().step(1);
                return body.apply(input, args, line);
            }
        };
    }

    static RenderBudget budget() {
        return RenderBudget.current();
    }

    static TemplateRenderException invalid(int line, String message) {
        return new TemplateRenderException(Kind.INVALID_ARGUMENT, line, message + " (at line " + line + ")");
    }

    /** The simple type name of {@code value} for messages ("a Map", "null"); never the value. */
    static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof CharSequence) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a " + value.getClass().getSimpleName();
    }

    /** A required string argument. */
    static String string(Map<String, Object> args, String name, String owner, int line) {
        Object v = args.get(name);
        if (v == null) {
            throw invalid(line, owner + " needs the argument '" + name + "' (a string)");
        }
        if (!(v instanceof String s)) {
            throw invalid(line, owner + " needs the argument '" + name + "' as a string; got " + typeOf(v));
        }
        return s;
    }

    /** An optional string argument, or {@code fallback}. */
    static String optionalString(Map<String, Object> args, String name, String owner, int line, String fallback) {
        Object v = args.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw invalid(line, owner + " needs the argument '" + name + "' as a string; got " + typeOf(v));
        }
        return s;
    }

    /** A required integral argument that fits a long. */
    static long integer(Map<String, Object> args, String name, String owner, int line) {
        Object v = args.get(name);
        if (v == null) {
            throw invalid(line, owner + " needs the argument '" + name + "' (an integer)");
        }
        Long l = asLong(v);
        if (l == null) {
            throw invalid(line, owner + " needs the argument '" + name + "' as an integer; got " + typeOf(v));
        }
        return l;
    }

    /** {@code v} as a long when it is an integral number that fits, else null. */
    static Long asLong(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        if ((v instanceof Double || v instanceof Float) && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())
                && Math.abs(((Number) v).doubleValue()) < 9.0e15) {
            return ((Number) v).longValue();
        }
        return null;
    }
}
