package dev.cascade.internal.template;

import dev.cascade.template.TemplateRenderException;
import dev.cascade.template.TemplateRenderException.Kind;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kestra's {@code {% raw %}…{% endraw %}}: the text between is output as written. Pebble's lexer only knows
 * the same construct as {@code {% verbatim %}}, and a tag cannot see raw text, so the source is rewritten
 * before Pebble parses it (whitespace control {@code {%- raw -%}} kept). Only tags outside {@code {{ }}},
 * {@code {# #}} and verbatim blocks are rewritten. Thread-safe (stateless); not API.
 */
final class RawBlocks {
    private static final Pattern OPEN = Pattern.compile("\\{%(-?)[ \\t\\r\\n]*raw[ \\t\\r\\n]*(-?)%}");
    private static final Pattern CLOSE = Pattern.compile("\\{%(-?)[ \\t\\r\\n]*endraw[ \\t\\r\\n]*(-?)%}");
    private static final Pattern VERBATIM = Pattern.compile("\\{%-?[ \\t\\r\\n]*verbatim[ \\t\\r\\n]*-?%}");
    private static final Pattern END_VERBATIM = Pattern.compile("\\{%-?[ \\t\\r\\n]*endverbatim[ \\t\\r\\n]*-?%}");

    private RawBlocks() {
    }

    /** {@code template} with raw blocks as verbatim blocks; the same instance when it has none. */
    static String rewrite(String template) {
        if (!template.contains("raw")) {
            return template;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int n = template.length();
        Matcher open = OPEN.matcher(template);
        Matcher verbatim = VERBATIM.matcher(template);
        while (i < n) {
            int j = template.indexOf('{', i);
            if (j < 0 || j + 1 >= n) {
                break;
            }
            char c = template.charAt(j + 1);
            if (c == '{' || c == '#') {
                int end = template.indexOf(c == '{' ? "}}" : "#}", j + 2);
                if (end < 0) {
                    break;
                }
                i = end + 2;
            } else if (c == '%') {
                open.region(j, n);
                verbatim.region(j, n);
                if (open.lookingAt()) {
                    Matcher close = CLOSE.matcher(template);
                    if (!close.find(open.end())) {
                        throw new TemplateRenderException(Kind.SYNTAX, line(template, j), "Template syntax error: "
                                + "{% raw %} at line " + line(template, j) + " has no {% endraw %}");
                    }
                    String content = template.substring(open.end(), close.start());
                    if (content.contains("endverbatim")) {
                        throw new TemplateRenderException(Kind.SYNTAX, line(template, j), "Template syntax error: "
                                + "the {% raw %} block at line " + line(template, j)
                                + " contains 'endverbatim', which Cascade cannot keep raw");
                    }
                    if (out == null) {
                        out = new StringBuilder(n + 16);
                    }
                    out.append(template, copied, j)
                            .append("{%").append(open.group(1)).append(" verbatim ").append(open.group(2)).append("%}")
                            .append(content)
                            .append("{%").append(close.group(1)).append(" endverbatim ").append(close.group(2)).append("%}");
                    copied = close.end();
                    i = close.end();
                } else if (verbatim.lookingAt()) {
                    Matcher end = END_VERBATIM.matcher(template);
                    i = end.find(verbatim.end()) ? end.end() : n;
                } else {
                    int end = template.indexOf("%}", j + 2);
                    if (end < 0) {
                        break;
                    }
                    i = end + 2;
                }
            } else {
                i = j + 1;
            }
        }
        if (out == null) {
            return template;
        }
        return out.append(template, copied, n).toString();
    }

    private static int line(String s, int index) {
        int line = 1;
        for (int k = 0; k < index; k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }
}
