package io.tetherdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tetherdb.aggregate.AggregateOptions;
import io.tetherdb.document.Document;
import io.tetherdb.error.MemoryLimitExceededException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.aggregate.CompiledPipeline;
import io.tetherdb.internal.aggregate.PipelineSource;
import io.tetherdb.internal.aggregate.RunContext;
import io.tetherdb.internal.plan.QueryPlanner;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Projection;
import io.tetherdb.query.QueryDeadline;
import io.tetherdb.query.Sort;

/**
 * An aggregation over one collection, run when a terminal method ({@link #stream()},
 * {@link #toList()}, {@link #first()}, {@link #forEach(Consumer)}, {@link #explain()}) is called,
 * as a {@link FindQuery} is. The pipeline was checked when this object was made. Its leading
 * {@code $match}, {@code $sort}, {@code $skip} and {@code $limit} run as one find through the query
 * planner, so they use indexes; the other stages run over that find's results, lazily where the
 * stage allows ({@code $match}, {@code $project}, {@code $unwind}, ...) and holding data where it
 * must ({@code $group}, {@code $sort}, ...). A stream holds a snapshot of the collection and the
 * run's spill files until it is closed.
 *
 * <p>Limits: the run's time limit ({@link AggregateOptions#maxTime}, else the store's query timeout)
 * counts the time the run works, not the time the caller holds a streamed result; past it the run
 * throws {@link QueryTimeoutException}. A holding stage past {@link AggregateOptions#maxMemory}
 * throws {@link MemoryLimitExceededException}, or spills to temporary files when
 * {@link AggregateOptions#allowDiskUse} is set. A pipeline ending in {@code $out} or {@code $merge}
 * writes when it runs, in one all-or-nothing write, and returns no documents.
 *
 * <p>Immutable and thread-safe; the streams it returns are not thread-safe and must be closed.
 *
 * @since 0.2
 */
public final class AggregateResult {

    private final TetherDB db;
    private final TetherCollection collection;
    private final CompiledPipeline pipeline;
    private final AggregateOptions options;
    private final AggregateWrites writes;

    AggregateResult(TetherDB db, TetherCollection collection, CompiledPipeline pipeline, AggregateOptions options,
            AggregateWrites writes) {
        this.db = db;
        this.collection = collection;
        this.pipeline = pipeline;
        this.options = options;
        this.writes = writes;
    }

    /** @return the pipeline's stages, as given */
    public List<Document> pipeline() {
        return pipeline.stages();
    }

    /** @return the options of the run */
    public AggregateOptions options() {
        return options;
    }

