package io.tetherdb.internal.aggregate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;

/**
 * {@code $lookup}: for each document, documents of another collection of the same store. In the
 * equality form, those whose {@code foreignField} equals the document's {@code localField} (or one
 * of its elements), found with one {@code $in} find per batch of documents, so that an index on the
 * foreign field is used and a find is made per batch rather than per document. With a
 * {@code pipeline}, the documents that pipeline gives, run with the {@code let} variables bound to
 * the document's values: over the equality matches when both are given (MongoDB 5.0's concise
 * form), else over the foreign collection, where an {@code $expr} equality of a field and a
 * variable in the pipeline's leading {@code $match} becomes part of the find so that an index is
 * used; a pipeline without variables runs once per run. Immutable and thread-safe.
 */
final class Lookup {

    /**
     * Documents joined with one find of the foreign collection: fewer finds for more, but the find
     * checks each foreign document against the batch's {@code $in} list one value at a time.
     */
    private static final int BATCH = 128;

    private final String from;
    private final String foreignField;
    /** Null when there is no equality (the pipeline-only form). */
    private final String[] localSegments;
    private final String[] foreignSegments;
    private final String[] asSegments;
    private final Map<String, Expression> let;
    /** Null without a pipeline. */
    private final CompiledPipeline pipeline;
    private final List<PipelineCompiler.Compiled> stages;
    /** (field, variable) pairs of the leading $match's $expr equalities, for the pipeline-only form. */
    private final List<String[]> equalities;

    private Lookup(String from, String localField, String foreignField, String as, Map<String, Expression> let,
            CompiledPipeline pipeline, List<PipelineCompiler.Compiled> stages, List<String[]> equalities) {
        this.from = from;
        this.foreignField = foreignField;
        this.localSegments = localField == null ? null : localField.split("\\.", -1);
        this.foreignSegments = foreignField == null ? null : foreignField.split("\\.", -1);
        this.asSegments = as.split("\\.", -1);
        this.let = let;
        this.pipeline = pipeline;
        this.stages = stages;
        this.equalities = equalities;
    }

    static Stage compile(Map<?, ?> spec, String at, Set<String> scope) {
        Map<String, Object> options = ExpressionCompiler.options(spec, at, Set.of("from", "localField",
                "foreignField", "as", "let", "pipeline"), Set.of("from", "as"));
        String from = name(options, "from", at);
        String as = name(options, "as", at);
        boolean equality = options.containsKey("localField") || options.containsKey("foreignField");
        if (equality && !(options.containsKey("localField") && options.containsKey("foreignField"))) {
            throw new InvalidQueryException(at + ": missing '" + (options.containsKey("localField") ? "foreignField"
                    : "localField") + "': 'localField' and 'foreignField' are given together");
        }
        if (!equality && !options.containsKey("pipeline")) {
            throw new InvalidQueryException(at + " takes either 'localField' and 'foreignField', or a 'pipeline',"
                    + " or all three");
        }
        if (options.containsKey("let") && !options.containsKey("pipeline")) {
            throw new InvalidQueryException(at + ": 'let' needs a 'pipeline' to use its variables");
        }
        Map<String, Expression> let = new LinkedHashMap<>();
        if (options.containsKey("let")) {
            if (!(options.get("let") instanceof Map<?, ?> variables)) {
                throw new InvalidQueryException(at + ": 'let' must be an object of variables, such as"
                        + " {orderItem: '$item'}, but was " + Values.typeName(options.get("let")));
            }
            for (Map.Entry<?, ?> variable : variables.entrySet()) {
                String name = ExpressionCompiler.checkVariableName(String.valueOf(variable.getKey()), at + " let");
                let.put(name, ExpressionCompiler.compile(variable.getValue(), scope, at + " let variable '" + name
                        + "'"));
            }
        }
        CompiledPipeline pipeline = null;
        List<PipelineCompiler.Compiled> stages = null;
        List<String[]> equalities = List.of();
        if (options.containsKey("pipeline")) {
            if (!(options.get("pipeline") instanceof List<?> list)) {
                throw new InvalidQueryException(at + ": 'pipeline' must be an array of stages, but was "
                        + Values.typeName(options.get("pipeline")));
            }
            Set<String> inner = new HashSet<>(scope);
            inner.addAll(let.keySet());
            stages = PipelineCompiler.compile(list, "$lookup pipeline", "$lookup", inner);
            pipeline = CompiledPipeline.of(list, stages, inner);
            if (!stages.isEmpty() && stages.get(0).kind() == StageKind.MATCH) {
                equalities = equalities(MatchStage.compile(stages.get(0).spec(), stages.get(0).at(), inner),
                        let.keySet());
            }
        }
        Lookup lookup = new Lookup(from, equality ? name(options, "localField", at) : null,
                equality ? name(options, "foreignField", at) : null, as, Map.copyOf(let), pipeline, stages,
                equalities);
        return lookup::apply;
    }

