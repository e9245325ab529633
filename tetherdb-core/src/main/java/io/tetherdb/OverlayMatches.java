package io.tetherdb;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * The matches of a find inside a transaction: the snapshot's documents as the plan reads them (by
 * id, an index scan, or every document: a union of indexes and an id range read every document
 * and let the filter decide), leaving out those the transaction wrote, then the transaction's
 * own live documents that match. Not thread-safe: it belongs to one run on the transaction's thread.
 */
final class OverlayMatches extends Matches {
    private final Transaction tx;
    private final CollectionStore.View view;
    private final Map<String, PreparedRecord> overlay;
    private final Iterator<String> ids;
    private final Iterator<Map.Entry<String, byte[]>> records;
    private final Set<String> seen;
    private Iterator<PreparedRecord> buffered;
    private final String collection;

    OverlayMatches(StoreEngine engine, Transaction tx, String collection, CollectionStore.View view,
            Map<String, PreparedRecord> overlay,
            QueryPlan plan, Filter filter, LongAdder examined, Explanation.Counters counters, QueryDeadline deadline) {
        super(engine, filter, examined, counters, deadline);
        this.tx = tx;
        this.collection = collection;
        this.view = view;
        this.overlay = overlay;
        if (view == null) {
            this.ids = null;
            this.records = null;
        } else if (plan.usesIds() && plan.ids().lookups()) {
            // _id equality and $in: the snapshot's documents are read by id, as outside transactions
            this.ids = new TreeSet<>(plan.ids().points()).iterator();
            this.records = null;
        } else if (plan.usesIndex()) {
            this.ids = view.scanIndex(plan.index().name(), plan.ranges(), plan.reverse(), counters.keys);
            this.records = null;
        } else {
            this.ids = null;
            this.records = view.records();
        }
        this.seen = plan.usesIndex() && plan.multikey() ? new HashSet<>() : null;
    }

    @Override
    boolean advance() {
        if (closed) {
            return false;
        }
        // the snapshot's pages stay reserved only while the transaction is open
        tx.checkUsable("read", collection);
        engine.ensureOpen();
        if (buffered == null) {
            while (ids != null && ids.hasNext()) {
                deadline.check();
                String id = ids.next();
                if ((seen != null && !seen.add(id)) || overlay.containsKey(id)) {
                    continue;
                }
                if (accept(view.record(id))) {
                    return true;
                }
            }
            while (records != null && records.hasNext()) {
                deadline.check();
                Map.Entry<String, byte[]> entry = records.next();
                if (!overlay.containsKey(entry.getKey()) && accept(entry.getValue())) {
                    return true;
                }
            }
            buffered = overlay.values().iterator();
        }
        while (buffered.hasNext()) {
            deadline.check();
            PreparedRecord prepared = buffered.next();
            if (prepared != null && accept(prepared.record())) {
                return true;
            }
        }
        close();
        return false;
    }

    @Override
    public void close() {
        closed = true;
    }
}
