package io.tetherdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tetherdb.document.Document;
import io.tetherdb.error.QueryInterruptedException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.plan.QueryPlanner;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Projection;
import io.tetherdb.query.QueryDeadline;
import io.tetherdb.query.Sort;

/**
 * An immutable, re-runnable description of a find over one collection (what MongoDB's Java driver
 * calls a {@code FindIterable}): a filter plus sort, skip, limit and projection, run when a terminal
 * method ({@link #toList()}, {@link #stream()}, {@link #first()}, {@link #count()},
 * {@link #forEach(Consumer)}) is called. Each run reads one consistent snapshot of the collection;
 * writes made meanwhile are not seen, and documents that expire meanwhile are still skipped as of
 * the run's start time.
 *
 * <p>Time: a run may be given a time limit ({@link #maxTime(Duration)}, else the store's
 * {@link TetherDBBuilder#queryTimeout(Duration) queryTimeout}); it counts the time the run spends
 * reading, matching and sorting, not the time the caller holds a streamed result. A run that
 * exceeds it throws {@link QueryTimeoutException}; a run whose thread is interrupted throws
 * {@link QueryInterruptedException}. Closing a stream stops its run: no further document is read.
 *
 * <p>Memory: an unsorted run holds one document at a time, whatever the number of matches. A
 * sorted run with a limit holds {@code skip + limit} documents; a sorted run without a limit holds
 * all matches.
 *
 * <p>Immutable and thread-safe: every builder method returns a new query, and a query may be run
 * any number of times. The streams it returns are not thread-safe and must be closed.
 *
 * @since 0.1
 */
public final class FindQuery {

    /** Plans a query may make when the indexes it chose keep being dropped under it. */
    private static final int MAX_PLANS = 10;
    private static final Projection ID_ONLY = Projection.of(Map.of(Document.ID, 1));
    private static final String[] ID_NAME = {Document.ID};

    private final TetherCollection collection;
    private final StoreEngine engine;
    private final CollectionAccess access;
    private final Filter filter;
    private final Sort sort;
    private final long skip;
    private final long limit;
    private final Projection projection;

    /** An index plan reading more than 1/WIDE_RANGE_SHARE of the documents gives way to a scan. */
    private static final long WIDE_RANGE_SHARE = 5;
    /** Below this many keys either plan takes well under a millisecond: the index plan stays. */
    private static final long WIDE_RANGE_MIN_KEYS = 1_000;
    /** Counting keys costs a lookup per range: many points (a large $in) are left to the index. */
    private static final int WIDE_RANGE_MAX_RANGES = 64;
    /** The run's time limit, or null for the store's default. */
    private final Duration maxTime;

    FindQuery(TetherCollection collection, StoreEngine engine, CollectionAccess access, Filter filter) {
        this(collection, engine, access, filter, Sort.unsorted(), 0, 0, Projection.all(), null);
    }

    private FindQuery(TetherCollection collection, StoreEngine engine, CollectionAccess access, Filter filter,
            Sort sort, long skip, long limit, Projection projection, Duration maxTime) {
        this.collection = collection;
        this.engine = engine;
        this.access = access;
        this.filter = filter;
        this.sort = sort;
        this.skip = skip;
        this.limit = limit;
        this.projection = projection;
        this.maxTime = maxTime;
    }

    /**
     * @param sort the order of results; not null
     * @return a copy with that order
     */
    public FindQuery sort(Sort sort) {
        return new FindQuery(collection, engine, access, filter, Objects.requireNonNull(sort, "sort must not be null"), skip,
                limit, projection, maxTime);
    }

    /**
     * @param sort the order as relaxed JSON, such as {@code "{age: -1, name: 1}"}; not null
     * @return a copy with that order
     * @throws io.tetherdb.query.InvalidQueryException if the text is not a valid sort
     */
    public FindQuery sort(String sort) {
        return sort(Sort.parse(sort));
    }

