package dev.cascade.template;

import java.util.List;
import java.util.Map;

/** A template extension discovered through ServiceLoader in the tests (name "greeting"). */
public final class GreetingExtension implements TemplateExtension {
    @Override
    public String name() {
        return "greeting";
    }

    @Override
    public Map<String, TemplateFunction> functions() {
        return Map.of("greet", TemplateFunction.of(List.of("who"), call -> "hello " + call.argument("who")));
    }
}
