package dev.cascade.jq;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The parsed form of a jq expression. Immutable; not API. */
sealed interface JqNode {
    record Identity() implements JqNode { }

    record Recurse() implements JqNode { }

    record Literal(JsonNode value) implements JqNode { }

    record Field(JqNode target, String name) implements JqNode { }

    record Index(JqNode target, JqNode index) implements JqNode { }

    record Slice(JqNode target, JqNode from, JqNode to) implements JqNode { }

    record Iterate(JqNode target) implements JqNode { }

    record Try(JqNode body) implements JqNode { }

    record Pipe(JqNode left, JqNode right) implements JqNode { }

    record Comma(JqNode left, JqNode right) implements JqNode { }

    record Alternative(JqNode left, JqNode right) implements JqNode { }

    record Binary(String op, JqNode left, JqNode right) implements JqNode { }

    record Negate(JqNode body) implements JqNode { }

    record Collect(JqNode body) implements JqNode { }

    record ObjectCons(List<JqNode[]> entries) implements JqNode { }

    record If(JqNode cond, JqNode then, JqNode otherwise) implements JqNode { }

    record Reduce(JqNode source, String name, JqNode init, JqNode update) implements JqNode { }

    record Variable(String name) implements JqNode { }

    record Bind(JqNode source, String name, JqNode body) implements JqNode { }

    record Call(String name, List<JqNode> args) implements JqNode { }
}
