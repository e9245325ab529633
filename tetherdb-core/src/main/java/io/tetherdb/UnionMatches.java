package io.tetherdb;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.HeldView;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * The matches of an {@code $or} whose branches each use an index: the ids every branch's index
 * scan yields are united (each once), then the documents are fetched in id order and re-checked
 * against the whole filter. Holds the ids of the union, not the documents. Not thread-safe.
 */
final class UnionMatches extends Matches {
    private final HeldView held;
    private final CollectionStore.View view;
    private final Iterator<String> ids;

    UnionMatches(StoreEngine engine, CollectionStore store, QueryPlan plan, Filter filter, LongAdder examined,
            Explanation.Counters counters, QueryDeadline deadline) {
        super(engine, filter, examined, counters, deadline);
        List<String> indexNames = new ArrayList<>();
        for (QueryPlan branch : plan.branches()) {
            if (!indexNames.contains(branch.index().name())) {
                indexNames.add(branch.index().name());
            }
        }
        // every index and the documents as of one moment, held until this is closed
        this.held = engine.holdViews(store, indexNames);
        this.view = held.view();
        try {
            TreeSet<String> union = new TreeSet<>();
            for (QueryPlan branch : plan.branches()) {
                Iterator<String> scan = view.scanIndex(branch.index().name(), branch.ranges(), false, counters.keys);
                while (scan.hasNext()) {
                    deadline.check();
                    union.add(scan.next());
                }
            }
            // id order: the primary B-tree is walked from one leaf to the next
            this.ids = union.iterator();
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
        while (ids.hasNext()) {
            deadline.check();
            if (accept(view.record(ids.next()))) {
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
