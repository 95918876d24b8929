package dev.cascade.internal.template;

import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.NodeVisitor;
import io.pebbletemplates.pebble.node.expression.BinaryExpression;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.operator.Associativity;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.operator.BinaryOperatorImpl;
import io.pebbletemplates.pebble.operator.BinaryOperatorType;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import io.pebbletemplates.pebble.utils.OperatorUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Cascade's binary operators: Pebble's own, each counted against the {@link RenderBudget} and checked for the
 * size of what it builds ({@code ~} checks before it concatenates), plus Kestra's {@code ??} and {@code ???}.
 * Thread-safe (stateless factories); not API.
 */
final class BudgetedOperators {
    private BudgetedOperators() {
    }

    /** Pebble's operators with every NORMAL one counted and {@code ~} bounded before it allocates. */
    static List<BinaryOperator> wrap(List<BinaryOperator> operators) {
        List<BinaryOperator> out = new ArrayList<>(operators.size());
        for (BinaryOperator op : operators) {
            if (op.getType() != BinaryOperatorType.NORMAL) {
                out.add(op); // filters and tests are counted where they are applied
            } else if ("~".equals(op.getSymbol())) {
                out.add(new BinaryOperatorImpl("~", op.getPrecedence(), Concatenate::new, BinaryOperatorType.NORMAL,
                        op.getAssociativity()));
            } else if ("+".equals(op.getSymbol()) || "-".equals(op.getSymbol())) {
                Supplier<BinaryExpression<?>> inner = op::createInstance;
                boolean add = "+".equals(op.getSymbol());
                out.add(new BinaryOperatorImpl(op.getSymbol(), op.getPrecedence(),
                        () -> new ListCopying(inner.get(), add), BinaryOperatorType.NORMAL, op.getAssociativity()));
            } else {
                Supplier<BinaryExpression<?>> inner = op::createInstance;
                out.add(new BinaryOperatorImpl(op.getSymbol(), op.getPrecedence(), () -> new Counted(inner.get(), false),
                        BinaryOperatorType.NORMAL, op.getAssociativity()));
            }
        }
        return out;
    }

    /** Kestra's coalescing operators, at Kestra's precedence (that of {@code ..}). */
    static List<BinaryOperator> coalescing() {
        return List.of(
                new BinaryOperatorImpl("??", 120, NullCoalescing::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
                new BinaryOperatorImpl("???", 120, UndefinedCoalescing::new, BinaryOperatorType.NORMAL, Associativity.LEFT));
    }

    /** Any of Pebble's operators, counted as one step, its result checked for size. */
    static final class Counted extends BinaryExpression<Object> {
        private final BinaryExpression<?> delegate;
        private final boolean builds;

        Counted(BinaryExpression<?> delegate, boolean builds) {
            this.delegate = delegate;
            this.builds = builds;
        }

        @Override
        public void setLeft(Expression<?> left) {
            super.setLeft(left);
            delegate.setLeft(left);
        }

        @Override
        public void setRight(Expression<?> right) {
            super.setRight(right);
            delegate.setRight(right);
        }

        @Override
        public void setLineNumber(int lineNumber) {
            super.setLineNumber(lineNumber);
            delegate.setLineNumber(lineNumber);
        }

        @Override
        public void accept(NodeVisitor visitor) {
            delegate.accept(visitor);
        }

        @Override
        public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            RenderBudget.current().step(1); // the operators evaluated here build nothing (+ and - are ListCopying)
            return delegate.evaluate(self, context);
        }

        /**
         * Pebble's operator on a left operand already evaluated (so it is not evaluated twice): the left
         * expression is swapped for a constant for this one call.
         */
        Object evaluateWith(PebbleTemplateImpl self, EvaluationContextImpl context, Object left, boolean add) {
            RenderBudget budget = RenderBudget.current();
            budget.step(1);
            Object right = getRightExpression().evaluate(self, context);
            Object result = add ? OperatorUtils.add(left, right) : OperatorUtils.subtract(left, right);
            if (builds) {
                budget.build(RenderBudget.sizeOf(result));
            }
            return result;
        }
    }

