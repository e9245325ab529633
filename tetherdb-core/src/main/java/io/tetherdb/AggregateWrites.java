package io.tetherdb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.internal.aggregate.PipelineSource;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.InvalidQueryException;

/**
 * The write of an aggregation's {@code $out} or {@code $merge}: one operation under the store's
 * write lock, so the target collection gets all of the output or, when any document is refused,
 * none of it. Thread-safe: the store serialises the operations.
 */
final class AggregateWrites {

    private final TetherDB db;
    private final StoreEngine engine;

    AggregateWrites(TetherDB db, StoreEngine engine) {
        this.db = db;
        this.engine = engine;
    }

    long write(PipelineSource.Output output) {
        engine.ensureWritable(output.replaceAll() ? "$out" : "$merge");
        String name = output.collection();
        // documents are checked and encoded before the write lock is taken
        List<PreparedRecord> prepared = new ArrayList<>(output.documents().size());
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (Document document : output.documents()) {
            PreparedRecord record = prepare(document);
            if (!seen.add(record.id())) {
                throw new DuplicateKeyException(name, record.id(), (output.replaceAll() ? "$out" : "$merge")
                        + " output holds _id '" + record.id() + "' twice (document " + index + ") for collection '"
                        + name + "'; nothing was written");
            }
            prepared.add(record);
            index++;
        }
        return engine.write(mutations -> {
            CollectionStore store = engine.createCollectionLocked(mutations, name);
            long now = engine.nowMillis();
            long written = 0;
            if (output.replaceAll()) {
                List<String> existing = new ArrayList<>();
                Iterator<Map.Entry<String, byte[]>> records = store.view(null).records();
                while (records.hasNext()) {
                    existing.add(records.next().getKey());
                }
                for (String id : existing) {
                    store.remove(mutations, id);
                }
                for (PreparedRecord record : prepared) {
                    store.insert(mutations, record.id(), record.record(), record.document(), now);
                    written++;
                }
                return written;
            }
            for (PreparedRecord record : prepared) {
                byte[] current = store.get(record.id(), now);
                if (current == null) {
                    switch (output.whenNotMatched()) {
                        case "insert" -> {
                            store.put(mutations, record.id(), record.record(), record.document());
                            written++;
                        }
                        case "discard" -> {
                        }
                        default -> throw new InvalidQueryException("$merge found no document with _id '" + record.id()
                                + "' in collection '" + name + "' and whenNotMatched is 'fail'; nothing was written");
                    }
                    continue;
                }
                switch (output.whenMatched()) {
                    case "replace" -> {
                        store.put(mutations, record.id(), record.record(), record.document());
                        written++;
                    }
                    case "keepExisting" -> {
                    }
                    case "merge" -> {
                        Document merged = RecordFormat.decode(current);
                        merged.putAll(RecordFormat.decode(record.record()));
                        PreparedRecord combined = prepare(merged);
                        store.put(mutations, combined.id(), combined.record(), combined.document());
                        written++;
                    }
                    default -> throw new DuplicateKeyException(name, record.id(), "$merge found a document with _id '"
                            + record.id() + "' in collection '" + name + "' and whenMatched is 'fail'; nothing was"
                            + " written");
                }
            }
            return written;
        });
    }

    private PreparedRecord prepare(Map<String, ?> document) {
        return db.records().prepare(document, null, List.of(), () -> RecordFormat.NEVER);
    }
}
