package io.tetherdb.cli;

import java.util.Locale;

import io.tetherdb.document.ExtendedJson;
import picocli.CommandLine;

/** Reads {@code --mode canonical|relaxed}. Stateless. */
final class Modes implements CommandLine.ITypeConverter<ExtendedJson.Mode> {

    @Override
    public ExtendedJson.Mode convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "canonical" -> ExtendedJson.Mode.CANONICAL;
            case "relaxed" -> ExtendedJson.Mode.RELAXED;
            default -> throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a mode: use canonical or relaxed");
        };
    }
}
