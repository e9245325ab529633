package io.tetherdb.internal.aggregate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;

/**
 * {@code $lookup} in its equality form: for each document, the documents of another collection of
 * the same store whose {@code foreignField} equals the document's {@code localField} (or one of
 * its elements), found through that collection's find with an {@code $in} filter over a batch of
 * documents at a time, so that an index on the foreign field is used and a find is made per batch
 * rather than per document. Thread-safe.
 */
final class Lookup {

    /** Documents joined with one find of the foreign collection. */
    private static final int BATCH = 256;

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
        String[] foreignSegments = foreignField.split("\\.", -1);
        String[] asSegments = as.split("\\.", -1);
        return (input, context) -> {
            Iterator<Document> documents = input.iterator();
            Iterator<Document> joined = new Iterator<>() {
                private final ArrayDeque<Document> ready = new ArrayDeque<>();

                @Override
                public boolean hasNext() {
                    if (ready.isEmpty() && documents.hasNext()) {
                        List<Document> batch = new ArrayList<>(BATCH);
                        while (batch.size() < BATCH && documents.hasNext()) {
                            batch.add(documents.next());
                        }
                        ready.addAll(join(batch, context, from, foreignField, localSegments, foreignSegments,
                                asSegments));
                    }
                    return !ready.isEmpty();
                }

                @Override
                public Document next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.poll();
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(joined, Spliterator.ORDERED), false)
                    .onClose(input::close);
        };
    }

    /**
     * Joins a batch of documents with one find: the foreign documents whose field is {@code $in}
     * every local value of the batch, each then given to the documents whose local value equals
     * its field (or one of its elements), in the find's order.
     */
    private static List<Document> join(List<Document> batch, RunContext context, String from, String foreignField,
            String[] localSegments, String[] foreignSegments, String[] asSegments) {
        List<List<Object>> localValues = new ArrayList<>(batch.size());
        Set<Values.Key> distinct = new LinkedHashSet<>();
        for (Document document : batch) {
            Object local = FieldPaths.get(document, localSegments, 0);
            List<Object> values = new ArrayList<>();
            if (local instanceof List<?> list) {
                values.addAll(list);
            } else {
                values.add(local == Values.MISSING ? null : local);
            }
            localValues.add(values);
            for (Object value : values) {
                distinct.add(new Values.Key(value));
            }
        }
        List<Document> foreign = new ArrayList<>();
        Map<Values.Key, List<Integer>> byKey = new HashMap<>();
        if (!distinct.isEmpty()) {
            List<Object> keys = new ArrayList<>(distinct.size());
            distinct.forEach(key -> keys.add(key.value));
            Filter filter = Filter.of(Map.of(foreignField, Map.of("$in", keys)));
            try (Stream<Document> found = context.source.find(from, filter, Sort.unsorted(), 0, 0, Projection.all())) {
                found.forEach(foreign::add);
            }
            for (int i = 0; i < foreign.size(); i++) {
                Object value = FieldPaths.get(foreign.get(i), foreignSegments, 0);
                Set<Values.Key> own = new LinkedHashSet<>();
                own.add(new Values.Key(value == Values.MISSING ? null : value));
                if (value instanceof List<?> list) {
                    for (Object element : list) {
                        own.add(new Values.Key(element));
                    }
                }
                for (Values.Key key : own) {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                }
            }
        }
        List<Document> results = new ArrayList<>(batch.size());
        for (int d = 0; d < batch.size(); d++) {
            TreeSet<Integer> matched = new TreeSet<>();
            for (Object value : localValues.get(d)) {
                List<Integer> hits = byKey.get(new Values.Key(value));
                if (hits != null) {
                    matched.addAll(hits);
                }
            }
            List<Object> matches = new ArrayList<>(matched.size());
            for (int index : matched) {
                matches.add(foreign.get(index));
            }
            Document copy = new Document(batch.get(d));
            FieldPaths.set(copy, asSegments, matches);
            results.add(copy);
        }
        return results;
    }

    private static String name(Map<String, Object> options, String option, String at) {
        if (!(options.get(option) instanceof String s) || s.isEmpty() || s.startsWith("$")) {
            throw new InvalidQueryException(at + ": '" + option + "' must be a non-empty name not starting with '$'");
        }
        return s;
    }
}
