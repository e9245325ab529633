package io.tetherdb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.index.QueryPlan;
import io.tetherdb.index.QueryPlanner;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;
import io.tetherdb.store.CollectionStore;
import io.tetherdb.store.RecordFormat;
import io.tetherdb.store.StoreEngine;

/**
 * A find over one collection: a filter plus sort, skip, limit and projection, run when a terminal
 * method ({@link #toList()}, {@link #stream()}, {@link #first()}, {@link #count()},
 * {@link #forEach(Consumer)}) is called. Each run reads one consistent snapshot of the collection;
 * writes made meanwhile are not seen, and documents that expire meanwhile are still skipped as of
 * the run's start time.
 *
 * <p>Memory: an unsorted run holds one document at a time, whatever the number of matches. A
 * sorted run with a limit holds {@code skip + limit} documents; a sorted run without a limit holds
 * all matches.
 *
 * <p>Immutable and thread-safe: every builder method returns a new cursor, and a cursor may be run
 * any number of times. The streams it returns are not thread-safe and must be closed.
 *
 * @since 0.1
 */
public final class Cursor {

    /** Plans a query may make when the indexes it chose keep being dropped under it. */
    private static final int MAX_PLANS = 10;

    private final TetherCollection collection;
    private final StoreEngine engine;
    private final Filter filter;
    private final Sort sort;
    private final long skip;
    private final long limit;
    private final Projection projection;

    Cursor(TetherCollection collection, StoreEngine engine, Filter filter) {
        this(collection, engine, filter, Sort.unsorted(), 0, 0, Projection.all());
    }

    private Cursor(TetherCollection collection, StoreEngine engine, Filter filter, Sort sort, long skip, long limit,
            Projection projection) {
        this.collection = collection;
        this.engine = engine;
        this.filter = filter;
        this.sort = sort;
        this.skip = skip;
        this.limit = limit;
        this.projection = projection;
    }

    /**
     * @param sort the order of results; not null
     * @return a copy with that order
     */
    public Cursor sort(Sort sort) {
        return new Cursor(collection, engine, filter, Objects.requireNonNull(sort, "sort must not be null"), skip,
                limit, projection);
    }

    /**
     * @param sort the order as relaxed JSON, such as {@code "{age: -1, name: 1}"}; not null
     * @return a copy with that order
     * @throws io.tetherdb.query.InvalidQueryException if the text is not a valid sort
     */
    public Cursor sort(String sort) {
        return sort(Sort.parse(sort));
    }

