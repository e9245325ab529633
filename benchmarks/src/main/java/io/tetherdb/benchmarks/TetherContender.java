package io.tetherdb.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherDBBuilder;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;

/**
 * TetherDB, file-backed, with default options (or with compression off). The only options set
 * besides are the clock, so that the documents with a time-to-live can be made to expire, and no
 * background expiry sweep, so that the timed sweep is the only one.
 */
final class TetherContender extends Contender {

    private static final PutOptions EXPIRING = PutOptions.defaults().ttl(TTL);

    private final boolean compression;
    private Path file;
    private TetherDB db;
    private TetherCollection docs;

    TetherContender(MutableClock clock, boolean compression) {
        super(clock);
        this.compression = compression;
    }

    @Override
    String name() {
        return compression ? "TetherDB" : "TetherDB (no compression)";
    }

    private TetherDBBuilder builder(Path path) {
        // the background sweep (every 60 s by default) is off: in a run of minutes it could start right
        // after the clock moves and sweep part of the expired documents concurrently with the timed cleanup()
        TetherDBBuilder builder = TetherDB.builder().path(path).clock(clock).cleanupInterval(Duration.ZERO);
        return compression ? builder : builder.compression(false);
    }

    @Override
    void open(Path dir, Workload workload) {
        this.workload = workload;
        this.file = dir.resolve("tether.db");
        reopen();
    }

    private Map<String, Object> withId(int i) {
        Map<String, Object> doc = new LinkedHashMap<>(workload.document(i));
        doc.put("_id", workload.id(i));
        return doc;
    }

    @Override
    void insertOne(int i) {
        docs.put(withId(i), Workload.expires(i) ? EXPIRING : PutOptions.defaults());
    }

    @Override
    void insertBatch(int from, int to) {
        List<Map<String, Object>> batch = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            batch.add(withId(i));
        }
        // the expiring documents get their time-to-live here too, as in insertOne and in the peers' batches
        docs.putBatch(batch, doc -> Workload.expires(Integer.parseInt((String) doc.get("_id"))) ? EXPIRING
                : PutOptions.defaults());
    }

    @Override
    Map<String, Object> get(int i) {
        return docs.get(workload.id(i)).orElse(null);
    }

    @Override
    List<Map<String, Object>> findByAge(int age) {
        return new ArrayList<>(docs.find(Filters.eq("age", age)).toList());
    }

    @Override
    void createAgeIndex() {
        docs.createIndex("{age: 1}");
    }

    @Override
    List<Map<String, Object>> topScoresByAgeRange(int from, int to, int limit) {
        List<Document> top = docs.find(Filters.and(Filters.gte("age", from), Filters.lt("age", to)))
                .sort("{score: -1}").limit(limit).toList();
        return new ArrayList<>(top);
    }

    @Override
    long countAll() {
        return docs.count();
    }

    @Override
    long countByAge(int age) {
        return docs.count(Filters.eq("age", age));
    }

    @Override
    void delete(int i) {
        docs.delete(workload.id(i));
    }

    @Override
    int sweepExpired() {
        return db.cleanup();
    }

    @Override
    void deleteBatch(List<Integer> indexes) {
        List<String> ids = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            ids.add(workload.id(i));
        }
        docs.deleteBatch(ids);
    }

    @Override
    void restore(List<Integer> indexes) {
        List<Map<String, Object>> batch = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            batch.add(withId(i));
        }
        docs.putBatch(batch);
    }

    @Override
    long closeAndMeasure() throws Exception {
        db.close();
        return sizeOf(file);
    }

    @Override
    void reopen() {
        db = builder(file).open();
        docs = db.collection("docs");
    }

    @Override
    Path storeFile() {
        return file;
    }

    @Override
    DurableWriter openDurable(Path dir, Guarantee guarantee) {
        boolean fsync = guarantee == Guarantee.FSYNC_EACH;
        // flushThreshold(1) commits inside each put, under the write lock, before it returns
        TetherDB durable = (fsync ? builder(dir.resolve("durable.db"))
                : builder(dir.resolve("committed.db")).flushThreshold(1)).open();
        TetherCollection collection = durable.collection("docs");
        return new DurableWriter() {
            @Override
            public void write(int i) {
                collection.put(withId(i));
                if (fsync) {
                    durable.flush();
                }
            }

            @Override
            public String howDurable() {
                return fsync ? "put + flush() (commit + fsync, shared by concurrent callers)"
                        : "put with flushThreshold(1) (a commit inside every put, no fsync)";
            }

            @Override
            public void close() {
                durable.close();
            }
        };
    }

    @Override
    public void close() {
        if (db != null && !db.isClosed()) {
            db.close();
        }
    }
}