    /**
     * @return the pairs (field, variable) of the match's top-level {@code $expr: {$eq: ['$field',
     *         '$$variable']}} (either way round, or inside {@code $and}) where the field is top-level:
     *         a find for {@code {field: value}} gives every document such an equality can match
     */
    private static List<String[]> equalities(MatchStage match, Set<String> variables) {
        List<String[]> pairs = new ArrayList<>();
        for (Object expression : match.topLevelExpressions) {
            collectEqualities(expression, variables, pairs);
        }
        return List.copyOf(pairs);
    }

    private static void collectEqualities(Object expression, Set<String> variables, List<String[]> pairs) {
        if (!(expression instanceof Map<?, ?> map) || map.size() != 1) {
            return;
        }
        Object operand = map.values().iterator().next();
        if (map.containsKey("$and") && operand instanceof List<?> clauses) {
            for (Object clause : clauses) {
                collectEqualities(clause, variables, pairs);
            }
        } else if (map.containsKey("$eq") && operand instanceof List<?> sides && sides.size() == 2
                && sides.get(0) instanceof String a && sides.get(1) instanceof String b) {
            String field = isField(a) ? a : isField(b) ? b : null;
            String variable = isVariable(a, variables) ? a : isVariable(b, variables) ? b : null;
            if (field != null && variable != null) {
                pairs.add(new String[] {field.substring(1), variable.substring(2)});
            }
        }
    }

    private static boolean isField(String text) {
        return text.startsWith("$") && !text.startsWith("$$") && text.length() > 1 && !text.contains(".");
    }

    private static boolean isVariable(String text, Set<String> variables) {
        return text.startsWith("$$") && variables.contains(text.substring(2));
    }