    /**
     * @param n number of matching documents to leave out; not negative
     * @return a copy skipping that many
     */
    public Cursor skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("skip must not be negative but was " + n);
        }
        return new Cursor(collection, engine, filter, sort, n, limit, projection);
    }

    /**
     * @param n largest number of documents to return; 0 means no limit; not negative
     * @return a copy with that limit
     */
    public Cursor limit(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + n);
        }
        return new Cursor(collection, engine, filter, sort, skip, n, projection);
    }

    /**
     * @param projection the fields to return; not null
     * @return a copy with that projection
     */
    public Cursor projection(Projection projection) {
        return new Cursor(collection, engine, filter, sort, skip, limit,
                Objects.requireNonNull(projection, "projection must not be null"));
    }

    /**
     * @param projection the fields to return as relaxed JSON, such as {@code "{name: 1, _id: 0}"}
     * @return a copy with that projection
     * @throws io.tetherdb.query.InvalidQueryException if the text is not a valid projection
     */
    public Cursor projection(String projection) {
        return projection(Projection.parse(projection));
    }

    /** @return the filter */
    public Filter filter() {
        return filter;
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
     */
    public long count() {
        return engine.read(() -> {
            CollectionStore store = engine.collection(collection.name());
            return store == null ? 0L
                    : replanning(store, false, plan -> page(countMatches(store, plan, new Explanation.Counters())));
        });
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
    private boolean countsKeys(CollectionStore store, QueryPlan plan) {
        return !filter.matchesAll() && plan.exact()
                && engine.atomically(() -> store.count(engine.nowMillis()) == store.storedCount());
    }

    /** Counts the matches, before skip and limit, reading as little as the plan allows. */
    private long countMatches(CollectionStore store, QueryPlan plan, Explanation.Counters counters) {
        if (filter.matchesAll()) {
            return engine.atomically(() -> store.count(engine.nowMillis()));
        }
        if (plan.exact()) {
            // whether no expired document waits for the sweep, and the key count, as of one moment
            long keys = engine.atomically(() -> store.count(engine.nowMillis()) == store.storedCount()
                    ? store.countIndexKeys(plan.index().name(), plan.ranges()) : -1L);
            if (keys >= 0) {
                counters.keys.add(keys);
                return keys;
            }
        }
        long matches = 0;
        try (Matches m = open(store, plan, counters)) {
            while (m.advance()) {
                matches++;
            }
        }
        return matches;
    }

    /**
     * Runs the find and passes each result to the action, releasing the snapshot afterwards.
     *
     * @param action receives each result; not null
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
     */
    public Stream<Document> stream() {
        return engine.read(() -> {
            CollectionStore store = engine.collection(collection.name());
            return store == null ? Stream.<Document>empty()
                    : replanning(store, limit > 0, plan -> run(store, plan, new Explanation.Counters()));
        });
    }

    /**
     * Runs the find to the end and reports how: the plan chosen (an index and its key bounds, or a
     * collection scan), and the keys and documents it read to return its results.
     *
     * @return the plan and its execution counts
     */
    public Explanation explain() {
        return engine.read(this::runExplain);
    }

    private Explanation runExplain() {
        CollectionStore store = engine.collection(collection.name());
        return store == null ? explain(null, QueryPlan.COLLECTION_SCAN) : replanning(store, limit > 0, plan -> explain(store, plan));
    }

    private Explanation explain(CollectionStore store, QueryPlan plan) {
        Explanation.Counters counters = new Explanation.Counters();
        long returned = 0;
        if (store != null) {
            try (Stream<Document> results = run(store, plan, counters)) {
                returned = results.count();
            }
        }
        return new Explanation(plan.usesIndex() ? "IXSCAN" : "COLLSCAN",
                plan.usesIndex() ? plan.index().name() : null, plan.bounds(),
                !sort.isUnsorted() && !plan.providesSort(), counters.keys.sum(), counters.documents.sum(), returned);
    }

    /**
     * Reports how {@link #count()} counts: {@code COUNT_SCAN} when it counts index keys without
     * reading any document, {@code COUNT} when it takes the collection's size (an empty filter),
     * else the plan of the find it runs.
     *
     * @return the plan and its counts; {@code returned} is the count
     */
    public Explanation explainCount() {
        return engine.read(this::runExplainCount);
    }

    private Explanation runExplainCount() {
        CollectionStore store = engine.collection(collection.name());
        if (store == null) {
            return new Explanation("EOF", null, "", false, 0, 0, 0);
        }
        return replanning(store, false, plan -> explainCount(store, plan));
    }

    private Explanation explainCount(CollectionStore store, QueryPlan plan) {
        String stage = countsKeys(store, plan) ? "COUNT_SCAN"
                : filter.matchesAll() ? "COUNT" : plan.usesIndex() ? "IXSCAN" : "COLLSCAN";
        Explanation.Counters counters = new Explanation.Counters();
        long count = page(countMatches(store, plan, counters));
        return new Explanation(stage, plan.usesIndex() ? plan.index().name() : null, plan.bounds(), false,
                counters.keys.sum(), counters.documents.sum(), count);
    }

    /**
     * Plans the query and runs it; if an index the plan chose is dropped before the run reaches
     * it, plans again with the indexes there are now.
     */
    private <T> T replanning(CollectionStore store, boolean limited, Function<QueryPlan, T> run) {
        for (int attempt = 1; ; attempt++) {
            QueryPlan plan = plan(store, limited);
            try {
                return run.apply(plan);
            } catch (CollectionStore.IndexDroppedException e) {
                if (attempt >= MAX_PLANS) {
                    throw e;
                }
            }
        }
    }

    private QueryPlan plan(CollectionStore store, boolean limited) {
        List<IndexStatus> indexes = store.indexInfos();
        return indexes.isEmpty() ? QueryPlan.COLLECTION_SCAN : QueryPlanner.plan(filter, sort, limited, indexes);
    }

    private Stream<Document> run(CollectionStore store, QueryPlan plan, Explanation.Counters counters) {
        Matches matches = open(store, plan, counters);
        Iterator<Document> results;
        try {
            results = sort.isUnsorted() || plan.providesSort() ? new Paged(matches) : sorted(matches);
        } catch (RuntimeException | Error e) {
            matches.close();
            throw e;
        }
        Spliterator<Document> spliterator = Spliterators.spliteratorUnknownSize(new ClosingAware(results),
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(matches::close);
    }

    private Matches open(CollectionStore store, QueryPlan plan, Explanation.Counters counters) {
        return plan.usesIndex() ? new IndexMatches(store, plan, counters) : new ScanMatches(store, counters);
    }

    /** A match with its sort values, extracted once. */
    private record Keyed(Object[] keys, Document document) {
    }

    private Iterator<Document> sorted(Matches matches) {
        Comparator<Keyed> order = (a, b) -> sort.compareSortKeys(a.keys(), b.keys());
        List<Keyed> ordered;
        if (limit > 0 && skip + limit <= Integer.MAX_VALUE - 8) {
            // a bounded heap keeps only the best skip + limit matches in memory
            int keep = (int) (skip + limit);
            PriorityQueue<Keyed> top = new PriorityQueue<>(Math.min(keep, 1024) + 1, order.reversed());
            while (matches.advance()) {
                Document document = matches.document();
                top.add(new Keyed(sort.sortKeys(document), document));
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

    /**
     * Reports a step of the results that the store's close() overtook as
     * {@link StoreClosedException}, not as whatever MVStore threw.
     */
    private final class ClosingAware implements Iterator<Document> {
        private final Iterator<Document> results;

        ClosingAware(Iterator<Document> results) {
            this.results = results;
        }

        @Override
        public boolean hasNext() {
            try {
                return results.hasNext();
            } catch (RuntimeException e) {
                throw engine.translate(e);
            }
        }

        @Override
        public Document next() {
            try {
                return results.next();
            } catch (RuntimeException e) {
                throw engine.translate(e);
            }
        }
    }

    /** Results in the order they are found: skip, limit and projection applied as they stream past. */
    private final class Paged implements Iterator<Document> {
        private final Matches matches;
        private long skipped;
        private long returned;
        private Document next;

        Paged(Matches matches) {
            this.matches = matches;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (limit > 0 && returned >= limit) {
                matches.close();
                return false;
            }
            while (matches.advance()) {
                if (skipped < skip) {
                    skipped++;
                    continue;
                }
                next = projection.apply(matches.document());
                return true;
            }
            return false;
        }

        @Override
        public Document next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Document result = next;
            next = null;
            returned++;
            return result;
        }
    }

    /** A source of matching documents; {@link #advance()} moves to the next one. */
    private abstract class Matches implements AutoCloseable {
        final long now = engine.nowMillis();
        final Explanation.Counters counters;
        private Map<String, Object> current;

        Matches(Explanation.Counters counters) {
            this.counters = counters;
        }

        abstract boolean advance();

        /**
         * Tests one stored record: the filter sees a lazily decoded view, so only the fields it
         * reads are decoded.
         */
        boolean accept(byte[] record) {
            if (record == null || RecordFormat.isExpired(record, now)) {
                return false;
            }
            counters.documents.increment();
            if (filter.matchesAll()) {
                current = RecordFormat.decode(record);
                return true;
            }
            Map<String, Object> lazy = RecordFormat.lazyDocument(record);
            if (filter.matches(lazy)) {
                current = lazy;
                return true;
            }
            return false;
        }

        Document document() {
            return current instanceof Document d ? d : DocumentCodec.toDocument(current);
        }

        @Override
        public abstract void close();
    }

    /** Every document of a snapshot, in id order. */
    private final class ScanMatches extends Matches {
        private final StoreEngine.RecordScan scan;

        ScanMatches(CollectionStore store, Explanation.Counters counters) {
            super(counters);
            this.scan = engine.scan(store);
        }

        @Override
        boolean advance() {
            while (scan.hasNext()) {
                if (accept(scan.next().getValue())) {
                    return true;
                }
            }
            close();
            return false;
        }

        @Override
        public void close() {
            scan.close();
        }
    }

    /** The documents whose ids an index scan yields, each fetched and re-checked against the filter. */
    private final class IndexMatches extends Matches {
        private final StoreEngine.HeldView held;
        private final CollectionStore.View view;
        private final Iterator<String> ids;
        private final Set<String> seen;

        IndexMatches(CollectionStore store, QueryPlan plan, Explanation.Counters counters) {
            super(counters);
            // the index and the documents as of one moment: each id is looked up in the same snapshot,
            // whose version the store holds until this is closed
            this.held = engine.holdView(store, plan.index().name());
            this.view = held.view();
            try {
                this.ids = view.scanIndex(plan.ranges(), plan.reverse(), counters.keys);
            } catch (RuntimeException | Error e) {
                held.close();
                throw e;
            }
            this.seen = plan.multikey() ? new HashSet<>() : null;
        }

        @Override
        boolean advance() {
            engine.ensureOpen();
            while (ids.hasNext()) {
                String id = ids.next();
                if (seen != null && !seen.add(id)) {
                    continue;
                }
                if (accept(view.record(id))) {
                    return true;
                }
            }
            close();
            return false;
        }

        @Override
        public void close() {
            held.close();
        }
    }

    @Override
    public String toString() {
        return "Cursor[" + collection.name() + " " + filter + (sort.isUnsorted() ? "" : " sort " + sort)
                + (skip > 0 ? " skip " + skip : "") + (limit > 0 ? " limit " + limit : "") + "]";
    }
}
