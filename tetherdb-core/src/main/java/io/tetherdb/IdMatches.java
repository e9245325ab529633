package io.tetherdb;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.plan.IdSelection;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.HeldView;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * The matches among the documents read from the primary map by id: looked up one by one, or read
 * in a range of ids, each re-checked against the filter. Not thread-safe.
 */
final class IdMatches extends Matches {
    private final HeldView held;
    private final CollectionStore.View view;
    private final IdSelection ids;
    private final Iterator<String> points;
    private final Iterator<Map.Entry<String, byte[]>> range;

    IdMatches(StoreEngine engine, CollectionStore store, IdSelection ids, Filter filter, LongAdder examined,
            Explanation.Counters counters, QueryDeadline deadline) {
        super(engine, filter, examined, counters, deadline);
        // every id is read in the same snapshot, whose version the store holds until this is closed
        this.held = engine.holdView(store, null);
        this.view = held.view();
        this.ids = ids;
        try {
            this.points = ids.lookups() ? ids.points().iterator() : null;
            this.range = ids.lookups() ? null : view.records(ids.from());
        } catch (RuntimeException | Error e) {
            held.close();
            throw e;
        }
    }

    @Override
    boolean advance() {
        if (closed) {
            // the view's version is released: its pages may already be reused
            return false;
        }
        engine.ensureOpen();
        if (points != null) {
            while (points.hasNext()) {
                deadline.check();
                counters.keys.increment();
                if (accept(view.record(points.next()))) {
                    return true;
                }
            }
        } else {
            while (range.hasNext()) {
                deadline.check();
                Map.Entry<String, byte[]> entry = range.next();
                if (!ids.beforeEnd(entry.getKey())) {
                    break;
                }
                counters.keys.increment();
                if (accept(entry.getValue())) {
                    return true;
                }
            }
        }
        close();
        return false;
    }

    @Override
    public void close() {
        closed = true;
        held.close();
    }
}
