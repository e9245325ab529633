package io.tetherdb.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJson;
import io.tetherdb.document.ExtendedJsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tetherdb export FILE --out PATH}: writes a collection's documents as Extended JSON
 * (what {@code mongoimport} reads) or CSV. Opens the store read-only. Not thread-safe.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the documents of a collection, or those matching a filter, as Extended JSON lines (what"
                + " mongoimport reads), a JSON array (mongoimport --jsonArray) or CSV. Opens the store read-only.",
            "A file is written whole or not at all: to a temporary file beside it, renamed at the end."})
class ExportCommand extends StoreCommand {

    enum Format { jsonl, json_array, csv }

    @Option(names = {"-c", "--collection"}, paramLabel = "NAME", defaultValue = TetherDB.DEFAULT_COLLECTION,
            description = "The collection (default: ${DEFAULT-VALUE}).")
    String collection;

    @Option(names = "--filter", paramLabel = "FILTER", defaultValue = "{}",
            description = "Export only the documents matching this filter.")
    String filter;

    @Option(names = {"-o", "--out"}, paramLabel = "PATH", required = true,
            description = "Where to write: a file, or - for standard output.")
    String out;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "relaxed", converter = Modes.class,
            description = "Extended JSON mode: relaxed (default; dates keep nanoseconds) or canonical (every number"
                    + " keeps its type; dates are whole milliseconds).")
    ExtendedJson.Mode mode;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", converter = Formats.class,
            description = "jsonl (default: one document per line), json-array, or csv (needs --fields).")
    Format format;

    @Option(names = "--fields", paramLabel = "a,b.c", split = ",",
            description = "The CSV columns: field names or dotted paths.")
    List<String> fields;

    @Override
    int run() {
        if (format == Format.csv && (fields == null || fields.isEmpty())) {
            throw CliFailure.usage("--format=csv needs --fields, such as --fields name,address.city");
        }
        if (format != Format.csv && fields != null) {
            throw CliFailure.usage("--fields applies only to --format=csv");
        }
        Document parsedFilter = FilterText.parse(filter);
        try (TetherDB db = openReadOnly()) {
            TetherCollection source = existingCollection(db, collection);
            if (out.equals("-")) {
                long written = export(source, parsedFilter, out());
                out().flush();
                return report(written);
            }
            Path target = Path.of(out);
            Path directory = target.toAbsolutePath().getParent();
            if (Files.isDirectory(target)) {
                throw CliFailure.usage("--out " + out + " is a directory");
            }
            if (directory == null || !Files.isDirectory(directory)) {
                throw CliFailure.usage("--out " + out + ": the directory " + directory + " does not exist");
            }
            Path temporary = directory.resolve("." + target.getFileName() + ".tetherdb-export.tmp");
            long written;
            try {
                try (Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temporary),
                        StandardCharsets.UTF_8), 1 << 16)) {
                    written = export(source, parsedFilter, writer);
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    err().println("tetherdb export: could not remove " + temporary + ": " + e);
                }
            }
            return report(written);
        }
    }

    private int report(long written) {
        if (!out.equals("-")) {
            out().printf("exported %,d document%s from '%s' to %s%n", written, written == 1 ? "" : "s", collection,
                    out);
        }
        return ExitCodes.OK;
    }

    private long export(TetherCollection source, Document parsedFilter, Writer writer) {
        var find = parsedFilter != null ? source.find(parsedFilter) : source.find(filter);
        boolean everything = parsedFilter != null && parsedFilter.isEmpty();
        long max = showProgress() ? (everything ? source.count() : find.count()) : -1;
        try (Progress progress = progress("Exporting", max, null, 1);
                Stream<Document> documents = find.stream()) {
            if (format == Format.csv) {
                CsvWriter csv = new CsvWriter(writer, fields);
                documents.forEach(d -> {
                    csv.write(d);
                    progress.step();
                    checkOutput(writer, csv.written(), false);
                });
                checkOutput(writer, csv.written(), true);
                csv.flush();
                return csv.written();
            }
            try (ExtendedJsonWriter json = new ExtendedJsonWriter(writer, mode, format == Format.json_array)) {
                documents.forEach(d -> {
                    json.write(d);
                    progress.step();
                    checkOutput(writer, json.written(), false);
                });
                checkOutput(writer, json.written(), true);
                return json.written();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkOutput(Writer writer, long written, boolean end) {
        if (writer == out()) {
            checkStandardOutput(written, end);
        }
    }

    /** Reads {@code --format}. */
    static final class Formats implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value) {
                case "jsonl" -> Format.jsonl;
                case "json-array" -> Format.json_array;
                case "csv" -> Format.csv;
                default -> throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a format: use jsonl, json-array or csv");
            };
        }
    }
}
