package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
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
    /**
     * The {@code $group} the stages start with, when it may stream: its key is a plain field path
     * and the find has no sort, skip or limit of its own. When an index gives the find in the key's
     * order, a run whose groups outgrow the memory limit reads it again that way and streams.
     */
    private final GroupStage streamableGroup;

    private CompiledPipeline(List<Document> stages, Filter filter, Sort sort, long skip, long limit,
            List<PipelineCompiler.Compiled> rest, GroupStage streamableGroup) {
        this.projection = FieldUse.projection(rest);
        this.stages = stages;
        this.filter = filter;
        this.sort = sort;
        this.skip = skip;
        this.limit = limit;
        this.rest = rest;
        this.streamableGroup = streamableGroup;
    }

    /**
     * @param stages the stages, each a one-field document such as {@code {$match: {...}}}; not null
     * @return the compiled pipeline
     * @throws InvalidQueryException naming the stage, operator and position of the first problem
     */
    public static CompiledPipeline compile(List<? extends Map<String, ?>> stages) {
        return of(stages, PipelineCompiler.compile(stages, "pipeline", null, Set.of()), Set.of());
    }

    /**
     * @param stages the stages as given
     * @param compiled the same compiled, in the scope they run in (a {@code $lookup}'s pipeline sees its
     *        {@code let} variables)
     * @param scope the variables (besides {@code ROOT} and {@code CURRENT}) they were compiled with
     */
    static CompiledPipeline of(List<?> stages, List<PipelineCompiler.Compiled> compiled, Set<String> scope) {
        List<Document> copies = new ArrayList<>();
        for (Object stage : stages) {
            copies.add(FieldPaths.deepCopy(FieldPaths.copy((Map<?, ?>) stage)));
        }
        Filter filter = Filter.all();
        Sort sort = Sort.unsorted();
        long skip = 0;
        long limit = 0;
        int i = 0;
        boolean pushDown = true;
        if (i < compiled.size() && compiled.get(i).kind() == StageKind.MATCH) {
            MatchStage match = MatchStage.compile(compiled.get(i).spec(), compiled.get(i).at(), scope);
            filter = match.filter;
            // the find takes the filter's part; the $expr part runs as the stage, before any sort
            pushDown = !match.hasExpressions();
            i += pushDown ? 1 : 0;
        }
        if (pushDown && i < compiled.size() && compiled.get(i).kind() == StageKind.SORT) {
            sort = PipelineCompiler.sort(compiled.get(i).spec(), compiled.get(i).at());
            i++;
        }
        if (pushDown && i < compiled.size() && compiled.get(i).kind() == StageKind.SKIP) {
            skip = PipelineCompiler.count(compiled.get(i).spec(), compiled.get(i).at(), false);
            i++;
        }
        if (pushDown && i < compiled.size() && compiled.get(i).kind() == StageKind.LIMIT) {
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
        // a $group right after a $unwind reads the unwound rows without a copy of the document each
        for (int j = 0; j + 1 < rest.size(); j++) {
            if (rest.get(j).kind() == StageKind.UNWIND && rest.get(j + 1).kind() == StageKind.GROUP) {
                PipelineCompiler.Compiled unwind = rest.get(j);
                PipelineCompiler.Compiled group = rest.get(j + 1);
                Stage fused = groupStage(group, scope).afterUnwind(Unwinder.compile(unwind.spec(), unwind.at()));
                rest.set(j, new PipelineCompiler.Compiled(StageKind.UNWIND, unwind.spec(), (input, context) -> input,
                        unwind.at()));
                rest.set(j + 1, new PipelineCompiler.Compiled(StageKind.GROUP, group.spec(), fused, group.at()));
            }
        }
        GroupStage streamable = null;
        if (pushDown && sort.isUnsorted() && skip == 0 && limit == 0 && !rest.isEmpty()
                && rest.get(0).kind() == StageKind.GROUP) {
            GroupStage group = groupStage(rest.get(0), scope);
            streamable = group.keyPath() != null ? group : null;
        }
        return new CompiledPipeline(List.copyOf(copies), filter, sort, skip, limit, List.copyOf(rest), streamable);
    }

    private static GroupStage groupStage(PipelineCompiler.Compiled group, Set<String> scope) {
        return GroupStage.compile((Map<?, ?>) group.spec(), group.at(), scope);
    }

    /**
     * @return the order by the group key that the find should give for the leading {@code $group}
     *         to stream, if an index gives the find in that order; else null
     */
    private Sort streamingOrder(String collection, Filter filter, PipelineSource source) {
        if (streamableGroup == null) {
            return null;
        }
        Sort byKey = Sort.ascending(streamableGroup.keyPath());
        return source.readsInIndexOrder(collection, filter, byKey) ? byKey : null;
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
        return open(collection, context, Filter.all());
    }

    /**
     * @param also a further filter for the find, which the stages would apply anyway (a
     *        {@code $lookup}'s equality on a variable), so that the find can use an index for it
     */
    Stream<Document> open(String collection, RunContext context, Filter also) {
        Filter filter = also.matchesAll() ? this.filter
                : this.filter.matchesAll() ? also : Filters.and(this.filter, also);
        Sort streamingOrder = streamingOrder(collection, filter, context.source);
        if (streamingOrder != null) {
            Stream<Document> source = context.source.find(collection, filter, Sort.unsorted(), 0, 0, projection);
            Supplier<Stream<Document>> ordered = () -> context.source.findByIndex(collection, filter, streamingOrder,
                    projection).peek(document -> context.deadline.check());
            Stream<Document> results;
            try {
                Stream<Document> input = source.peek(document -> context.deadline.check());
                results = streamableGroup.hashingThenStreaming(ordered).apply(input, context);
                results = PipelineCompiler.run(rest.subList(1, rest.size()), results, context);
            } catch (RuntimeException | Error e) {
                source.close();
                throw e;
            }
            return results.onClose(context::close);
        }
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
        Sort streamingOrder = streamingOrder(collection, filter, source);
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
            Document entry = new Document(stage.kind().keyword(), stage.spec());
            if (streamingOrder != null && stage == rest.get(0)) {
                // past the memory limit the groups leave one at a time, read again in key order
                Document streaming = new Document();
                streaming.put("sort", streamingOrder.toDocument());
                streaming.put("plan", source.explainByIndex(collection, filter, streamingOrder));
                entry.put("streamsPastMemoryLimit", streaming);
            }
            explained.add(entry);
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
