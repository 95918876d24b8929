package dev.cascade.jq;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the jq subset {@link Jq} evaluates into a tree of {@link JqNode}s. Recursive descent, with the
 * nesting depth bounded so that no expression can exhaust the stack. Errors give the character position,
 * never the expression (a template may compute it from a secret). Not thread-safe; one per parse.
 */
final class JqParser {
    static final int MAX_LENGTH = 4096;
    private static final int MAX_NESTING = 100;

    private final String src;
    private int pos;
    private int depth;

    private JqParser(String src) {
        this.src = src;
    }

    static JqNode parse(String expression) {
        if (expression.length() > MAX_LENGTH) {
            throw new JqException("the expression is longer than " + MAX_LENGTH + " characters");
        }
        JqParser p = new JqParser(expression);
        JqNode node = p.pipe();
        p.skipSpace();
        if (p.pos < p.src.length()) {
            throw p.error("unexpected character");
        }
        return node;
    }

    private JqException error(String what) {
        return new JqException(what + " at character " + (pos + 1) + " of the expression");
    }

    private void enter() {
        if (++depth > MAX_NESTING) {
            throw error("the expression nests deeper than " + MAX_NESTING + " levels");
        }
    }

    private void skipSpace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
    }

    private boolean peek(String token) {
        skipSpace();
        if (!src.startsWith(token, pos)) {
            return false;
        }
        if (Character.isLetter(token.charAt(0))) {
            int end = pos + token.length();
            return end >= src.length() || !isIdentPart(src.charAt(end));
        }
        return true;
    }

    private boolean accept(String token) {
        if (peek(token)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw error("expected '" + token + "'");
        }
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    private String identifier() {
        skipSpace();
        int start = pos;
        if (pos >= src.length() || !isIdentStart(src.charAt(pos))) {
            throw error("expected a name");
        }
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    // pipe: comma ('as' $var)? ('|' pipe)?
    private JqNode pipe() {
        enter();
        try {
            JqNode left = comma();
            if (accept("as")) {
                skipSpace();
                expect("$");
                String name = identifier();
                expect("|");
                return new JqNode.Bind(left, name, pipe());
            }
            if (accept("|")) {
                return new JqNode.Pipe(left, pipe());
            }
            return left;
        } finally {
            depth--;
        }
    }

    private JqNode comma() {
        JqNode left = alternative();
        while (peek(",")) {
            pos++;
            left = new JqNode.Comma(left, alternative());
        }
        return left;
    }

    private JqNode alternative() {
        JqNode left = or();
        if (accept("//")) {
            return new JqNode.Alternative(left, alternative());
        }
        return left;
    }

    private JqNode or() {
        JqNode left = and();
        while (accept("or")) {
            left = new JqNode.Binary("or", left, and());
        }
        return left;
    }

    private JqNode and() {
        JqNode left = comparison();
        while (accept("and")) {
            left = new JqNode.Binary("and", left, comparison());
        }
        return left;
    }

    private JqNode comparison() {
        JqNode left = additive();
        for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
            if (accept(op)) {
                return new JqNode.Binary(op, left, additive());
            }
        }
        return left;
    }

    private JqNode additive() {
        JqNode left = multiplicative();
        while (true) {
            skipSpace();
            if (peek("+")) {
                pos++;
                left = new JqNode.Binary("+", left, multiplicative());
            } else if (peek("-")) {
                pos++;
                left = new JqNode.Binary("-", left, multiplicative());
            } else {
                return left;
            }
        }
    }

    private JqNode multiplicative() {
        JqNode left = unary();
        while (true) {
            if (peek("*")) {
                pos++;
                left = new JqNode.Binary("*", left, unary());
            } else if (peek("/") && !peek("//")) {
                pos++;
                left = new JqNode.Binary("/", left, unary());
            } else if (peek("%")) {
                pos++;
                left = new JqNode.Binary("%", left, unary());
            } else {
                return left;
            }
        }
    }

    private JqNode unary() {
        if (peek("-")) {
            pos++;
            enter();
            try {
                return new JqNode.Negate(unary());
            } finally {
                depth--;
            }
        }
        return postfix();
    }

    private JqNode postfix() {
        JqNode node = primary();
        while (true) {
            skipSpace();
            if (pos < src.length() && src.charAt(pos) == '.' && pos + 1 < src.length()
                    && (isIdentStart(src.charAt(pos + 1)) || src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '[')) {
                pos++;
                if (src.charAt(pos) == '[') {
                    node = bracket(node);
                } else {
                    node = new JqNode.Field(node, src.charAt(pos) == '"' ? string() : identifier());
                }
            } else if (pos < src.length() && src.charAt(pos) == '[') {
                node = bracket(node);
            } else if (pos < src.length() && src.charAt(pos) == '?' && !src.startsWith("?//", pos)) {
                pos++;
                node = new JqNode.Try(node);
            } else {
                return node;
            }
        }
    }

    /** {@code [ ]}, {@code [e]}, {@code [e:e]} after {@code target}; the cursor is on '['. */
    private JqNode bracket(JqNode target) {
        pos++;
        if (accept("]")) {
            return new JqNode.Iterate(target);
        }
        JqNode from = null;
        if (!peek(":")) {
            from = pipe();
        }
        if (accept(":")) {
            JqNode to = peek("]") ? null : pipe();
            expect("]");
            return new JqNode.Slice(target, from, to);
        }
        expect("]");
        return new JqNode.Index(target, from);
    }

    private JqNode primary() {
        skipSpace();
        if (pos >= src.length()) {
            throw error("unexpected end");
        }
        char c = src.charAt(pos);
        if (src.startsWith("..", pos)) {
            pos += 2;
            return new JqNode.Recurse();
        }
        if (c == '.') {
            pos++;
            if (pos < src.length() && (isIdentStart(src.charAt(pos)) || src.charAt(pos) == '"')) {
                return new JqNode.Field(new JqNode.Identity(), src.charAt(pos) == '"' ? string() : identifier());
            }
            return new JqNode.Identity();
        }
        if (c == '"') {
            return new JqNode.Literal(Jq.text(string()));
        }
        if ((c >= '0' && c <= '9')) {
            return new JqNode.Literal(number());
        }
        if (c == '$') {
            pos++;
            return new JqNode.Variable(identifier());
        }
        if (c == '(') {
            pos++;
            JqNode inner = pipe();
            expect(")");
            return inner;
        }
        if (c == '[') {
            pos++;
            if (accept("]")) {
                return new JqNode.Collect(null);
            }
            JqNode inner = pipe();
            expect("]");
            return new JqNode.Collect(inner);
        }
        if (c == '{') {
            pos++;
            return object();
        }
        if (isIdentStart(c)) {
            String name = identifier();
            switch (name) {
                case "true":
                    return new JqNode.Literal(Jq.bool(true));
                case "false":
                    return new JqNode.Literal(Jq.bool(false));
                case "null":
                    return new JqNode.Literal(Jq.nullNode());
                case "if":
                    return conditional();
                case "reduce":
                    return reduce();
                default:
                    break;
            }
            List<JqNode> args = new ArrayList<>();
            if (accept("(")) {
                enter();
                try {
                    args.add(pipe());
                    while (accept(";")) {
                        args.add(pipe());
                    }
                    expect(")");
                } finally {
                    depth--;
                }
            }
            return new JqNode.Call(name, args);
        }
        throw error("unexpected character");
    }

    private JqNode conditional() {
        enter();
        try {
            JqNode cond = pipe();
            expect("then");
            JqNode then = pipe();
            JqNode otherwise;
            if (accept("elif")) {
                otherwise = conditional();
                return new JqNode.If(cond, then, otherwise);
            }
            otherwise = accept("else") ? pipe() : new JqNode.Identity();
            expect("end");
            return new JqNode.If(cond, then, otherwise);
        } finally {
            depth--;
        }
    }

    private JqNode reduce() {
        JqNode source = postfix();
        expect("as");
        expect("$");
        String name = identifier();
        expect("(");
        JqNode init = pipe();
        expect(";");
        JqNode update = pipe();
        expect(")");
        return new JqNode.Reduce(source, name, init, update);
    }

    private JqNode object() {
        List<JqNode[]> entries = new ArrayList<>();
        if (accept("}")) {
            return new JqNode.ObjectCons(entries);
        }
        do {
            skipSpace();
            JqNode key;
            JqNode value = null;
            if (pos < src.length() && src.charAt(pos) == '"') {
                key = new JqNode.Literal(Jq.text(string()));
            } else if (pos < src.length() && src.charAt(pos) == '(') {
                pos++;
                key = pipe();
                expect(")");
            } else if (pos < src.length() && src.charAt(pos) == '$') {
                pos++;
                String var = identifier();
                key = new JqNode.Literal(Jq.text(var));
                value = new JqNode.Variable(var);
            } else {
                String name = identifier();
                key = new JqNode.Literal(Jq.text(name));
            }
            if (value == null) {
                if (accept(":")) {
                    value = alternativeNoComma();
                } else if (key instanceof JqNode.Literal l) {
                    value = new JqNode.Field(new JqNode.Identity(), l.value().asText());
                } else {
                    throw error("expected ':'");
                }
            }
            entries.add(new JqNode[] {key, value});
        } while (accept(","));
        expect("}");
        return new JqNode.ObjectCons(entries);
    }

    /** An object value: everything up to ',' or '}' (pipes allowed only inside parentheses, as in jq). */
    private JqNode alternativeNoComma() {
        enter();
        try {
            return alternative();
        } finally {
            depth--;
        }
    }

    private String string() {
        expect("\"");
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error("unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw error("unterminated string");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '"', '\\', '/' -> sb.append(e);
                case 'u' -> {
                    if (pos + 4 > src.length()) {
                        throw error("bad \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                case '(' -> throw error("string interpolation is not supported");
                default -> throw error("unknown escape");
            }
        }
    }

    private com.fasterxml.jackson.databind.JsonNode number() {
        int start = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        try {
            return Jq.number(Double.parseDouble(src.substring(start, pos)));
        } catch (NumberFormatException e) {
            throw error("bad number");
        }
    }
}