    /**
     * @param n number of matching documents to leave out; not negative
     * @return a copy skipping that many
     */
    public FindQuery skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("skip must not be negative but was " + n);
        }
        return new FindQuery(collection, engine, access, filter, sort, n, limit, projection, maxTime);
    }

    /**
     * @param n largest number of documents to return; 0 means no limit; not negative
     * @return a copy with that limit
     */
    public FindQuery limit(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + n);
        }
        return new FindQuery(collection, engine, access, filter, sort, skip, n, projection, maxTime);
    }

    /**
     * @param projection the fields to return; not null
     * @return a copy with that projection
     */
    public FindQuery projection(Projection projection) {
        return new FindQuery(collection, engine, access, filter, sort, skip, limit,
                Objects.requireNonNull(projection, "projection must not be null"), maxTime);
    }

    /**
     * @param projection the fields to return as relaxed JSON, such as {@code "{name: 1, _id: 0}"}
     * @return a copy with that projection
     * @throws io.tetherdb.query.InvalidQueryException if the text is not a valid projection
     */
    public FindQuery projection(String projection) {
        return projection(Projection.parse(projection));
    }

    /**
     * Limits the time each run of this find may take, in place of the store's
     * {@link TetherDBBuilder#queryTimeout(Duration) queryTimeout}. The limit covers every terminal
     * method, {@link #explain()} and {@link #explainCount()} included, and counts the time the run
     * spends reading, matching (inside regular expressions too) and sorting, not the time the caller
     * holds a streamed result. A run that exceeds it throws {@link QueryTimeoutException}.
     *
     * @param maxTime the limit; {@link Duration#ZERO} for none, even when the store has a default;
     *        not null, not negative
     * @return a copy with that limit
     * @since 0.2
     */
    public FindQuery maxTime(Duration maxTime) {
        Objects.requireNonNull(maxTime, "maxTime must not be null");
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("maxTime must not be negative but was " + maxTime);
        }
        return new FindQuery(collection, engine, access, filter, sort, skip, limit, projection, maxTime);
    }

    /** @return the filter */
    public Filter filter() {
        return filter;
    }

    /** Starts the clock of one run: this query's limit, else the store's. */
    private QueryDeadline deadline(String operation) {
        return QueryDeadline.start(operation + " on collection '" + collection.name() + "'",
                collection.queryTimeout(maxTime));
    }

    // ---- terminal operations

    /** @return all results, in order */
    public List<Document> toList() {
        List<Document> results = new ArrayList<>();
        forEach(results::add);
        return results;
    }

    /** @return the first result, if any */
    public Optional<Document> first() {
        try (Stream<Document> stream = limit(1).stream()) {
            return stream.findFirst();
        }
    }

    /**
     * Counts the matching documents, after skip and limit, without building result documents.
     * When an index holds exactly the matching keys, it counts index keys without reading any
     * document.
     *
     * @return the count
     * @throws QueryTimeoutException if the count takes longer than its time limit
     * @throws QueryInterruptedException if the thread is interrupted while it counts
     */
    public long count() {
        QueryDeadline deadline = deadline("count");
        return access.query(source -> source == null ? 0L : replanning(source, false, true,
                plan -> page(countMatches(source, plan, new Explanation.Counters(), deadline))));
    }

    /** Applies skip and limit to a number of matches. */
    private long page(long matches) {
        long afterSkip = Math.max(0, matches - skip);
        return limit == 0 ? afterSkip : Math.min(afterSkip, limit);
    }

    /**
     * Whether counting the plan's index keys counts exactly the matches: the index holds exactly
     * the matching keys, and no expired document is waiting for the sweep, so every key belongs to
     * a live match.
     */
    private boolean countsKeys(QuerySource source, QueryPlan plan) {
        return !filter.matchesAll() && plan.exact() && source.exactKeyCount(plan) >= 0;
    }

    /** Counts the matches, before skip and limit, reading as little as the plan allows. */
    private long countMatches(QuerySource source, QueryPlan plan, Explanation.Counters counters,
            QueryDeadline deadline) {
        if (filter.matchesAll()) {
            return source.liveCount();
        }
        if (plan.exact()) {
            long keys = source.exactKeyCount(plan);
            if (keys >= 0) {
                counters.keys.add(keys);
                return keys;
            }
        }
        long matches = 0;
        try (Matches m = open(source, plan, counters, deadline)) {
            while (m.advance()) {
                matches++;
            }
        }
        return matches;
    }

    /**
     * Runs the find and passes each result to the action, releasing the snapshot afterwards.
     *
     * @param action receives each result; not null. The time it takes does not count against the
     *        time limit.
     */
    public void forEach(Consumer<? super Document> action) {
        try (Stream<Document> stream = stream()) {
            stream.forEachOrdered(action);
        }
    }

    /**
     * Runs the find lazily. The stream holds a snapshot of the collection until it is closed:
     * use it in try-with-resources.
     *
     * @return the results, in order
     * @throws QueryTimeoutException if the run takes longer than its time limit, here or while the
     *         stream is consumed
     * @throws QueryInterruptedException if the thread is interrupted while the run reads
     */
    public Stream<Document> stream() {
        return stream(deadline("query"));
    }

    /** Runs the find lazily within a deadline, which is paused whenever the stream hands back control. */
    Stream<Document> stream(QueryDeadline deadline) {
        Stream<Document> results = access.query(source -> source == null ? Stream.<Document>empty()
                : replanning(source, limit > 0, plan -> run(source, plan, new Explanation.Counters(), deadline)));
        deadline.pause();
        return results;
    }

    /**
     * Reads the ids of this query's matches in a source, in the query's order and within its skip
     * and limit, to the end: the targets of a filter-driven write, found inside its write operation
     * (see {@link WriteContext#matching}).
     *
     * @param source what the write operation sees; null when the collection has no documents
     * @param deadline the operation's time limit, left running
     * @return the ids
     */
    List<String> ids(QuerySource source, QueryDeadline deadline) {
        if (source == null) {
            return List.of();
        }
        FindQuery idsOnly = projection(ID_ONLY);
        List<String> ids = new ArrayList<>();
        try (Stream<Document> results = replanning(source, limit > 0,
                plan -> idsOnly.run(source, plan, new Explanation.Counters(), deadline))) {
            results.forEachOrdered(document -> ids.add(document.getId()));
        }
        // the results stop the clock between them; the writes that follow count again
        deadline.resume();
        return ids;
    }

    /**
     * As {@link #ids}, with each match's stored record as the source holds it, so that a write that
     * changes the matches in the same operation need not find each of them again. A sorted query
     * gives the ids alone (null records), as {@link #ids} finds them.
     *
     * @param source the collection as the operation sees it, or null when it does not exist
     * @param deadline the operation's time limit, left running
     * @return the matches, in the query's order
     */
    List<WriteContext.Found> records(QuerySource source, QueryDeadline deadline) {
        if (source == null) {
            return new ArrayList<>();
        }
        if (!sort.isUnsorted()) {
            List<WriteContext.Found> found = new ArrayList<>();
            for (String id : ids(source, deadline)) {
                found.add(new WriteContext.Found(id, null));
            }
            return found;
        }
        List<WriteContext.Found> found = new ArrayList<>();
        deadline.resume();
        replanning(source, limit > 0, plan -> {
            found.clear();
            try (Matches matches = open(source, plan, new Explanation.Counters(), deadline)) {
                long skipped = 0;
                while ((limit <= 0 || found.size() < limit) && matches.advance()) {
                    if (skipped < skip) {
                        skipped++;
                        continue;
                    }
                    found.add(new WriteContext.Found(matches.document(ID_NAME).getId(), matches.record()));
                }
            } catch (RuntimeException e) {
                throw engine.translate(e);
            }
            return null;
        });
        return found;
    }

    /**
     * Runs the find to the end and reports how: the plan chosen (an index and its key bounds, or a
     * collection scan), and the keys and documents it read to return its results.
     *
     * @return the plan and its execution counts
     */
    public Explanation explain() {
        QueryDeadline deadline = deadline("query");
        return access.query(source -> source == null ? explain(null, QueryPlan.COLLECTION_SCAN, deadline)
                : replanning(source, limit > 0, plan -> explain(source, plan, deadline)));
    }

    private Explanation explain(QuerySource source, QueryPlan plan, QueryDeadline deadline) {
        Explanation.Counters counters = new Explanation.Counters();
        long returned = 0;
        if (source != null) {
            try (Stream<Document> results = run(source, plan, counters, deadline)) {
                returned = results.count();
            }
        }
        return new Explanation(plan.stage(), plan.indexNames(), plan.bounds(),
                !sort.isUnsorted() && !providesSort(source, plan), counters.keys.sum(), counters.documents.sum(),
                returned);
    }

    /** Whether the plan's index order gives the sort: not over a transaction's buffered writes. */
    private static boolean providesSort(QuerySource source, QueryPlan plan) {
        return plan.providesSort() && (source == null || source.indexOrdered());
    }

    /**
     * Reports how {@link #count()} counts: {@code COUNT_SCAN} when it counts index keys without
     * reading any document, {@code COUNT} when it takes the collection's size (an empty filter),
     * else the plan of the find it runs.
     *
     * @return the plan and its counts; {@code returned} is the count
     */
    public Explanation explainCount() {
        QueryDeadline deadline = deadline("count");
        return access.query(source -> source == null ? new Explanation("EOF", null, "", false, 0, 0, 0)
                : replanning(source, false, true, plan -> explainCount(source, plan, deadline)));
    }

    private Explanation explainCount(QuerySource source, QueryPlan plan, QueryDeadline deadline) {
        String stage = countsKeys(source, plan) ? "COUNT_SCAN"
                : filter.matchesAll() ? "COUNT" : plan.stage();
        Explanation.Counters counters = new Explanation.Counters();
        long count = page(countMatches(source, plan, counters, deadline));
        return new Explanation(stage, plan.indexNames(), plan.bounds(), false,
                counters.keys.sum(), counters.documents.sum(), count);
    }

    /**
     * Plans the query and runs it; if an index the plan chose is dropped before the run reaches
     * it, plans again with the indexes there are now.
     */
    private <T> T replanning(QuerySource source, boolean limited, Function<QueryPlan, T> run) {
        return replanning(source, limited, false, run);
    }

    /** @param counting whether the run only counts, so that an exact index plan counts keys alone */
    private <T> T replanning(QuerySource source, boolean limited, boolean counting, Function<QueryPlan, T> run) {
        for (int attempt = 1; ; attempt++) {
            QueryPlan plan = plan(source, limited, counting);
            try {
                return run.apply(plan);
            } catch (CollectionStore.IndexDroppedException e) {
                if (attempt >= MAX_PLANS) {
                    throw e;
                }
            }
        }
    }

    private QueryPlan plan(QuerySource source, boolean limited, boolean counting) {
        List<IndexStatus> indexes = source.indexes();
        QueryPlan plan = filter.matchesAll() && indexes.isEmpty() ? QueryPlan.COLLECTION_SCAN
                : QueryPlanner.plan(filter, sort, limited, indexes);
        return wideRange(source, plan, limited, counting) ? QueryPlan.COLLECTION_SCAN : plan;
    }

    /**
     * Whether an index plan would read so large a share of the collection that a collection scan
     * is faster. The planner has no statistics, but the index knows how many keys its ranges hold
     * (O(log n) per range): each key costs a lookup of its document by id, about five times the
     * cost of the next document of a scan (measured at 100,000 documents: see docs/benchmarks.md,
     * "Aggregation"), so past a fifth of the documents the scan wins. Not when the index gives the
     * sort or a limit may stop the read early, nor for a count the keys alone answer.
     */
    private static boolean wideRange(QuerySource source, QueryPlan plan, boolean limited, boolean counting) {
        if (!plan.usesIndex() || plan.providesSort() || limited || (counting && plan.exact())
                || plan.ranges().size() > WIDE_RANGE_MAX_RANGES) {
            return false;
        }
        long keys = source.keysInRanges(plan);
        if (keys < WIDE_RANGE_MIN_KEYS) {
            return false;
        }
        return keys * WIDE_RANGE_SHARE > source.liveCount();
    }

    private Stream<Document> run(QuerySource source, QueryPlan plan, Explanation.Counters counters,
            QueryDeadline deadline) {
        Matches matches = open(source, plan, counters, deadline);
        Iterator<Document> results;
        try {
            results = sort.isUnsorted() || providesSort(source, plan) ? new PagedResults(matches, skip, limit, projection)
                    : sorted(matches, deadline);
        } catch (RuntimeException | Error e) {
            matches.close();
            throw e;
        }
        Spliterator<Document> spliterator = Spliterators.spliteratorUnknownSize(
                new ClosingAwareResults(engine, results, deadline),
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(matches::close);
    }

    private Matches open(QuerySource source, QueryPlan plan, Explanation.Counters counters,
            QueryDeadline deadline) {
        return source.open(plan, filter, collection.examinedCounter(), counters, deadline);
    }

    /** A match with its sort values, extracted once. */
    private record Keyed(Object[] keys, Document document) {
    }

    private Iterator<Document> sorted(Matches matches, QueryDeadline deadline) {
        // sorting a large result takes n log n comparisons: each one counts towards the deadline
        Comparator<Keyed> order = (a, b) -> {
            deadline.check();
            return sort.compareSortKeys(a.keys(), b.keys());
        };
        List<Keyed> ordered;
        if (limit > 0 && skip + limit <= Integer.MAX_VALUE - 8) {
            // a bounded heap keeps only the best skip + limit matches in memory
            int keep = (int) (skip + limit);
            PriorityQueue<Keyed> top = new PriorityQueue<>(Math.min(keep, 1024) + 1, order.reversed());
            while (matches.advance()) {
                // the sort values come from the lazily decoded record: a match that cannot enter the
                // top is never decoded whole
                Object[] keys = sort.sortKeys(matches.fields());
                if (top.size() >= keep && sort.compareSortKeys(keys, top.peek().keys()) > 0) {
                    continue;
                }
                top.add(new Keyed(keys, matches.document()));
                if (top.size() > keep) {
                    top.poll();
                }
            }
            ordered = new ArrayList<>(top);
        } else {
            ordered = new ArrayList<>();
            while (matches.advance()) {
                Document document = matches.document();
                ordered.add(new Keyed(sort.sortKeys(document), document));
            }
        }
        matches.close();
        ordered.sort(order);
        int from = (int) Math.min(skip, ordered.size());
        int to = limit == 0 ? ordered.size() : (int) Math.min(ordered.size(), from + limit);
        return ordered.subList(from, to).stream().map(keyed -> projection.apply(keyed.document())).iterator();
    }

    @Override
    public String toString() {
        return "FindQuery[" + collection.name() + " " + filter + (sort.isUnsorted() ? "" : " sort " + sort)
                + (skip > 0 ? " skip " + skip : "") + (limit > 0 ? " limit " + limit : "")
                + (maxTime != null ? " maxTime " + maxTime : "") + "]";
    }
}
