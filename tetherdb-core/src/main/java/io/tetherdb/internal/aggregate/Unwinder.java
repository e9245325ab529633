package io.tetherdb.internal.aggregate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.query.InvalidQueryException;

/**
 * {@code $unwind}: one output document per element of an array field, with
 * {@code includeArrayIndex} and {@code preserveNullAndEmptyArrays}; a field that is not an array
 * (and not null, missing or empty) passes as one document, as in MongoDB 3.2 and later.
 * Thread-safe.
 */
final class Unwinder {

    private Unwinder() {
    }

    static Stage compile(Object spec, String at) {
        String path;
        String indexField = null;
        boolean preserve = false;
        if (spec instanceof String s) {
            path = s;
        } else {
            Map<String, Object> options = ExpressionCompiler.options(spec, at,
                    Set.of("path", "includeArrayIndex", "preserveNullAndEmptyArrays"), Set.of("path"));
            if (!(options.get("path") instanceof String s)) {
                throw new InvalidQueryException(at + ": 'path' must be a string such as '$sizes'");
            }
            path = s;
            if (options.containsKey("includeArrayIndex")) {
                if (!(options.get("includeArrayIndex") instanceof String index) || index.isEmpty()
                        || index.startsWith("$")) {
                    throw new InvalidQueryException(at + ": 'includeArrayIndex' must be a field name not starting"
                            + " with '$'");
                }
                indexField = index;
            }
            if (options.containsKey("preserveNullAndEmptyArrays")) {
                if (!(options.get("preserveNullAndEmptyArrays") instanceof Boolean b)) {
                    throw new InvalidQueryException(at + ": 'preserveNullAndEmptyArrays' must be a boolean");
                }
                preserve = b;
            }
        }
        if (!path.startsWith("$") || path.length() < 2 || path.startsWith("$$")) {
            throw new InvalidQueryException(at + ": the path must be a field path prefixed by '$', such as '$sizes',"
                    + " but was '" + path + "'");
        }
        String[] segments = path.substring(1).split("\\.", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.startsWith("$")) {
                throw new InvalidQueryException(at + ": invalid field path '" + path + "'");
            }
        }
        String[] indexSegments = indexField == null ? null : indexField.split("\\.", -1);
        boolean keep = preserve;
        return (input, context) -> input.flatMap(document -> unwind(document, segments, indexSegments, keep));
    }

    private static Stream<Document> unwind(Document document, String[] segments, String[] indexSegments,
            boolean preserve) {
        Object value = FieldPaths.get(document, segments, 0);
        if (value instanceof List<?> list && !list.isEmpty()) {
            return java.util.stream.IntStream.range(0, list.size()).mapToObj(i -> {
                Document copy = new Document(document);
                FieldPaths.set(copy, segments, list.get(i));
                if (indexSegments != null) {
                    FieldPaths.set(copy, indexSegments, (long) i);
                }
                return copy;
            });
        }
        boolean empty = Values.isNullish(value) || value instanceof List;
        if (empty && !preserve) {
            return Stream.empty();
        }
        boolean emptyArray = value instanceof List;
        if (indexSegments == null && !emptyArray) {
            return Stream.of(document);
        }
        Document copy = new Document(document);
        if (emptyArray) {
            // as MongoDB's manual shows: a preserved empty array leaves no field behind
            FieldPaths.set(copy, segments, Values.MISSING);
        }
        if (indexSegments != null) {
            FieldPaths.set(copy, indexSegments, null);
        }
        return Stream.of(copy);
    }
}
