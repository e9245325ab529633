package io.tetherdb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * Where a find inside a {@link Transaction} reads one collection: the snapshot's view of it with the
 * transaction's writes over it. Belongs to the transaction's thread.
 */
final class OverlaySource implements QuerySource {
    private final StoreEngine engine;
    private final Transaction tx;
    private final String name;
    private final CollectionStore.View view;
    private final Map<String, PreparedRecord> overlay;

    /**
     * @param view the snapshot's view of the collection, or null when it had none
     * @param overlay the writes over it by id (null records are removals); the source's own, not copied
     */
    OverlaySource(StoreEngine engine, Transaction tx, String name, CollectionStore.View view,
            Map<String, PreparedRecord> overlay) {
        this.engine = engine;
        this.tx = tx;
        this.name = name;
        this.view = view;
        this.overlay = overlay;
    }

    /** @return whether there is nothing to read: no snapshot view and no writes */
    boolean isEmpty() {
        return view == null && overlay.isEmpty();
    }

    @Override
    public List<IndexStatus> indexes() {
        return view == null ? List.of() : view.indexStatuses();
    }

    @Override
    public Matches open(QueryPlan plan, Filter filter, LongAdder examined, Explanation.Counters counters,
            QueryDeadline deadline) {
        return new OverlayMatches(engine, tx, name, view, overlay, plan, filter, examined, counters, deadline);
    }

    @Override
    public long liveCount() {
        long now = engine.nowMillis();
        long count = view == null ? 0 : view.liveCount(now);
        for (Map.Entry<String, PreparedRecord> write : overlay.entrySet()) {
            byte[] before = view == null ? null : view.record(write.getKey());
            if (before != null && !RecordFormat.isExpired(before, now)) {
                count--;
            }
            PreparedRecord after = write.getValue();
            if (after != null && !RecordFormat.isExpired(after.record(), now)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public long exactKeyCount(QueryPlan plan) {
        // the index holds the snapshot's keys, not the buffered writes', nor any expiry
        return -1;
    }

    @Override
    public long keysInRanges(QueryPlan plan) {
        return -1;
    }

    @Override
    public boolean indexOrdered() {
        return overlay.isEmpty();
    }
}
