package dev.cascade.internal.template;

import io.pebbletemplates.pebble.lexer.Token;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.parser.Parser;
import io.pebbletemplates.pebble.tokenParser.TokenParser;

/** Stands in for a removed tag and refuses it with a message saying why. Thread-safe; not API. */
final class RefusingTokenParser implements TokenParser {
    private final String tag;

    RefusingTokenParser(String tag) {
        this.tag = tag;
    }

    @Override
    public String getTag() {
        return tag;
    }

    @Override
    public RenderableNode parse(Token token, Parser parser) {
        throw new RefusedConstructException("Tag '{% " + tag + " %}' is not allowed in Cascade templates: tags that "
                + "read files or other templates, cache, run in parallel, flush or change escaping are removed",
                token.getLineNumber(), parser.getStream().getFilename());
    }
}
