package io.tetherdb;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

import io.tetherdb.document.DocumentPath;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.Mutations;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * A collection's access outside transactions: each write is one operation of the store's write
 * path, committed as the flush policy says, and each read sees the store as it is now. Thread-safe.
 */
final class DirectAccess implements CollectionAccess {

    private final StoreEngine engine;
    private final String name;

    DirectAccess(StoreEngine engine, String name) {
        this.engine = engine;
        this.name = name;
    }

    @Override
    public TetherCollection sibling(TetherDB db, String other) {
        return db.collection(other);
    }

    @Override
    public void checkWritable(String operation) {
        engine.ensureWritable(operation);
    }

    @Override
    public void checkDefinitionChange(String operation) {
        engine.ensureWritable(operation);
    }

    @Override
    public <T> T write(Function<WriteContext, T> operation) {
        return engine.write(mutations -> operation.apply(new StoreWrite(mutations)));
    }

    @Override
    public boolean writesContended() {
        return engine.writesContended();
    }

    @Override
    public byte[] get(String id) {
        CollectionStore store = engine.collection(name);
        return store == null ? null : engine.atomically(() -> store.get(id, engine.nowMillis()));
    }

    @Override
    public long count() {
        CollectionStore store = engine.collection(name);
        return store == null ? 0 : engine.atomically(() -> store.count(engine.nowMillis()));
    }

    @Override
    public <T> T query(Function<QuerySource, T> read) {
        return engine.read(() -> {
            CollectionStore store = engine.collection(name);
            return read.apply(store == null ? null : new StoreSource(store));
        });
    }

    /** One write operation on the store's maps, under the write lock. */
    private final class StoreWrite implements WriteContext {
        private final Mutations mutations;
        private final long now = engine.nowMillis();
        private CollectionStore store;
        /** The last update described, and its paths: an updateMany describes each document the same way. */
        private io.tetherdb.update.Update lastUpdate;
        private io.tetherdb.internal.store.ChangeRecord.UpdatePaths lastPaths;

        StoreWrite(Mutations mutations) {
            this.mutations = mutations;
            this.store = engine.collection(name);
        }

        private CollectionStore created() {
            if (store == null) {
                store = engine.createCollectionLocked(mutations, name);
            }
            return store;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public byte[] current(String id) {
            return store == null ? null : store.get(id, now);
        }

        @Override
        public List<String> matching(FindQuery query, QueryDeadline deadline) {
            // the live maps, under the write lock: this operation's own changes are in them already
            return store == null ? List.of() : query.ids(new StoreSource(store), deadline);
        }

        @Override
        public List<Found> matchingRecords(FindQuery query, QueryDeadline deadline) {
            if (store == null) {
                return List.of();
            }
            // found under the write lock, so each record is the live one until this operation changes it
            List<Found> found = query.records(new StoreSource(store), deadline);
            // the query judged expiry by its own clock reading; the operation's is the one that counts
            found.removeIf(match -> match.record() != null && RecordFormat.isExpired(match.record(), now));
            return found;
        }

        @Override
        public void insert(PreparedRecord prepared) {
            created().insert(mutations, prepared.id(), prepared.record(), prepared.document(), now);
        }

        @Override
        public void put(PreparedRecord prepared) {
            created().put(mutations, prepared.id(), prepared.record(), prepared.document());
        }

        @Override
        public void put(PreparedRecord prepared, Predicate<DocumentPath> changed) {
            // read under the write lock, so that no index is created between this check and the write
            if (store == null || store.anyIndexedPath(changed)) {
                put(prepared);
            } else {
                store.putWithSameIndexKeys(mutations, prepared.id(), prepared.record());
            }
        }

        @Override
        public void update(PreparedRecord prepared, io.tetherdb.update.Update update) {
            describe(update);
            if (store == null) {
                put(prepared);
            } else {
                // the indexes are read under the write lock, so that none is created before the write
                store.putChanged(mutations, prepared.id(), prepared.record(), prepared.document(), update,
                        update::touches);
            }
        }

        @Override
        public boolean updateIfCurrent(PreparedRecord prepared, byte[] expected, io.tetherdb.update.Update update) {
            if (store == null || RecordFormat.isExpired(expected, now)) {
                return false;
            }
            describe(update);
            if (store.replaceIfCurrent(mutations, prepared.id(), expected, prepared.record(), prepared.document(),
                    update, update::touches)) {
                return true;
            }
            mutations.describeNextUpdate(null);
            return false;
        }

        @Override
        public boolean change(String id, java.util.function.Function<byte[], PreparedRecord> change,
                io.tetherdb.update.Update update) {
            if (store == null) {
                return false;
            }
            boolean[] live = new boolean[1];
            describe(update);
            PreparedRecord written = store.change(mutations, id, now, current -> {
                live[0] = true;
                return change.apply(current);
            }, update, update::touches);
            if (written == null) {
                mutations.describeNextUpdate(null);
            }
            return live[0];
        }

        /** Describes the next put as this update, when anything reads the descriptions. */
        private void describe(io.tetherdb.update.Update update) {
            if (!mutations.changesObserved()) {
                return;
            }
            if (update != lastUpdate) {
                lastUpdate = update;
                lastPaths = UpdateChangePaths.of(update);
            }
            mutations.describeNextUpdate(lastPaths);
        }

        @Override
        public boolean remove(String id) {
            if (store == null) {
                return false;
            }
            byte[] previous = store.remove(mutations, id);
            return previous != null && !RecordFormat.isExpired(previous, now);
        }
    }

    /** The collection's maps as they are now. */
    private final class StoreSource implements QuerySource {
        private final CollectionStore store;

        StoreSource(CollectionStore store) {
            this.store = store;
        }

        @Override
        public List<IndexStatus> indexes() {
            return store.indexInfos();
        }

        @Override
        public Matches open(QueryPlan plan, Filter filter, LongAdder examined, Explanation.Counters counters,
                QueryDeadline deadline) {
            return Matches.open(engine, store, plan, filter, examined, counters, deadline);
        }

        @Override
        public long liveCount() {
            return engine.atomically(() -> store.count(engine.nowMillis()));
        }

        @Override
        public long exactKeyCount(QueryPlan plan) {
            // whether no expired document waits for the sweep, and the key count, as of one moment
            return engine.atomically(() -> store.count(engine.nowMillis()) == store.storedCount()
                    ? store.countIndexKeys(plan.index().name(), plan.ranges()) : -1L);
        }

        @Override
        public long keysInRanges(QueryPlan plan) {
            try {
                return store.countIndexKeys(plan.index().name(), plan.ranges());
            } catch (CollectionStore.IndexDroppedException e) {
                // dropped since the plan was made: the run finds out and plans again
                return -1;
            }
        }

        @Override
        public boolean indexOrdered() {
            return true;
        }
    }
}
