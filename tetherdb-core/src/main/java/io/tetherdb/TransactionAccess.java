package io.tetherdb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.tetherdb.error.TransactionStateException;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.StoreEngine;

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
    public TetherCollection sibling(TetherDB db, String other) {
        return tx.collection(other);
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
            return read.apply(source.isEmpty() ? null : source);
        });
    }

    private OverlaySource source() {
        Map<String, PreparedRecord> buffered = tx.writes(name);
        // a copy: a stream the caller holds keeps the writes as of its start, as it keeps the snapshot
        return new OverlaySource(engine, tx, name, tx.snapshot().view(name),
                buffered == null ? Map.of() : new LinkedHashMap<>(buffered));
    }
}
