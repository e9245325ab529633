package io.tetherdb.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * Raw MVStore: an {@code MVMap<String, byte[]>} of JSON documents written and parsed with
 * Jackson, MVStore's default settings (background auto-commit). There is no query language: a
 * query parses every document. Expiry is a second map keyed by expiry time and id, walked in order
 * by the sweep. There is no secondary index, so the indexed phases are not applicable. This is the
 * ceiling for key-value operations of any design on MVStore.
 */
final class MvStoreContender extends Contender {

    private static final Comparator<Map<String, Object>> BY_SCORE =
            Comparator.comparingDouble(doc -> ((Number) doc.get("score")).doubleValue());

    private Path file;
    private MVStore store;
    private MVMap<String, byte[]> docs;
    private MVMap<String, String> expiry;

    MvStoreContender(MutableClock clock) {
        super(clock);
    }

    @Override
    String name() {
        return "raw MVStore";
    }

    @Override
    void open(Path dir, Workload workload) {
        this.workload = workload;
        this.file = dir.resolve("mvstore.db");
        reopen();
    }

    @Override
    void reopen() {
        store = new MVStore.Builder().fileName(file.toString()).open();
        docs = store.openMap("docs", new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
        expiry = store.openMap("expiry", new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    }

    private void put(int i, boolean withExpiry) {
        docs.put(workload.id(i), SqliteContender.JSON.writeValueAsBytes(workload.document(i)));
        if (withExpiry && Workload.expires(i)) {
            expiry.put(expiryKey(clock.millis() + TTL.toMillis(), workload.id(i)), workload.id(i));
        }
    }

    private static String expiryKey(long at, String id) {
        return String.format("%019d|%s", at, id);
    }

    private static Map<String, Object> parse(byte[] json) {
        return SqliteContender.JSON.readValue(json, SqliteContender.MAP);
    }

    @Override
    void insertOne(int i) {
        put(i, true);
    }

    @Override
    void insertBatch(int from, int to) {
        for (int i = from; i < to; i++) {
            put(i, true);
        }
        store.commit();
    }

    @Override
    Map<String, Object> get(int i) {
        byte[] json = docs.get(workload.id(i));
        return json == null ? null : parse(json);
    }

    @Override
    List<Map<String, Object>> findByAge(int age) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Cursor<String, byte[]> it = docs.cursor(null); it.hasNext();) {
            String key = it.next();
            Map<String, Object> doc = parse(it.getValue());
            if (doc.get("age") instanceof Number n && n.intValue() == age) {
                doc.put("_id", key);
                result.add(doc);
            }
        }
        return result;
    }

    @Override
    void createAgeIndex() {
        throw new UnsupportedOperationException("raw MVStore has no secondary index");
    }

    @Override
    List<Map<String, Object>> topScoresByAgeRange(int from, int to, int limit) {
        PriorityQueue<Map<String, Object>> top = new PriorityQueue<>(limit + 1, BY_SCORE);
        for (Cursor<String, byte[]> it = docs.cursor(null); it.hasNext();) {
            String key = it.next();
            Map<String, Object> doc = parse(it.getValue());
            if (doc.get("age") instanceof Number n && n.intValue() >= from && n.intValue() < to) {
                doc.put("_id", key);
                top.add(doc);
                if (top.size() > limit) {
                    top.poll();
                }
            }
        }
        List<Map<String, Object>> result = new ArrayList<>(top);
        result.sort(BY_SCORE.reversed());
        return result;
    }

    @Override
    long countAll() {
        return docs.sizeAsLong();
    }

    @Override
    long countByAge(int age) {
        return findByAge(age).size();
    }

    @Override
    void delete(int i) {
        docs.remove(workload.id(i));
    }

    @Override
    int sweepExpired() {
        String bound = expiryKey(clock.millis(), "\uffff");
        List<String> due = new ArrayList<>();
        for (Iterator<String> it = expiry.keyIterator(null); it.hasNext();) {
            String key = it.next();
            if (key.compareTo(bound) > 0) {
                break;
            }
            due.add(key);
        }
        int removed = 0;
        for (String key : due) {
            if (docs.remove(expiry.remove(key)) != null) {
                removed++;
            }
        }
        store.commit();
        return removed;
    }

    @Override
    void deleteBatch(List<Integer> indexes) {
        for (int i : indexes) {
            docs.remove(workload.id(i));
        }
        store.commit();
    }

    @Override
    void restore(List<Integer> indexes) {
        for (int i : indexes) {
            put(i, false);
        }
        store.commit();
    }

    @Override
    long closeAndMeasure() throws Exception {
        store.close();
        return sizeOf(file);
    }

    @Override
    DurableWriter openDurable(Path dir, Guarantee guarantee) {
        boolean fsync = guarantee == Guarantee.FSYNC_EACH;
        MVStore durable = new MVStore.Builder().fileName(dir.resolve("durable.db").toString()).open();
        MVMap<String, byte[]> map = durable.openMap("docs", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        return new DurableWriter() {
            @Override
            public void write(int i) {
                map.put(workload.id(i), SqliteContender.JSON.writeValueAsBytes(workload.document(i)));
                durable.commit();
                if (fsync) {
                    durable.sync();
                }
            }

            @Override
            public String howDurable() {
                return fsync ? "put + commit() + sync() per write" : "put + commit() per write";
            }

            @Override
            public void close() {
                durable.close();
            }
        };
    }

    @Override
    public void close() {
        if (store != null && !store.isClosed()) {
            store.close();
        }
    }
}
