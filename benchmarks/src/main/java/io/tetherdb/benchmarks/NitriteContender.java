package io.tetherdb.benchmarks;

import static org.dizitart.no2.filters.FluentFilter.where;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.dizitart.no2.Nitrite;
import org.dizitart.no2.collection.Document;
import org.dizitart.no2.collection.FindOptions;
import org.dizitart.no2.collection.NitriteCollection;
import org.dizitart.no2.collection.NitriteId;
import org.dizitart.no2.common.SortOrder;
import org.dizitart.no2.common.tuples.Pair;
import org.dizitart.no2.filters.Filter;
import org.dizitart.no2.index.IndexOptions;
import org.dizitart.no2.index.IndexType;
import org.dizitart.no2.mvstore.MVStoreModule;

/**
 * Nitrite 4 on its MVStore adapter, default settings (MVStore background auto-commit). Nitrite
 * generates its own ids ({@code _id} cannot be set), so the harness keeps the id each insert
 * returns, as a user would, and stores the workload's id in a plain {@code key} field. Expiring
 * documents carry an {@code expiresAt} field with a non-unique index, swept by
 * {@code remove(and(where("expiresAt").gte(0), where("expiresAt").lte(now)))}.
 */
final class NitriteContender extends Contender {

    private Path file;
    private Nitrite db;
    private NitriteCollection docs;
    private NitriteId[] ids;

    NitriteContender(MutableClock clock) {
        super(clock);
    }

    @Override
    String name() {
        return "Nitrite";
    }

    private static Nitrite openDb(Path file) {
        return Nitrite.builder().loadModule(MVStoreModule.withConfig().filePath(file.toFile()).build()).openOrCreate();
    }

    @Override
    void open(Path dir, Workload workload) {
        this.workload = workload;
        this.file = dir.resolve("nitrite.db");
        this.ids = new NitriteId[workload.size()];
        reopen();
        docs.createIndex(IndexOptions.indexOptions(IndexType.NON_UNIQUE), "expiresAt");
    }

    @Override
    void reopen() {
        db = openDb(file);
        docs = db.getCollection("docs");
    }

    private Document document(int i, boolean withExpiry) {
        Document doc = Document.createDocument("key", workload.id(i));
        for (Map.Entry<String, Object> field : workload.document(i).entrySet()) {
            doc.put(field.getKey(), field.getValue());
        }
        if (withExpiry && Workload.expires(i)) {
            doc.put("expiresAt", clock.millis() + TTL.toMillis());
        }
        return doc;
    }

    @Override
    void insertOne(int i) {
        ids[i] = docs.insert(document(i, true)).iterator().next();
    }

    @Override
    void insertBatch(int from, int to) {
        Document[] batch = new Document[to - from];
        for (int i = from; i < to; i++) {
            batch[i - from] = document(i, true);
        }
        Iterator<NitriteId> inserted = docs.insert(batch).iterator();
        for (int i = from; i < to; i++) {
            ids[i] = inserted.next();
        }
    }

    private static Map<String, Object> toMap(Document doc) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (Pair<String, Object> field : doc) {
            map.put(field.getFirst(), field.getSecond());
        }
        return map;
    }

    @Override
    Map<String, Object> get(int i) {
        Document doc = docs.getById(ids[i]);
        return doc == null ? null : toMap(doc);
    }

    private static List<Map<String, Object>> toMaps(Iterable<Document> docs) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Document doc : docs) {
            result.add(toMap(doc));
        }
        return result;
    }

    @Override
    List<Map<String, Object>> findByAge(int age) {
        return toMaps(docs.find(where("age").eq(age)));
    }

    @Override
    void createAgeIndex() {
        docs.createIndex(IndexOptions.indexOptions(IndexType.NON_UNIQUE), "age");
    }

    @Override
    List<Map<String, Object>> topScoresByAgeRange(int from, int to, int limit) {
        return toMaps(docs.find(Filter.and(where("age").gte(from), where("age").lt(to)),
                FindOptions.orderBy("score", SortOrder.Descending).limit(limit)));
    }

    @Override
    long countAll() {
        return docs.size();
    }

    @Override
    long countByAge(int age) {
        return docs.find(where("age").eq(age)).size();
    }

    @Override
    void delete(int i) {
        docs.remove(Filter.byId(ids[i]));
    }

    @Override
    int sweepExpired() {
        // A lone lte() over this index finds nothing in Nitrite 4.3.2 (documents without the field are
        // indexed as null and end the scan); a lower bound makes the index scan start past them.
        return docs.remove(Filter.and(where("expiresAt").gte(0L), where("expiresAt").lte(clock.millis())))
                .getAffectedCount();
    }

    @Override
    void deleteBatch(List<Integer> indexes) {
        for (int i : indexes) {
            docs.remove(Filter.byId(ids[i]));
        }
        db.commit();
    }

    @Override
    void restore(List<Integer> indexes) {
        Document[] batch = new Document[indexes.size()];
        for (int k = 0; k < batch.length; k++) {
            batch[k] = document(indexes.get(k), false);
        }
        Iterator<NitriteId> inserted = docs.insert(batch).iterator();
        for (int i : indexes) {
            ids[i] = inserted.next();
        }
    }

    @Override
    long closeAndMeasure() throws Exception {
        db.close();
        return sizeOf(file);
    }

    @Override
    DurableWriter openDurable(Path dir, Guarantee guarantee) {
        if (guarantee == Guarantee.FSYNC_EACH) {
            throw new UnsupportedOperationException("Nitrite exposes no fsync: commit() reaches the OS, not the disk");
        }
        Nitrite durable = openDb(dir.resolve("durable.db"));
        NitriteCollection collection = durable.getCollection("docs");
        return new DurableWriter() {
            @Override
            public void write(int i) {
                collection.insert(document(i, false));
                durable.commit();
            }

            @Override
            public String howDurable() {
                return "insert + commit() per write";
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
