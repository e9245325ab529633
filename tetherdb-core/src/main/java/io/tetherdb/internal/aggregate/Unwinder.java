package io.tetherdb.internal.aggregate;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import io.tetherdb.document.Document;
import io.tetherdb.query.InvalidQueryException;

/**
 * {@code $unwind}: one output document per element of an array field, with
 * {@code includeArrayIndex} and {@code preserveNullAndEmptyArrays}; a field that is not an array
 * (and not null, missing or empty) passes as one document, as in MongoDB 3.2 and later.
 * Immutable and thread-safe.
 */
final class Unwinder {

    private final String[] segments;
    /** The path of {@code includeArrayIndex}, or null. */
    private final String[] indexSegments;
    private final boolean preserve;

    private Unwinder(String[] segments, String[] indexSegments, boolean preserve) {
        this.segments = segments;
        this.indexSegments = indexSegments;
        this.preserve = preserve;
    }

    static Unwinder compile(Object spec, String at) {
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
        return new Unwinder(segments, indexField == null ? null : indexField.split("\\.", -1), preserve);
    }

    /** @return the stage: one document per element, each a copy of its input document */
    Stage stage() {
        return (input, context) -> {
            Iterator<Document> documents = input.iterator();
            Iterator<Document> unwound = new Iterator<>() {
                private Iterator<Document> rows = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!rows.hasNext() && documents.hasNext()) {
                        rows = rows(documents.next());
                    }
                    return rows.hasNext();
                }

                @Override
                public Document next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return rows.next();
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(unwound, Spliterator.ORDERED), false)
                    .onClose(input::close);
        };
    }

    /**
     * Passes each row a document unwinds to to the action: for the elements of a top-level array
     * without {@code includeArrayIndex}, a view that shares the document's fields and holds the
     * element in place of the array, since the stage reading it (a {@code $group}) only reads
     * fields; otherwise the rows {@link #stage()} gives.
     */
    void forEachRow(Document document, Consumer<Map<String, ?>> action) {
        if (segments.length == 1 && indexSegments == null) {
            String field = segments[0];
            Object value = document.containsKey(field) ? document.get(field) : Values.MISSING;
            if (value instanceof List<?> list && !list.isEmpty()) {
                for (Object element : list) {
                    action.accept(new UnwoundView(document, field, element));
                }
                return;
            }
        }
        rows(document).forEachRemaining(action);
    }

    private Iterator<Document> rows(Document document) {
        Object value = FieldPaths.get(document, segments, 0);
        if (value instanceof List<?> list && !list.isEmpty()) {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < list.size();
                }

                @Override
                public Document next() {
                    if (i >= list.size()) {
                        throw new NoSuchElementException();
                    }
                    Document copy = new Document(document);
                    FieldPaths.set(copy, segments, list.get(i));
                    if (indexSegments != null) {
                        FieldPaths.set(copy, indexSegments, (long) i);
                    }
                    i++;
                    return copy;
                }
            };
        }
        boolean empty = Values.isNullish(value) || value instanceof List;
        if (empty && !preserve) {
            return Collections.emptyIterator();
        }
        boolean emptyArray = value instanceof List;
        if (indexSegments == null && !emptyArray) {
            return List.of(document).iterator();
        }
        Document copy = new Document(document);
        if (emptyArray) {
            // as MongoDB's manual shows: a preserved empty array leaves no field behind
            FieldPaths.set(copy, segments, Values.MISSING);
        }
        if (indexSegments != null) {
            FieldPaths.set(copy, indexSegments, null);
        }
        return List.of(copy).iterator();
    }
}
