package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;

/**
 * A checked, compiled pipeline. Its leading {@code $match}, {@code $sort}, {@code $skip} and
 * {@code $limit} become one find through the query planner (so they use indexes); the rest run as
 * stages over the find's stream. Immutable and thread-safe: it may be run any number of times.
 */
public final class CompiledPipeline {

    private final List<Document> stages;
    private final Filter filter;
    private final Sort sort;
    private final long skip;
    private final long limit;
    private final List<PipelineCompiler.Compiled> rest;
    /** The fields the stages read, when they can be known, so that a find decodes no others. */
    private final Projection projection;

    private CompiledPipeline(List<Document> stages, Filter filter, Sort sort, long skip, long limit,
            List<PipelineCompiler.Compiled> rest) {
        this.projection = FieldUse.projection(rest);
        this.stages = stages;
        this.filter = filter;
        this.sort = sort;
        this.skip = skip;
        this.limit = limit;
        this.rest = rest;
    }

    /**
     * @param stages the stages, each a one-field document such as {@code {$match: {...}}}; not null
     * @return the compiled pipeline
     * @throws InvalidQueryException naming the stage, operator and position of the first problem
     */
    public static CompiledPipeline compile(List<? extends Map<String, ?>> stages) {
        List<PipelineCompiler.Compiled> compiled = PipelineCompiler.compile(stages, "pipeline", false);
        List<Document> copies = new ArrayList<>();
        for (Map<String, ?> stage : stages) {
            copies.add(FieldPaths.deepCopy(stage));
        }
        Filter filter = Filter.all();
        Sort sort = Sort.unsorted();
        long skip = 0;
        long limit = 0;
        int i = 0;
        if (i < compiled.size() && compiled.get(i).kind() == StageKind.MATCH) {
            filter = PipelineCompiler.filter(compiled.get(i).spec(), compiled.get(i).at());
            i++;
        }
        if (i < compiled.size() && compiled.get(i).kind() == StageKind.SORT) {
            sort = PipelineCompiler.sort(compiled.get(i).spec(), compiled.get(i).at());
            i++;
        }
        if (i < compiled.size() && compiled.get(i).kind() == StageKind.SKIP) {
            skip = PipelineCompiler.count(compiled.get(i).spec(), compiled.get(i).at(), false);
            i++;
        }
        if (i < compiled.size() && compiled.get(i).kind() == StageKind.LIMIT) {
            limit = PipelineCompiler.count(compiled.get(i).spec(), compiled.get(i).at(), true);
            i++;
        }
        List<PipelineCompiler.Compiled> rest = new ArrayList<>(compiled.subList(i, compiled.size()));
        // a $sort directly followed by a $limit keeps only the best documents rather than sorting all
        for (int j = 0; j + 1 < rest.size(); j++) {
            if (rest.get(j).kind() == StageKind.SORT && rest.get(j + 1).kind() == StageKind.LIMIT) {
                PipelineCompiler.Compiled sortStage = rest.get(j);
                long n = PipelineCompiler.count(rest.get(j + 1).spec(), rest.get(j + 1).at(), true);
                Sort order = PipelineCompiler.sort(sortStage.spec(), sortStage.at());
                rest.set(j, new PipelineCompiler.Compiled(StageKind.SORT, sortStage.spec(),
                        PipelineCompiler.sortStage(order, n, sortStage.at()), sortStage.at()));
                rest.remove(j + 1);
            }
        }
        return new CompiledPipeline(List.copyOf(copies), filter, sort, skip, limit, List.copyOf(rest));
    }

    /** @return the stages as given */
    public List<Document> stages() {
        return stages;
    }

    /**
     * Runs the pipeline lazily over a collection; the stream must be closed, which also closes the
     * context's spill files.
     *
     * @param collection the collection's name
     * @param context the run; not null
     * @return the results
     */
    public Stream<Document> open(String collection, RunContext context) {
        // a find sorts in memory without the aggregation's memory accounting, so an unbounded sort
        // that no index provides runs as a $sort stage instead, which counts and may spill
        boolean pushSort = sort.isUnsorted() || limit > 0 || context.source.sortsByIndex(collection, filter, sort);
        Projection fields = projection;
        if (!pushSort && !fields.equals(Projection.all())) {
            // the $sort stage reads its keys from the documents the find gives
            java.util.Set<String> needed = new java.util.LinkedHashSet<>();
            fields.paths().forEach(p -> needed.add(p.segment(0)));
            sort.keys().forEach(key -> needed.add(key.path().segment(0)));
            fields = FieldUse.include(needed);
        }
        Stream<Document> source = pushSort ? context.source.find(collection, filter, sort, skip, limit, fields)
                : context.source.find(collection, filter, Sort.unsorted(), 0, 0, fields);
        Stream<Document> results;
        try {
            Stream<Document> input = source.peek(document -> context.deadline.check());
            if (!pushSort) {
                input = PipelineCompiler.sortStage(sort, 0, "$sort").apply(input, context);
                input = skip > 0 ? input.skip(skip) : input;
            }
            results = PipelineCompiler.run(rest, input, context);
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
        return results.onClose(context::close);
    }

    /**
     * @param collection the collection's name
     * @param source the store; not null
     * @return the plan: the find the pipeline starts with and the stages after it
     */
    public Document explain(String collection, PipelineSource source) {
        Document cursor = new Document();
        cursor.put("collection", collection);
        cursor.put("filter", filter.toDocument());
        if (!sort.isUnsorted()) {
            cursor.put("sort", sort.toDocument());
        }
        if (skip > 0) {
            cursor.put("skip", skip);
        }
        if (limit > 0) {
            cursor.put("limit", limit);
        }
        if (!projection.equals(Projection.all())) {
            cursor.put("fields", projection.toDocument());
        }
        cursor.put("plan", source.explain(collection, filter, sort, skip, limit));
        List<Object> explained = new ArrayList<>();
        explained.add(new Document("$cursor", cursor));
        for (PipelineCompiler.Compiled stage : rest) {
            explained.add(new Document(stage.kind().keyword(), stage.spec()));
        }
        Document explanation = new Document();
        explanation.put("stages", explained);
        return explanation;
    }

    @Override
    public String toString() {
        return io.tetherdb.document.Json.write(stages);
    }
}
