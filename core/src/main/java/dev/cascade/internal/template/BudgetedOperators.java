package dev.cascade.internal.template;

import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.extension.NodeVisitor;
import io.pebbletemplates.pebble.node.expression.BinaryExpression;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.operator.Associativity;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.operator.BinaryOperatorImpl;
import io.pebbletemplates.pebble.operator.BinaryOperatorType;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;

import java.util.ArrayList;
import java.util.List;
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
            } else {
                Supplier<BinaryExpression<?>> inner = op::createInstance;
                boolean builds = "+".equals(op.getSymbol()); // string + string, list + element
                out.add(new BinaryOperatorImpl(op.getSymbol(), op.getPrecedence(), () -> new Counted(inner.get(), builds),
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
            RenderBudget budget = RenderBudget.current();
            budget.step(1);
            Object result = delegate.evaluate(self, context);
            if (builds) {
                budget.build(RenderBudget.sizeOf(result));
            }
            return result;
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

    /** {@code a ?? b}: {@code b} when {@code a} is undefined or null (Kestra). */
    static final class NullCoalescing extends BinaryExpression<Object> {
        @Override
        public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            RenderBudget.current().step(1);
            Object left;
            try {
                left = getLeftExpression().evaluate(self, context);
            } catch (AttributeNotFoundException e) {
                left = null;
            }
            return left != null ? left : getRightExpression().evaluate(self, context);
        }
    }

    /** {@code a ??? b}: {@code b} only when {@code a} is undefined; a defined null stays null (Kestra). */
    static final class UndefinedCoalescing extends BinaryExpression<Object> {
        @Override
        public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            RenderBudget.current().step(1);
            try {
                return getLeftExpression().evaluate(self, context);
            } catch (AttributeNotFoundException e) {
                return getRightExpression().evaluate(self, context);
            }
        }
    }
}
