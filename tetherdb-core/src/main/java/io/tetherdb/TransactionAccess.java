package io.tetherdb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.tetherdb.error.TransactionStateException;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * A collection's access inside a {@link Transaction}: reads see the transaction's snapshot with its
 * buffered writes over it, and writes are buffered until the commit. Belongs to the transaction's
 * thread, which every call checks.
 */
final class TransactionAccess implements CollectionAccess {

    private final Transaction tx;
    private final StoreEngine engine;
    private final String name;

    TransactionAccess(Transaction tx, StoreEngine engine, String name) {
        this.tx = tx;
        this.engine = engine;
        this.name = name;
    }

    @Override
    public void checkWritable(String operation) {
        tx.checkWritable(operation, name);
    }

    @Override
    public void checkDefinitionChange(String operation) {
        tx.checkUsable(operation, name);
        throw new TransactionStateException("Cannot " + operation + " on collection '" + name + "' inside a transaction:"
                + " indexes and collections are created and dropped outside transactions");
    }

    @Override
    public <T> T write(Function<WriteContext, T> operation) {
        return tx.write(name, operation);
    }

    @Override
    public byte[] get(String id) {
        tx.checkUsable("get", name);
        return tx.current(name, id, engine.nowMillis());
    }

    @Override
    public long count() {
        tx.checkUsable("count", name);
        return engine.read(() -> source().liveCount());
    }

    @Override
    public <T> T query(Function<QuerySource, T> read) {
        tx.checkUsable("query", name);
        return engine.read(() -> {
            OverlaySource source = source();
            return read.apply(source.view == null && source.overlay.isEmpty() ? null : source);
        });
    }

    private OverlaySource source() {
        Map<String, PreparedRecord> buffered = tx.writes(name);
        // a copy: a stream the caller holds keeps the writes as of its start, as it keeps the snapshot
        return new OverlaySource(tx.snapshot().view(name),
                buffered == null ? Map.of() : new LinkedHashMap<>(buffered));
    }

    /** The snapshot's view of the collection with the transaction's writes over it. */
    private final class OverlaySource implements QuerySource {
        private final CollectionStore.View view;
        private final Map<String, PreparedRecord> overlay;

        OverlaySource(CollectionStore.View view, Map<String, PreparedRecord> overlay) {
            this.view = view;
            this.overlay = overlay;
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
        public boolean indexOrdered() {
            return overlay.isEmpty();
        }
    }
}
