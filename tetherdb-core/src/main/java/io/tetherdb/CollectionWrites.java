package io.tetherdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * The write operations of one collection as they run under the store's write lock, on documents
 * already checked and prepared by {@link TetherCollection}: each method is one operation, so it is
 * written whole, in one commit, or not at all. Thread-safe: the store serialises the operations.
 */
final class CollectionWrites {

    private final StoreEngine engine;
    private final String name;
    private final LongAdder examined;

    /**
     * @param examined counts the documents tested against a condition, for the store's statistics
     */
    CollectionWrites(StoreEngine engine, String name, LongAdder examined) {
        this.engine = engine;
        this.name = name;
        this.examined = examined;
    }

    /** Stores new documents, creating the collection if needed; a taken id rejects them all. */
    void insert(List<PreparedRecord> batch) {
        engine.write(mutations -> {
            CollectionStore store = engine.createCollectionLocked(mutations, name);
            long now = engine.nowMillis();
            for (PreparedRecord prepared : batch) {
                store.insert(mutations, prepared.id(), prepared.record(), prepared.document(), now);
            }
            return null;
        });
    }

    /** @return whether a live document had the id and was replaced */
    boolean replace(PreparedRecord prepared) {
        return engine.write(mutations -> {
            CollectionStore store = engine.collection(name);
            if (store == null || !store.contains(prepared.id(), engine.nowMillis())) {
                return false;
            }
            store.put(mutations, prepared.id(), prepared.record(), prepared.document());
            return true;
        });
    }

    /** @return whether a live document had the id, matched the condition and was replaced */
    boolean replaceIf(PreparedRecord prepared, Filter condition, QueryDeadline deadline) {
        return engine.write(mutations -> {
            CollectionStore store = engine.collection(name);
            byte[] current = store == null ? null : store.get(prepared.id(), engine.nowMillis());
            if (current == null) {
                return false;
            }
            examined.increment();
            if (!condition.matches(RecordFormat.lazyDocument(current), deadline)) {
                return false;
            }
            store.put(mutations, prepared.id(), prepared.record(), prepared.document());
            return true;
        });
    }

    /** Stores a document whether or not its id is taken, creating the collection if needed. */
    void upsert(PreparedRecord prepared) {
        engine.write(mutations -> {
            CollectionStore store = engine.createCollectionLocked(mutations, name);
            store.put(mutations, prepared.id(), prepared.record(), prepared.document());
            return null;
        });
    }

    /**
     * Removes the given documents in one write: all of them, or with a condition only those that
     * are live and match it. Expired documents are removed too when there is no condition, but
     * never counted.
     *
     * @param ids the ids, without duplicates or null
     * @param condition what a document must match to be removed, or null for none
     * @param deadline the time limit of checking the condition; null when there is none
     * @return how many live documents were removed
     */
    int remove(Set<String> ids, Filter condition, QueryDeadline deadline) {
        return engine.write(mutations -> {
            CollectionStore store = engine.collection(name);
            if (store == null) {
                return 0;
            }
            long now = engine.nowMillis();
            if (condition == null) {
                int removed = 0;
                for (String id : ids) {
                    byte[] previous = store.remove(mutations, id);
                    if (previous != null && !RecordFormat.isExpired(previous, now)) {
                        removed++;
                    }
                }
                return removed;
            }
            // every condition is checked before the first removal, so that a check cut short by the
            // deadline or an interrupt leaves the collection exactly as it was
            List<String> matching = new ArrayList<>();
            for (String id : ids) {
                if (ids.size() > 1) {
                    // one document is one step: like any single-document write, deleteIf serves a
                    // caller whose interrupt flag is set
                    deadline.check();
                }
                byte[] current = store.get(id, now);
                if (current != null) {
                    examined.increment();
                    if (condition.matches(RecordFormat.lazyDocument(current), deadline)) {
                        matching.add(id);
                    }
                }
            }
            for (String id : matching) {
                store.remove(mutations, id);
            }
            return matching.size();
        });
    }
}
