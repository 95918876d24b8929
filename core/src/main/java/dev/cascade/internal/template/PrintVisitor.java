package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import io.pebbletemplates.pebble.extension.AbstractNodeVisitor;
import io.pebbletemplates.pebble.extension.NodeVisitor;
import io.pebbletemplates.pebble.extension.NodeVisitorFactory;
import io.pebbletemplates.pebble.node.AbstractRenderableNode;
import io.pebbletemplates.pebble.node.BodyNode;
import io.pebbletemplates.pebble.node.MacroNode;
import io.pebbletemplates.pebble.node.PrintNode;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.node.TextNode;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;

import java.io.Writer;
import java.util.List;

/**
 * Rewrites a compiled template once, after parsing: every {@code {{ }}} prints maps, lists and arrays as JSON
 * ({@link JsonPrinter}), and (for Cascade's engine, not the reference) every body — the template's, a loop's,
 * a branch's, a macro's — charges one step of the {@link RenderBudget} each time it is rendered, which bounds
 * loops and (exponential) macro calls. Not API.
 */
final class PrintVisitor extends AbstractNodeVisitor {
    /** Steps one macro call is charged (Pebble's own cost of a call is that of a few dozen operators). */
    static final int MACRO_CALL_STEPS = 100;
    private final boolean countBodies;

    private PrintVisitor(PebbleTemplateImpl template, boolean countBodies) {
        super(template);
        this.countBodies = countBodies;
    }

    static NodeVisitorFactory factory(boolean countBodies) {
        return new NodeVisitorFactory() {
            @Override
            public NodeVisitor createVisitor(PebbleTemplate template) {
                return new PrintVisitor((PebbleTemplateImpl) template, countBodies);
            }
        };
    }

    @Override
    public void visit(PrintNode node) {
        if (!(node.getExpression() instanceof JsonPrint)) {
            node.setExpression(new JsonPrint(node.getExpression()));
        }
    }

    @Override
    public void visit(BodyNode node) {
        List<RenderableNode> children = node.getChildren();
        if (countBodies && (children.isEmpty() || !(children.get(0) instanceof Step))) {
            children.add(0, new Step(node.getLineNumber(), 1 + textLength(children)));
        }
        super.visit(node);
    }

    /**
     * The characters of text a body writes each time it is rendered: charged with the body, so that text
     * written where Pebble does not bound the output (a {@code block()} call's buffer) is bounded by the budget.
     */
    private static int textLength(List<RenderableNode> children) {
        long n = 0;
        for (RenderableNode child : children) {
            if (child instanceof TextNode t) {
                n += t.getData().length;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE / 2, n);
    }

    @Override
    public void visit(MacroNode node) {
        List<RenderableNode> children = node.getBody().getChildren();
        if (countBodies && (children.isEmpty() || !(children.get(0) instanceof Step))) {
            // a macro call costs Pebble a new scope, its arguments and an output buffer: weigh it accordingly
            children.add(0, new Step(node.getLineNumber(), MACRO_CALL_STEPS + textLength(children)));
        }
        super.visit(node);
    }

    /** The value of a {@code {{ }}}: JSON for a map, list or array; anything else as Pebble prints it. */
    static final class JsonPrint implements Expression<Object> {
        private final Expression<?> inner;

        JsonPrint(Expression<?> inner) {
            this.inner = inner;
        }

        @Override
        public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            RenderBudget budget = RenderBudget.current();
            budget.step(1);
            Object value = inner.evaluate(self, context);
            if (!JsonPrinter.printsAsJson(value)) {
                if (value instanceof CharSequence text) {
                    budget.step(text.length()); // what is written is charged, wherever it is written to
                }
                return value;
            }
            try {
                return JsonPrinter.toJson(value, budget.maxValueSize(), budget);
            } catch (JsonPrinter.TooLarge e) {
                throw new TemplateRenderException(Kind.OUTPUT_TOO_LARGE, getLineNumber(), "a value printed as JSON at "
                        + "line " + getLineNumber() + " exceeds the limit of " + budget.maxValueSize() + " characters");
            }
        }

        @Override
        public void accept(NodeVisitor visitor) {
            inner.accept(visitor);
        }

        @Override
        public int getLineNumber() {
            return inner.getLineNumber();
        }
    }

    /** Charges one step each time its body is rendered. */
    static final class Step extends AbstractRenderableNode {
        private final int weight;

        Step(int line, int weight) {
            super(line);
            this.weight = weight;
        }

        @Override
        public void render(PebbleTemplateImpl self, Writer writer, EvaluationContextImpl context) {
            RenderBudget.current().step(weight);
        }

        @Override
        public void accept(NodeVisitor visitor) {
            visitor.visit(this);
        }
    }
}
