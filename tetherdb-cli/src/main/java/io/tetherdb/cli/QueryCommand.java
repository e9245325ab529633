package io.tetherdb.cli;

import java.io.PrintWriter;
import java.util.stream.Stream;

import io.tetherdb.Explanation;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tetherdb query FILE COLLECTION [FILTER]}: prints the matching documents as Extended
 * JSON, or how the query runs. Opens the store read-only. Not thread-safe.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Prints the documents of a collection that match a filter, as Extended JSON: indented on a"
                + " terminal, one document per line otherwise (or with --jsonl). Opens the store read-only.",
            "The filter, sort and projection are MongoDB-style JSON; single quotes and bare field names are allowed,"
                + " and Extended JSON values such as {$date: '2024-01-01T00:00:00Z'} or {$numberLong: '5'} too."})
class QueryCommand extends StoreCommand {

    @Parameters(index = "1", paramLabel = "COLLECTION", description = "The collection to query.")
    String collection;

    @Parameters(index = "2", paramLabel = "FILTER", arity = "0..1", defaultValue = "{}",
            description = "The filter, such as \"{age: {\\$gte: 18}}\"; default: every document.")
    String filter;

    @Option(names = "--sort", paramLabel = "SPEC", description = "Sort order, such as \"{age: -1, name: 1}\".")
    String sort;

    @Option(names = "--skip", paramLabel = "N", description = "Documents to skip.")
    Long skip;

    @Option(names = "--limit", paramLabel = "N", description = "Most documents to print.")
    Long limit;

    @Option(names = "--projection", paramLabel = "SPEC", description = "Fields to include or exclude, such as"
            + " \"{name: 1, _id: 0}\".")
    String projection;

    @Option(names = "--explain", description = "Print how the query ran (index used, keys and documents examined)"
            + " instead of the documents.")
    boolean explain;

    @Option(names = "--jsonl", description = "One document per line, even on a terminal.")
    boolean jsonLines;

    @Option(names = "--pretty", description = "Indented documents, even when the output is no terminal.")
    boolean pretty;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "relaxed", converter = Modes.class,
            description = "Extended JSON mode: canonical or relaxed (default).")
    ExtendedJson.Mode mode;

    @Override
    int run() {
        if (jsonLines && pretty) {
            throw CliFailure.usage("--jsonl and --pretty exclude each other");
        }
        Document parsedFilter = FilterText.parse(filter);
        try (TetherDB db = openReadOnly()) {
            TetherCollection source = existingCollection(db, collection);
            var find = parsedFilter != null ? source.find(parsedFilter) : source.find(filter);
            if (sort != null) {
                find = find.sort(sort);
            }
            if (skip != null) {
                find = find.skip(skip);
            }
            if (limit != null) {
                find = find.limit(limit);
            }
            if (projection != null) {
                find = find.projection(projection);
            }
            PrintWriter out = out();
            boolean indent = pretty || (!jsonLines && System.console() != null);
            if (explain) {
                Document plan = plan(find.explain());
                out.println(indent ? ExtendedJson.writePretty(plan, mode) : ExtendedJson.write(plan, mode));
                return ExitCodes.OK;
            }
            try (Stream<Document> documents = find.stream()) {
                long[] written = {0};
                documents.forEach(d -> {
                    out.println(indent ? ExtendedJson.writePretty(d, mode) : ExtendedJson.write(d, mode));
                    checkStandardOutput(++written[0], false);
                });
                checkStandardOutput(written[0], true);
            }
        }
        return ExitCodes.OK;
    }

    /** @return how a query ran, as a document to print */
    static Document plan(Explanation explanation) {
        return new Document("stage", explanation.stage()).append("index", explanation.index())
                .append("bounds", explanation.bounds()).append("inMemorySort", explanation.inMemorySort())
                .append("keysExamined", explanation.keysExamined())
                .append("documentsExamined", explanation.documentsExamined())
                .append("returned", explanation.returned());
    }
}
