package io.tetherdb;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.HeldView;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * The matches among the documents whose ids an index scan yields, each fetched and re-checked
 * against the filter. Not thread-safe.
 */
final class IndexMatches extends Matches {
    private final HeldView held;
    private final CollectionStore.View view;
    private final Iterator<String> ids;
    private final Set<String> seen;

    IndexMatches(StoreEngine engine, CollectionStore store, QueryPlan plan, Filter filter, LongAdder examined,
            Explanation.Counters counters, QueryDeadline deadline) {
        super(engine, filter, examined, counters, deadline);
        // the index and the documents as of one moment: each id is looked up in the same snapshot,
        // whose version the store holds until this is closed
        this.held = engine.holdView(store, plan.index().name());
        this.view = held.view();
        try {
            this.ids = view.scanIndex(plan.ranges(), plan.reverse(), counters.keys);
        } catch (RuntimeException | Error e) {
            held.close();
            throw e;
        }
        this.seen = plan.multikey() ? new HashSet<>() : null;
    }

    @Override
    boolean advance() {
        if (closed) {
            // the view's version is released: its pages may already be reused
            return false;
        }
        engine.ensureOpen();
        while (ids.hasNext()) {
            deadline.check();
            String id = ids.next();
            if (seen != null && !seen.add(id)) {
                continue;
            }
            if (accept(view.record(id))) {
                return true;
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