    /**
     * Runs the pipeline lazily; use the stream in try-with-resources.
     *
     * @return the results, in the pipeline's order
     * @throws io.tetherdb.query.InvalidQueryException if an expression fails on a document (such as
     *         {@code $divide} by zero), here or while the stream is consumed
     * @throws QueryTimeoutException if the run takes longer than its time limit
     * @throws MemoryLimitExceededException if a holding stage exceeds the memory limit and may not spill
     */
    public Stream<Document> stream() {
        Duration limit = collection.queryTimeout(options.maxTime());
        QueryDeadline deadline = QueryDeadline.start("aggregate on collection '" + collection.name() + "'", limit);
        RunContext context = new RunContext(deadline, options.maxMemory(), options.allowDiskUse(), new Source(limit));
        Stream<Document> results;
        try {
            results = pipeline.open(collection.name(), context);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
        deadline.pause();
        Iterator<Document> iterator = results.iterator();
        Iterator<Document> timed = new Iterator<>() {
            @Override
            public boolean hasNext() {
                deadline.resume();
                try {
                    return iterator.hasNext();
                } catch (QueryTimeoutException e) {
                    throw asAggregate(e, deadline);
                } finally {
                    deadline.pause();
                }
            }

            @Override
            public Document next() {
                deadline.resume();
                try {
                    return iterator.next();
                } catch (QueryTimeoutException e) {
                    throw asAggregate(e, deadline);
                } finally {
                    deadline.pause();
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(timed, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(results::close);
    }

    /** A find under the aggregation shares its limit; its timeout is the aggregation's. */
    private static QueryTimeoutException asAggregate(QueryTimeoutException e, QueryDeadline deadline) {
        if (e.operation().equals(deadline.operation())) {
            return e;
        }
        QueryTimeoutException timeout = new QueryTimeoutException(deadline.operation(), e.limit());
        timeout.addSuppressed(e);
        return timeout;
    }

    /** @return all results, in order */
    public List<Document> toList() {
        List<Document> results = new ArrayList<>();
        forEach(results::add);
        return results;
    }

    /** @return the first result, if any */
    public Optional<Document> first() {
        try (Stream<Document> stream = stream()) {
            return stream.findFirst();
        }
    }

    /**
     * Runs the pipeline and passes each result to the action, closing the run afterwards.
     *
     * @param action receives each result; not null
     */
    public void forEach(Consumer<? super Document> action) {
        try (Stream<Document> stream = stream()) {
            stream.forEachOrdered(action);
        }
    }

    /**
     * Reports how the pipeline runs: the find its leading {@code $match}/{@code $sort}/{@code $skip}/
     * {@code $limit} became, with that find's plan (index or collection scan, key bounds, keys and
     * documents examined, as {@link FindQuery#explain()} reports them, after running it), and the
     * stages that run after it.
     *
     * @return {@code {stages: [{$cursor: {collection, filter, sort, plan: {...}}}, {$group: ...}, ...]}}
     */
    public Document explain() {
        return pipeline.explain(collection.name(), new Source(collection.queryTimeout(options.maxTime())));
    }

    /** The store as the pipeline sees it: finds with the run's time limit, one write, a spill directory. */
    private final class Source implements PipelineSource {

        private final Duration limit;

        Source(Duration limit) {
            this.limit = limit;
        }

        private FindQuery query(String name, Filter filter, Sort sort, long skip, long limit) {
            return collection.sibling(name).find(filter).sort(sort).skip(skip).limit(limit).maxTime(this.limit);
        }

        @Override
        public Stream<Document> find(String name, Filter filter, Sort sort, long skip, long limit,
                Projection projection) {
            return query(name, filter, sort, skip, limit).projection(projection).stream();
        }

        @Override
        public boolean sortsByIndex(String name, Filter filter, Sort sort) {
            List<IndexStatus> indexes = collection.sibling(name).listIndexes();
            return !indexes.isEmpty() && QueryPlanner.plan(filter, sort, false, indexes).providesSort();
        }

        @Override
        public Stream<Document> findByIndex(String name, Filter filter, Sort sort, Projection projection) {
            return byIndex(name, filter, sort).projection(projection).stream();
        }

        /**
         * A find the planner treats as limited, which lets it read a whole index for the order;
         * the limit is never reached.
         */
        private FindQuery byIndex(String name, Filter filter, Sort sort) {
            return query(name, filter, sort, 0, Long.MAX_VALUE);
        }

        @Override
        public boolean readsInIndexOrder(String name, Filter filter, Sort sort) {
            List<IndexStatus> indexes = collection.sibling(name).listIndexes();
            return !indexes.isEmpty() && QueryPlanner.plan(filter, sort, true, indexes).providesSort();
        }

        @Override
        public Document explainByIndex(String name, Filter filter, Sort sort) {
            return plan(byIndex(name, filter, sort).explain());
        }

        @Override
        public Document explain(String name, Filter filter, Sort sort, long skip, long limit) {
            return plan(query(name, filter, sort, skip, limit).explain());
        }

        private Document plan(Explanation explanation) {
            Document plan = new Document();
            plan.put("stage", explanation.stage());
            if (explanation.index() != null) {
                plan.put("index", explanation.index());
                plan.put("bounds", explanation.bounds());
            }
            plan.put("inMemorySort", explanation.inMemorySort());
            plan.put("keysExamined", explanation.keysExamined());
            plan.put("documentsExamined", explanation.documentsExamined());
            plan.put("returned", explanation.returned());
            return plan;
        }

        @Override
        public long write(Output output) {
            // $out and $merge write a whole collection as one operation of their own
            collection.checkOutsideTransaction(output.replaceAll() ? "$out" : "$merge");
            return writes.write(output);
        }

        @Override
        public Path temporaryDirectory() {
            return db.path().map(p -> p.toAbsolutePath().getParent())
                    .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    @Override
    public String toString() {
        return "AggregateResult[" + collection.name() + " " + pipeline + "]";
    }
}
