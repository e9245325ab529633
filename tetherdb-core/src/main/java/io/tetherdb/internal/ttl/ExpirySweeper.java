package io.tetherdb.internal.ttl;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.ExpiryKey;
import io.tetherdb.internal.store.StoreEngine;

/**
 * Removes expired documents. It walks each collection's expiry index from the oldest entry and
 * stops at the first one still in the future, so a sweep reads only what has expired; removals
 * happen in batches of {@value #BATCH} under the write lock, letting other writers in between.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class ExpirySweeper {

    /** Documents removed per write operation. */
    public static final int BATCH = 1000;

    private final StoreEngine engine;
    private final LongAdder removed = new LongAdder();

    /**
     * @param engine the store to sweep; not null
     */
    public ExpirySweeper(StoreEngine engine) {
        this.engine = engine;
    }

    /**
     * Removes every document that has expired by now.
     *
     * @return the number of documents removed
     */
    public int sweep() {
        long now = engine.nowMillis();
        int total = 0;
        for (String name : engine.collectionNames()) {
            CollectionStore collection = engine.collection(name);
            if (collection != null) {
                total += sweep(collection, now);
            }
        }
        return total;
    }

    private int sweep(CollectionStore collection, long now) {
        int total = 0;
        while (true) {
            List<ExpiryKey> due = engine.read(() -> collection.dueForExpiry(now, BATCH));
            if (due.isEmpty()) {
                return total;
            }
            int removedNow = engine.write(mutations -> {
                int n = 0;
                for (ExpiryKey key : due) {
                    if (collection.removeExpired(mutations, key)) {
                        n++;
                    }
                }
                return n;
            });
            removed.add(removedNow);
            total += removedNow;
            if (due.size() < BATCH) {
                return total;
            }
        }
    }

    /** @return the number of expired documents removed since the store opened */
    public long removedTotal() {
        return removed.sum();
    }
}
