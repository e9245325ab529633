package io.tetherdb.spring.console;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.AggregateResult;
import io.tetherdb.Explanation;
import io.tetherdb.FindQuery;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherStatistics;
import io.tetherdb.document.Document;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the console reads: a store's state, its collections with their indexes, pages of documents,
 * one document, the plan of a find, and aggregation results. Never writes, except through an
 * aggregation's {@code $out} or {@code $merge}, which the caller allows or refuses.
 *
 * <p>Thread-safe: holds no state of its own.
 */
final class ConsoleReads {

    /** Most documents one page or one aggregation returns. */
    static final int MAX_RESULTS = 1000;

    private final IndexBuilds builds;

    ConsoleReads(IndexBuilds builds) {
        this.builds = builds;
    }

    StoreView store(String name, TetherDB db) {
        Health health = health(db);
        if (health.status.equals("DOWN")) {
            return new StoreView(name, db.path().map((path) -> path.toAbsolutePath().toString()).orElse(null),
                    db.path().isEmpty(), db.options().readOnly(), false, 0, 0, 0, 0, 0, 0, null, 0, null, health,
                    0, 0, 0, 0);
        }
        TetherStatistics statistics = db.statistics();
        long documents = statistics.collections().stream().mapToLong(TetherStatistics.CollectionCount::documents).sum();
        return new StoreView(name, db.path().map((path) -> path.toAbsolutePath().toString()).orElse(null),
                db.path().isEmpty(), db.options().readOnly(), db.isEncrypted(), db.formatVersion(),
                statistics.fileSize(), db.liveDataPercent(), statistics.collections().size(), documents,
                statistics.commits(), db.lastCommitTime().map(Object::toString).orElse(null),
                statistics.backgroundFailures(), statistics.lastBackgroundFailure(), health, statistics.reads(),
                statistics.documentWrites(), statistics.documentsExamined(), db.expiringDocuments());
    }

    private static Health health(TetherDB db) {
        if (db.isClosed()) {
            return new Health("DOWN", "The store is closed");
        }
        try {
            // the cheapest call that checks the store's state: it throws once the store is closed or failed
            db.collectionNames();
        }
        catch (StoreClosedException ex) {
            return new Health("DOWN", ex.getMessage());
        }
        long failures = db.statistics().backgroundFailures();
        return new Health("UP", (failures > 0) ? failures + " background task(s) failed since the store opened" : null);
    }

    List<CollectionView> collections(String storeName, TetherDB db) {
        List<CollectionView> views = new ArrayList<>();
        for (String name : db.collectionNames()) {
            TetherCollection collection = db.collection(name);
            List<IndexView> indexes = new ArrayList<>();
            for (IndexStatus index : collection.listIndexes()) {
                indexes.add(new IndexView(index.definition().name(), index.definition().keys().toJson(),
                        index.definition().isUnique(), index.definition().isSparse(), index.multikey(),
                        index.entries()));
            }
            views.add(new CollectionView(name, collection.count(), collection.expiringDocuments(), indexes,
                    this.builds.running(storeName, name)));
        }
        return views;
    }

    DocumentPage documents(TetherCollection collection, Query query) {
        List<ObjectNode> documents = new ArrayList<>();
        query.find(collection).forEach((document) -> documents.add(ConsoleJson.document(document)));
        long total = collection.count(query.filter);
        return new DocumentPage(documents, total, query.skip, query.limit);
    }

    ObjectNode document(TetherCollection collection, String id) {
        Document document = collection.get(id)
            .orElseThrow(() -> ConsoleProblem.notFound("No document with _id '" + id + "' in " + collection.name()));
        return ConsoleJson.document(document);
    }

