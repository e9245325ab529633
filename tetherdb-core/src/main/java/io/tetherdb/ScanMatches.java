package io.tetherdb;

import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.RecordScan;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/** The matches among every document of a snapshot, in id order. Not thread-safe. */
final class ScanMatches extends Matches {
    private final RecordScan scan;

    ScanMatches(StoreEngine engine, CollectionStore store, Filter filter, LongAdder examined,
            Explanation.Counters counters, QueryDeadline deadline) {
        super(engine, filter, examined, counters, deadline);
        this.scan = engine.scan(store);
    }

    @Override
    boolean advance() {
        while (!closed && scan.hasNext()) {
            deadline.check();
            if (accept(scan.next().getValue())) {
                return true;
            }
        }
        close();
        return false;
    }

    @Override
    public void close() {
        closed = true;
        scan.close();
    }
}
