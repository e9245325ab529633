package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;

/**
 * {@code $lookup} in its equality form: for each document, the documents of another collection of
 * the same store whose {@code foreignField} equals the document's {@code localField} (or one of
 * its elements), found through that collection's find with an {@code $in} filter, so that an index
 * on the foreign field is used. Thread-safe.
 */
final class Lookup {

    private Lookup() {
    }

    static Stage compile(Map<?, ?> spec, String at) {
        if (spec.containsKey("pipeline") || spec.containsKey("let")) {
            throw new InvalidQueryException(at + ": the 'let'/'pipeline' form of $lookup is not supported; use"
                    + " from, localField, foreignField and as");
        }
        Map<String, Object> options = ExpressionCompiler.options(spec, at, Set.of("from", "localField",
                "foreignField", "as"), Set.of("from", "localField", "foreignField", "as"));
        String from = name(options, "from", at);
        String localField = name(options, "localField", at);
        String foreignField = name(options, "foreignField", at);
        String as = name(options, "as", at);
        String[] localSegments = localField.split("\\.", -1);
        String[] asSegments = as.split("\\.", -1);
        return (input, context) -> input.map(document -> {
            Object local = FieldPaths.get(document, localSegments, 0);
            List<Object> values = new ArrayList<>();
            if (local instanceof List<?> list) {
                values.addAll(list);
            } else {
                values.add(local == Values.MISSING ? null : local);
            }
            List<Object> matches = new ArrayList<>();
            if (!values.isEmpty()) {
                Filter filter = Filter.of(Map.of(foreignField, Map.of("$in", values)));
                try (Stream<Document> found = context.source.find(from, filter, Sort.unsorted(), 0, 0)) {
                    found.forEach(matches::add);
                }
            }
            Document copy = new Document(document);
            FieldPaths.set(copy, asSegments, matches);
            return copy;
        });
    }

    private static String name(Map<String, Object> options, String option, String at) {
        if (!(options.get(option) instanceof String s) || s.isEmpty() || s.startsWith("$")) {
            throw new InvalidQueryException(at + ": '" + option + "' must be a non-empty name not starting with '$'");
        }
        return s;
    }
}
