package dev.cascade.internal.template;

import dev.cascade.internal.Ids;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.core.CoreExtension;
import io.pebbletemplates.pebble.extension.escaper.EscaperExtension;
import io.pebbletemplates.pebble.tokenParser.TokenParser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters, functions, tests and tags a Cascade template may use, to name a missing one and suggest near
 * names. A name comes from the template's source, never from a value, so it is always shown. Immutable; not API.
 */
final class KnownNames {
    private static final Pattern MISSING = Pattern.compile(
            "(Filter|Test|Function or Macro) \\[([^\\]]{1,200})] does not exist\\.");
    private static final Pattern TAG = Pattern.compile("Unexpected tag name \"([^\"]{1,200})\"");

    private final Set<String> filters = new TreeSet<>();
    private final Set<String> functions = new TreeSet<>();
    private final Set<String> tests = new TreeSet<>();
    private final Set<String> tags = new TreeSet<>();

    static KnownNames of(List<Extension> cascadeExtensions) {
        KnownNames n = new KnownNames();
        n.add(new CoreExtension());
        n.add(new EscaperExtension());
        for (Extension e : cascadeExtensions) {
            n.add(e);
        }
        n.functions.remove("i18n");
        n.tags.removeAll(CascadeFunctions.REMOVED_TAGS);
        n.tags.addAll(List.of("raw", "verbatim", "endfor", "endif", "endmacro", "endblock", "endfilter", "else",
                "elseif", "endraw", "endverbatim"));
        return n;
    }

    private void add(Extension e) {
        if (e.getFilters() != null) {
            filters.addAll(e.getFilters().keySet());
        }
        if (e.getFunctions() != null) {
            functions.addAll(e.getFunctions().keySet());
        }
        if (e.getTests() != null) {
            tests.addAll(e.getTests().keySet());
        }
        if (e.getTokenParsers() != null) {
            for (TokenParser p : e.getTokenParsers()) {
                if (!(p instanceof RefusingTokenParser)) {
                    tags.add(p.getTag());
                }
            }
        }
    }

    /** Operators of other languages authors write by habit, with Cascade's (Kestra's) spelling. */
    private static final Map<String, String> FOREIGN_OPERATORS = foreignOperators();
    private static final Pattern OPERATOR_RUN = Pattern.compile("[=!<>&|?:*~]+");

    private static Map<String, String> foreignOperators() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("&&", "and");
        m.put("||", "or");
        m.put("===", "==");
        m.put("!==", "!=");
        m.put("<>", "!=");
        m.put("!", "not");
        m.put("?:", "??");
        m.put("**", "*");
        m.put("=~", null);
        return m;
    }

    /**
     * For a syntax error in {@code expression} (the {@code {{ }}} / {@code {% %}} text of the failing line): the
     * operator it uses that does not exist, and Cascade's spelling ({@code "; operator '&&' does not exist; did
     * you mean 'and'?"}), or an empty string.
     */
    static String unknownOperator(String expression) {
        if (expression == null || expression.length() > 10_000) {
            return "";
        }
        Matcher m = OPERATOR_RUN.matcher(withoutStrings(expression));
        while (m.find()) {
            String run = m.group();
            if (FOREIGN_OPERATORS.containsKey(run)) {
                String ours = FOREIGN_OPERATORS.get(run);
                return "; operator '" + run + "' does not exist" + (ours == null ? "" : "; did you mean '" + ours + "'?");
            }
        }
        return "";
    }

    /** {@code text} with the contents of its quoted strings removed (an operator inside a string is text). */
    private static String withoutStrings(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                    sb.append(c);
                }
            } else {
                if (c == '\'' || c == '"') {
                    quote = c;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The error for a missing filter, function, test or tag, or null when {@code e} is something else. */
    TemplateRenderException unknown(PebbleException top, String template, RenderScope scope) {
        // Pebble wraps some (an if's condition) in a PebbleException of its own
        PebbleException e = top;
        for (Throwable t = top; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PebbleException p && p.getPebbleMessage() != null
                    && (MISSING.matcher(p.getPebbleMessage()).lookingAt() || TAG.matcher(p.getPebbleMessage()).lookingAt())) {
                e = p;
                break;
            }
        }
        String message = e.getPebbleMessage();
        if (message == null) {
            return null;
        }
        String what;
        String name;
        Set<String> known;
        Matcher m = MISSING.matcher(message);
        Matcher t = TAG.matcher(message);
        if (m.lookingAt()) {
            name = m.group(2);
            switch (m.group(1)) {
                case "Filter" -> {
                    what = "filter";
                    known = filters;
                }
                case "Test" -> {
                    what = "test";
                    known = tests;
                }
                default -> {
                    what = "function";
                    known = functions;
                }
            }
        } else if (t.lookingAt()) {
            name = t.group(1);
            what = "tag";
            known = tags;
        } else {
            return null;
        }
        if (!template.contains(name)) {
            return null; // not from the source (cannot happen with Pebble's parser; keep the generic error)
        }
        int line = e.getLineNumber() != null ? e.getLineNumber() : top.getLineNumber() == null ? 0 : top.getLineNumber();
        String expression = TemplateEngine.expressionAt(template, line, name);
        StringBuilder sb = new StringBuilder(what).append(" '").append(name).append("' does not exist")
                .append(NameSuggestions.suggest(name, known));
        if (expression != null) {
            sb.append("; expression ").append(expression);
        }
        if (line > 0) {
            sb.append(" at line ").append(line);
        }
        sb.append(" of template ").append(Ids.quote(template));
        String text = scope == null ? sb.toString() : scope.maskMessage(sb.toString());
        return new TemplateRenderException(Kind.UNKNOWN_NAME, line, text);
    }
}