    private Stream<Document> apply(Stream<Document> input, RunContext context) {
        Iterator<Document> documents = input.iterator();
        Iterator<Document> joined = new Iterator<>() {
            private final ArrayDeque<Document> ready = new ArrayDeque<>();
            /** The pipeline's output when it uses no variables: the same for every document. */
            private List<Object> uncorrelated;

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && documents.hasNext()) {
                    if (localSegments == null) {
                        Document document = documents.next();
                        List<Object> found;
                        if (let.isEmpty()) {
                            if (uncorrelated == null) {
                                uncorrelated = run(pipeline.open(from, context.withVariables(Map.of())));
                            }
                            found = uncorrelated;
                        } else {
                            found = correlated(document, context);
                        }
                        ready.add(with(document, found));
                    } else {
                        List<Document> batch = new ArrayList<>(BATCH);
                        while (batch.size() < BATCH && documents.hasNext()) {
                            batch.add(documents.next());
                        }
                        join(batch, context);
                    }
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

            /** Joins a batch by equality, each document's matches then run through the pipeline if any. */
            private void join(List<Document> batch, RunContext context) {
                List<List<Object>> matches = matches(batch, context);
                for (int d = 0; d < batch.size(); d++) {
                    Document document = batch.get(d);
                    List<Object> found = matches.get(d);
                    if (pipeline != null) {
                        List<Document> input = new ArrayList<>(found.size());
                        found.forEach(match -> input.add((Document) match));
                        found = run(PipelineCompiler.run(stages, input.stream(), bound(document, context)));
                    }
                    ready.add(with(document, found));
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(joined, Spliterator.ORDERED), false)
                .onClose(input::close);
    }

    private Document with(Document document, List<Object> found) {
        Document copy = new Document(document);
        FieldPaths.set(copy, asSegments, found);
        return copy;
    }

    private static List<Object> run(Stream<Document> results) {
        try (results) {
            List<Object> list = new ArrayList<>();
            results.forEachOrdered(list::add);
            return list;
        }
    }

    /** @return the context of the pipeline for one document: the run's, with the let variables bound */
    private RunContext bound(Document document, RunContext context) {
        if (let.isEmpty()) {
            return context.withVariables(Map.of());
        }
        Variables variables = context.variables(document);
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, Expression> variable : let.entrySet()) {
            values.put(variable.getKey(), variable.getValue().evaluate(variables));
        }
        return context.withVariables(values);
    }

    /** The pipeline over the foreign collection, for one document, through an index where it can. */
    private List<Object> correlated(Document document, RunContext context) {
        RunContext bound = bound(document, context);
        Filter also = Filter.all();
        for (String[] pair : equalities) {
            Object value = bound.variables(document).get(pair[1]);
            // the $expr itself still runs after the find: a missing value finds nulls and missing fields
            Filter equal = Filters.eq(pair[0], value == Values.MISSING ? null : value);
            also = also.matchesAll() ? equal : Filters.and(also, equal);
        }
        return run(pipeline.open(from, bound, also));
    }

    /**
     * Finds the equality matches of a batch with one find: the foreign documents whose field is
     * {@code $in} every local value of the batch, each then given to the documents whose local value
     * equals its field (or one of its elements), in the find's order.
     *
     * @return per document of the batch, its matches
     */
    private List<List<Object>> matches(List<Document> batch, RunContext context) {
        List<Object> localValues = new ArrayList<>(batch.size());
        Set<Values.Key> distinct = new LinkedHashSet<>();
        for (Document document : batch) {
            Object local = FieldPaths.get(document, localSegments, 0);
            if (local instanceof List<?> list) {
                List<Values.Key> keys = new ArrayList<>(list.size());
                for (Object element : list) {
                    keys.add(new Values.Key(element));
                }
                distinct.addAll(keys);
                localValues.add(keys);
            } else {
                Values.Key key = new Values.Key(local == Values.MISSING ? null : local);
                distinct.add(key);
                localValues.add(key);
            }
        }
        List<Document> foreign = new ArrayList<>();
        Map<Values.Key, List<Integer>> byKey = new HashMap<>();
        if (!distinct.isEmpty()) {
            List<Object> keys = new ArrayList<>(distinct.size());
            distinct.forEach(key -> keys.add(key.value));
            Filter filter = Filters.in(foreignField, keys);
            // a batch is point lookups on the index: no count of its keys to choose a scan instead
            try (Stream<Document> found = context.source.findByIndex(from, filter, Sort.unsorted(), Projection.all())) {
                found.forEachOrdered(foreign::add);
            }
            for (int i = 0; i < foreign.size(); i++) {
                Object value = FieldPaths.get(foreign.get(i), foreignSegments, 0);
                Values.Key whole = new Values.Key(value == Values.MISSING ? null : value);
                byKey.computeIfAbsent(whole, k -> new ArrayList<>()).add(i);
                if (value instanceof List<?> list) {
                    Set<Values.Key> elements = new HashSet<>();
                    for (Object element : list) {
                        Values.Key key = new Values.Key(element);
                        if (!key.equals(whole) && elements.add(key)) {
                            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                        }
                    }
                }
            }
        }
        List<List<Object>> results = new ArrayList<>(batch.size());
        for (Object local : localValues) {
            List<Integer> hits;
            if (local instanceof Values.Key key) {
                hits = byKey.getOrDefault(key, List.of());
            } else {
                // several local values may find one foreign document more than once
                Set<Integer> all = new java.util.TreeSet<>();
                for (Object key : (List<?>) local) {
                    all.addAll(byKey.getOrDefault(key, List.of()));
                }
                hits = new ArrayList<>(all);
            }
            List<Object> found = new ArrayList<>(hits.size());
            for (int index : hits) {
                found.add(foreign.get(index));
            }
            results.add(found);
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
