package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;

/**
 * Compiles the stages of a pipeline, checking each one's shape and every expression and
 * accumulator in it, into {@link Stage}s. Stateless and thread-safe.
 */
final class PipelineCompiler {

    private PipelineCompiler() {
    }

    /** A stage as written and as compiled. */
    record Compiled(StageKind kind, Object spec, Stage stage, String at) {
    }

    /**
     * @param stages the stages as parsed
     * @param context the pipeline's name in messages, such as {@code "pipeline"}
     * @param nestedIn {@code null} for a top-level pipeline, else the stage it is nested in
     *        ({@code "$facet"} or {@code "$lookup"})
     * @param scope the variables (besides {@code ROOT} and {@code CURRENT}) its expressions may use
     */
    static List<Compiled> compile(List<?> stages, String context, String nestedIn, Set<String> scope) {
        List<Compiled> compiled = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Object stage = stages.get(i);
            String position = "stage " + i + " of the " + context;
            if (!(stage instanceof Map<?, ?> map) || map.size() != 1) {
                throw new InvalidQueryException("A pipeline stage must be an object with exactly one field, such as"
                        + " {$match: {...}}, but " + position + " is " + describe(stage));
            }
            String keyword = String.valueOf(map.keySet().iterator().next());
            StageKind kind = StageKind.forKeyword(keyword).orElseThrow(() -> new InvalidQueryException(
                    "Unsupported stage '" + keyword + "' at " + position));
            String at = keyword + " (" + position + ")";
            if (kind.writes() && i != stages.size() - 1) {
                throw new InvalidQueryException(at + " must be the last stage of the pipeline");
            }
            if (nestedIn != null && (kind.writes() || kind == StageKind.FACET && nestedIn.equals("$facet"))) {
                throw new InvalidQueryException(at + " is not allowed inside " + nestedIn);
            }
            Object spec = map.get(keyword);
            compiled.add(new Compiled(kind, spec, compile(kind, spec, at, scope), at));
        }
        return compiled;
    }

    private static String describe(Object value) {
        return value instanceof Map || value instanceof List ? io.tetherdb.document.Json.write(value)
                : Values.typeName(value) + " " + value;
    }

    @SuppressWarnings("unchecked")
    static Filter filter(Object spec, String at) {
        if (!(spec instanceof Map<?, ?> map)) {
            throw new InvalidQueryException(at + " takes a filter object but was given " + Values.typeName(spec));
        }
        try {
            return Filter.of((Map<String, ?>) map);
        } catch (InvalidQueryException e) {
            throw new InvalidQueryException("Invalid filter in " + at + ": " + e.getMessage(), e);
        }
    }

    static Sort sort(Object spec, String at) {
        if (!(spec instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new InvalidQueryException(at + " takes an object naming at least one field, such as {age: -1}");
        }
        return GroupSpec.parseSort(map, at);
    }

    static long count(Object spec, String at, boolean positive) {
        if (!Values.isNumber(spec) || ((Number) spec).doubleValue() != Math.rint(((Number) spec).doubleValue())) {
            throw new InvalidQueryException(at + " takes an integer but was given " + describe(spec));
        }
        long n = ((Number) spec).longValue();
        if (n < 0 || positive && n == 0) {
            throw new InvalidQueryException(at + " takes a " + (positive ? "positive" : "non-negative")
                    + " integer but was given " + n);
        }
        return n;
    }

    private static Map<?, ?> object(Object spec, String at) {
        if (!(spec instanceof Map<?, ?> map)) {
            throw new InvalidQueryException(at + " takes an object but was given " + describe(spec));
        }
        return map;
    }

    private static Stage map(BiFunction<Document, RunContext, Document> operator) {
        return (input, context) -> input.map(document -> operator.apply(document, context));
    }

    private static Stage compile(StageKind kind, Object spec, String at, Set<String> scope) {
        switch (kind) {
            case MATCH:
                return MatchStage.compile(spec, at, scope).stage();
            case PROJECT:
                return map(Projector.project(object(spec, at), at, scope));
            case ADD_FIELDS:
            case SET:
                return map(Projector.addFields(object(spec, at), at, scope));
            case UNSET:
                return map(Projector.unset(spec instanceof List<?> list ? list : Collections.singletonList(spec), at));
            case SORT: {
                Sort sort = sort(spec, at);
                return sortStage(sort, 0, at);
            }
            case SKIP: {
                long n = count(spec, at, false);
                return (input, context) -> input.skip(n);
            }
            case LIMIT: {
                long n = count(spec, at, true);
                return (input, context) -> input.limit(n);
            }
            case GROUP:
                return group(object(spec, at), at, scope);
            case COUNT: {
                if (!(spec instanceof String name) || name.isEmpty() || name.startsWith("$") || name.contains(".")
                        || name.equals(Document.ID)) {
                    throw new InvalidQueryException(at + " takes a field name that is not empty, not _id, does not"
                            + " start with '$' and holds no '.', but was given " + describe(spec));
                }
                return (input, context) -> Stage.blocking(input, documents -> {
                    long n = 0;
                    while (documents.hasNext()) {
                        documents.next();
                        n++;
                    }
                    return n == 0 ? Collections.emptyIterator()
                            : List.of(new Document(name, Values.integral(n, 0))).iterator();
                });
            }
            case UNWIND:
                return Unwinder.compile(spec, at).stage();
            case SORT_BY_COUNT: {
                if (spec instanceof Map<?, ?> map && (map.isEmpty()
                        || !String.valueOf(map.keySet().iterator().next()).startsWith("$"))) {
                    throw new InvalidQueryException(at + " takes an expression such as '$field' or an operator"
                            + " object");
                }
                if (!(spec instanceof Map) && !(spec instanceof String s && s.startsWith("$"))) {
                    throw new InvalidQueryException(at + " takes an expression such as '$field' but was given "
                            + describe(spec));
                }
                Map<String, Object> groupSpec = new LinkedHashMap<>();
                groupSpec.put(Document.ID, spec);
                groupSpec.put("count", Map.of("$sum", 1));
                Stage group = group(groupSpec, at, scope);
                Stage sort = sortStage(Sort.descending("count"), 0, at);
                return (input, context) -> sort.apply(group.apply(input, context), context);
            }
            case BUCKET:
                return Buckets.bucket(object(spec, at), at, scope);
            case BUCKET_AUTO:
                return Buckets.bucketAuto(object(spec, at), at, scope);
            case FACET:
                return facet(object(spec, at), at, scope);
            case REPLACE_ROOT: {
                Map<String, Object> options = ExpressionCompiler.options(spec, at, Set.of("newRoot"), Set.of("newRoot"));
                return replaceRoot(ExpressionCompiler.compile(options.get("newRoot"), scope, at), at);
            }
            case REPLACE_WITH:
                return replaceRoot(ExpressionCompiler.compile(spec, scope, at), at);
            case SAMPLE: {
                Map<String, Object> options = ExpressionCompiler.options(spec, at, Set.of("size"), Set.of("size"));
                long size = count(options.get("size"), at + " size", false);
                return sample(size, at);
            }
            case LOOKUP:
                return Lookup.compile(object(spec, at), at, scope);
            case OUT:
            case MERGE:
                return Output.compile(kind, spec, at);
            default:
                throw new IllegalStateException("Unhandled stage " + kind);
        }
    }

    static Stage sortStage(Sort sort, long limit, String at) {
        String stage = at.substring(0, at.indexOf(' ') < 0 ? at.length() : at.indexOf(' '));
        return (input, context) -> Stage.blocking(input, documents -> {
            Sorter sorter = new Sorter(sort::sortKeys, sort::compareSortKeys, context, stage, limit);
            while (documents.hasNext()) {
                context.deadline.check();
                sorter.add(documents.next());
            }
            return sorter.sorted();
        });
    }

    private static Stage group(Map<?, ?> spec, String at, Set<String> scope) {
        return GroupStage.compile(spec, at, scope).stage();
    }

    private static Stage replaceRoot(Expression newRoot, String at) {
        return map((document, context) -> {
            Object value = newRoot.evaluate(context.variables(document));
            if (!(value instanceof Map<?, ?> map)) {
                throw new InvalidQueryException(at + ": 'newRoot' must evaluate to an object, but the result was "
                        + (value == Values.MISSING ? "missing" : Values.typeName(value) + " " + value)
                        + (document.get(Document.ID) != null ? " for the document with _id " + document.get(Document.ID)
                                : ""));
            }
            return FieldPaths.copy(map);
        });
    }

    private static Stage sample(long size, String at) {
        return (input, context) -> Stage.blocking(input, documents -> {
            RunContext.Memory memory = context.memory("$sample");
            List<Document> reservoir = new ArrayList<>();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long seen = 0;
            while (documents.hasNext()) {
                context.deadline.check();
                Document document = documents.next();
                seen++;
                if (reservoir.size() < size) {
                    reservoir.add(document);
                    if (memory.add(Values.sizeOf(document))) {
                        throw new InvalidQueryException(at + ": a sample of " + size
                                + " documents does not fit within the memory limit");
                    }
                } else {
                    long slot = random.nextLong(seen);
                    if (slot < size) {
                        reservoir.set((int) slot, document);
                    }
                }
            }
            Collections.shuffle(reservoir, random);
            return reservoir.iterator();
        });
    }

    private static Stage facet(Map<?, ?> spec, String at, Set<String> scope) {
        if (spec.isEmpty()) {
            throw new InvalidQueryException(at + " requires at least one output field");
        }
        Map<String, List<Compiled>> facets = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : spec.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.isEmpty() || name.startsWith("$") || name.contains(".")) {
                throw new InvalidQueryException(at + ": invalid output field name '" + name + "'");
            }
            if (!(entry.getValue() instanceof List<?> stages)) {
                throw new InvalidQueryException(at + ": the value of '" + name + "' must be an array of stages");
            }
            facets.put(name, compile(stages, "$facet '" + name + "' pipeline", "$facet", scope));
        }
        return (input, context) -> Stage.blocking(input, documents -> {
            RunContext.Memory memory = context.memory("$facet");
            List<Document> buffered = new ArrayList<>();
            SpillFile spill = null;
            while (documents.hasNext()) {
                context.deadline.check();
                Document document = documents.next();
                if (spill != null) {
                    spill.write(document);
                    continue;
                }
                buffered.add(document);
                if (memory.add(Values.sizeOf(document))) {
                    spill = context.newSpill();
                    for (Document held : buffered) {
                        spill.write(held);
                    }
                    buffered.clear();
                    memory.release();
                }
            }
            SpillFile spilled = spill;
            Document result = new Document();
            for (Map.Entry<String, List<Compiled>> facet : facets.entrySet()) {
                Stream<Document> source = spilled == null ? buffered.stream()
                        : java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(
                                spilled.read(), java.util.Spliterator.ORDERED), false);
                try (Stream<Document> results = run(facet.getValue(), source, context)) {
                    List<Object> list = new ArrayList<>();
                    Iterator<Document> it = results.iterator();
                    while (it.hasNext()) {
                        list.add(it.next());
                    }
                    result.put(facet.getKey(), list);
                }
            }
            return List.of(result).iterator();
        });
    }

    static Stream<Document> run(List<Compiled> stages, Stream<Document> input, RunContext context) {
        Stream<Document> stream = input;
        for (Compiled stage : stages) {
            stream = stage.stage().apply(stream, context);
        }
        return stream;
    }
}