    Plan explain(TetherCollection collection, Query query) {
        Explanation explanation = query.find(collection).explain();
        List<String> steps = new ArrayList<>();
        switch (explanation.stage()) {
            case "COLLSCAN" -> steps.add("Read every document of the collection: no index applies to this filter.");
            case "IXSCAN" -> steps.add("Read the index " + explanation.index() + " over " + explanation.bounds() + ".");
            case "ID_LOOKUP" -> steps.add("Looked the documents up by _id.");
            case "ID_RANGE" -> steps.add("Read the range of ids " + explanation.bounds() + ".");
            case "OR" -> steps.add("Read each branch of the $or from its index (" + explanation.index()
                    + ") and united the matches.");
            default -> steps.add("Ran the find as " + explanation.stage() + ".");
        }
        if (!query.sort.isUnsorted()) {
            steps.add(explanation.inMemorySort() ? "Sorted the matches in memory."
                    : "Took the sort order from the index: no sorting needed.");
        }
        steps.add("Examined " + explanation.keysExamined() + " index key(s) and " + explanation.documentsExamined()
                + " document(s) to return " + explanation.returned() + ".");
        return new Plan(explanation.stage(), explanation.index(), explanation.bounds(), explanation.inMemorySort(),
                explanation.keysExamined(), explanation.documentsExamined(), explanation.returned(), steps);
    }

    /**
     * @param allowOutput whether the pipeline may write with {@code $out} or {@code $merge}
     */
    AggregationView aggregate(TetherCollection collection, String pipeline, boolean explain, boolean allowOutput) {
        AggregateResult result;
        try {
            result = collection.aggregate(pipeline);
        }
        catch (InvalidQueryException ex) {
            throw ConsoleJson.invalid("pipeline", pipeline, ex.getMessage(), ex);
        }
        for (Document stage : result.pipeline()) {
            if (!allowOutput && (stage.containsKey("$out") || stage.containsKey("$merge"))) {
                throw TetherDbConsole.writesOff("An aggregation with " + stage.keySet().iterator().next()
                        + " writes to a collection");
            }
        }
        if (explain) {
            return new AggregationView(List.of(), false, ConsoleJson.tree(result.explain()));
        }
        List<ObjectNode> documents = new ArrayList<>();
        try (Stream<Document> stream = result.stream()) {
            stream.limit(MAX_RESULTS + 1L).forEach((document) -> documents.add(ConsoleJson.document(document)));
        }
        boolean truncated = documents.size() > MAX_RESULTS;
        return new AggregationView(truncated ? documents.subList(0, MAX_RESULTS) : documents, truncated, null);
    }

    /** A find as the page asks for it. */
    static final class Query {

        final Filter filter;

        final Sort sort;

        final Projection projection;

        final long skip;

        final int limit;

        Query(@Nullable String filter, @Nullable String sort, @Nullable String projection, @Nullable String skip,
                @Nullable String limit) {
            this.filter = ConsoleJson.filter(filter);
            this.sort = ConsoleJson.sort(sort);
            this.projection = ConsoleJson.projection(projection);
            this.skip = number("skip", skip, 0, 0, Long.MAX_VALUE);
            this.limit = (int) number("limit", limit, 25, 1, MAX_RESULTS);
        }

        private static long number(String name, @Nullable String text, long otherwise, long min, long max) {
            if (text == null || text.isBlank()) {
                return otherwise;
            }
            try {
                long value = Long.parseLong(text.trim());
                if (value >= min && value <= max) {
                    return value;
                }
            }
            catch (NumberFormatException ex) {
                // answered below
            }
            throw ConsoleProblem.badRequest("'" + name + "' must be a whole number from " + min + " to " + max
                    + " but was '" + text + "'").with("field", name);
        }

        FindQuery find(TetherCollection collection) {
            return collection.find(this.filter).sort(this.sort).projection(this.projection).skip(this.skip)
                .limit(this.limit);
        }

    }

    record Health(String status, @Nullable String detail) {
    }

    record StoreView(String name, @Nullable String path, boolean inMemory, boolean readOnly, boolean encrypted,
            int formatVersion, long fileSize, int liveDataPercent, int collections, long documents, long commits,
            @Nullable String lastCommit, long backgroundFailures, @Nullable String lastBackgroundFailure,
            Health health, long reads, long documentWrites, long documentsExamined, long expiring) {
    }

    record IndexView(String name, String keys, boolean unique, boolean sparse, boolean multikey, long entries) {
    }

    record CollectionView(String name, long documents, long expiring, List<IndexView> indexes,
            List<IndexBuilds.Progress> building) {
    }

    record DocumentPage(List<ObjectNode> documents, long total, long skip, int limit) {
    }

    record Plan(String stage, @Nullable String index, @Nullable String bounds, boolean inMemorySort,
            long keysExamined, long documentsExamined, long returned, List<String> steps) {
    }

    record AggregationView(List<ObjectNode> documents, boolean truncated, @Nullable ObjectNode explain) {
    }

}