    /**
     * {@code a + b} and {@code a - b}. Pebble adds to, or removes from, a list operand in place, so a template
     * could change the host's variables (or another render's view of them); here a list operand is copied and
     * the copy changed, with its size checked before it is built. Numbers and strings are Pebble's.
     */
    static final class ListCopying extends BinaryExpression<Object> {
        private final Counted numbersAndStrings;
        private final boolean add;

        ListCopying(BinaryExpression<?> pebbles, boolean add) {
            this.numbersAndStrings = new Counted(pebbles, add);
            this.add = add;
        }

        @Override
        public void setLeft(Expression<?> left) {
            super.setLeft(left);
            numbersAndStrings.setLeft(left);
        }

        @Override
        public void setRight(Expression<?> right) {
            super.setRight(right);
            numbersAndStrings.setRight(right);
        }

        @Override
        public void setLineNumber(int lineNumber) {
            super.setLineNumber(lineNumber);
            numbersAndStrings.setLineNumber(lineNumber);
        }

        @Override
        public void accept(NodeVisitor visitor) {
            numbersAndStrings.accept(visitor);
        }

        @Override
        public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            try {
                return evaluateOperands(self, context);
            } catch (Exception e) {
                // exactly as Pebble's operators fail (an undefined operand included), so errors stay Pebble's
                throw new PebbleException(e, add ? "Could not perform addition" : "Could not perform subtraction",
                        getLineNumber(), self.getName());
            }
        }

        private Object evaluateOperands(PebbleTemplateImpl self, EvaluationContextImpl context) {
            Object left = getLeftExpression().evaluate(self, context);
            if (!(left instanceof List<?> list)) {
                return numbersAndStrings.evaluateWith(self, context, left, add);
            }
            RenderBudget budget = RenderBudget.current();
            budget.step(1);
            Object right = getRightExpression().evaluate(self, context);
            if (add) {
                int more = right instanceof Collection<?> c ? c.size() : 1;
                budget.build((long) list.size() + more);
                List<Object> copy = new ArrayList<>(list.size() + more);
                copy.addAll(list);
                if (right instanceof Collection<?> c) {
                    copy.addAll(c);
                } else {
                    copy.add(right);
                }
                return copy;
            }
            budget.step(list.size());
            List<Object> copy = new ArrayList<>(list);
            if (right instanceof Collection<?> c) {
                copy.removeAll(c);
            } else {
                copy.remove(right);
            }
            return copy;
        }
    }

    /** {@code a ~ b}: Pebble's concatenation, refusing a result over the value bound before building it. */
    static final class Concatenate extends BinaryExpression<Object> {
        @Override
        public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            RenderBudget budget = RenderBudget.current();
            budget.step(1);
            Object left = getLeftExpression().evaluate(self, context);
            Object right = getRightExpression().evaluate(self, context);
            String l = left == null ? "" : left.toString();
            String r = right == null ? "" : right.toString();
            budget.build((long) l.length() + r.length());
            return l.concat(r);
        }
    }

    /**
     * {@code a ?? b}: {@code b} when {@code a} is undefined or null (Kestra). Counted as one step by the
     * {@link Counted} wrapper every NORMAL operator of the engine gets ({@link SandboxCustomizer}).
     */
    static final class NullCoalescing extends BinaryExpression<Object> {
        @Override
        public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            Object left;
            try {
                left = getLeftExpression().evaluate(self, context);
            } catch (AttributeNotFoundException e) {
                left = null;
            }
            return left != null ? left : getRightExpression().evaluate(self, context);
        }
    }

    /** {@code a ??? b}: {@code b} only when {@code a} is undefined; a defined null stays null (Kestra). Counted like {@code ??}. */
    static final class UndefinedCoalescing extends BinaryExpression<Object> {
        @Override
        public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            try {
                return getLeftExpression().evaluate(self, context);
            } catch (AttributeNotFoundException e) {
                return getRightExpression().evaluate(self, context);
            }
        }
    }
}
