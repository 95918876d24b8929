package dev.cascade.cli;

import dev.cascade.spi.Revision;
import picocli.CommandLine;

import java.util.Locale;

/** {@code --resource variables|plugin-defaults|properties}. */
final class ResourceOption implements CommandLine.ITypeConverter<Revision.Resource> {
    @Override
    public Revision.Resource convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "variables" -> Revision.Resource.VARIABLES;
            case "plugin-defaults", "task-defaults" -> Revision.Resource.PLUGIN_DEFAULTS;
            case "properties" -> Revision.Resource.PROPERTIES;
            default -> throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a resource; use variables, plugin-defaults or properties");
        };
    }
}
