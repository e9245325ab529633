package io.tetherdb;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import io.tetherdb.document.DocumentPath;

import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.TransactionConflictException;
import io.tetherdb.error.TransactionStateException;
import io.tetherdb.error.TransactionTimeoutException;
import io.tetherdb.error.TransactionTooLargeException;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.store.ChangeRecord;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.internal.store.StoreSnapshot;
import io.tetherdb.query.QueryDeadline;

/**
 * A multi-document transaction on a {@link TetherDB}, begun with {@link TetherDB#beginTransaction()}
 * or run by {@link TetherDB#transaction(java.util.function.Consumer)}. {@link #collection(String)}
 * gives ordinary {@link TetherCollection} handles whose every method (puts, batches, replaces,
 * deletes, updates, find-and-modify, bulk writes, gets, counts, finds, streams) reads and writes
 * within the transaction.
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li><b>Snapshot isolation.</b> The transaction reads the whole store as it was when it began, plus
 * its own writes; it never sees another operation's later writes, nor a write in progress. Its own
 * writes are buffered in memory and reach the store at {@link #commit()}, all at once and in one
 * write operation: other readers see all of them or none, and a crash keeps all of them or none.</li>
 * <li><b>Conflicts.</b> If another operation (a transaction's commit or a plain write) wrote or
 * deleted a document that this transaction writes, or dropped its collection, after this one began,
 * the commit throws {@link TransactionConflictException} and applies nothing: the first committer
 * wins. The exception is retryable: run the whole transaction again. Documents that the transaction
 * only reads are not checked (two transactions may each read what the other writes: write skew).
 * Nothing ever waits for a lock held by a transaction, so there is no deadlock, and no other
 * operation ever sees a transaction's uncommitted writes.</li>
 * <li><b>Unique indexes</b> are checked at commit, against the store as it is then: a commit that
 * would give two documents the same key throws {@link DuplicateKeyException} and applies nothing.
 * Only the final versions count: keys may move between the transaction's own documents (a swap
 * of two unique values) in any order of writes. An insert of an {@code _id} that the transaction already sees is refused at once.</li>
 * <li><b>Expiry</b> is judged by the store's clock when the transaction reads, as outside
 * transactions: a document of the snapshot that expires while the transaction runs disappears from
 * its reads. Removals of expired documents by the sweep are not conflicts: a write the transaction
 * made to a document that expired meanwhile is applied at commit as it was written.</li>
 * <li><b>Limits.</b> The records the transaction buffers may total at most the store's
 * {@link TetherDBBuilder#transactionSizeLimit(long) transactionSizeLimit} (64 MiB by default): the
 * write that would cross it throws {@link TransactionTooLargeException} and is not buffered, and the
 * transaction stays usable. A transaction open longer than its
 * {@link TransactionOptions#timeout(Duration) timeout}, or than the store's
 * {@link TetherDBBuilder#transactionMaxAge(Duration) transactionMaxAge} (60 s by default), is rolled
 * back and its snapshot released by the store's maintenance thread, so that it cannot keep old pages
 * of the file from being reused; its next use throws {@link TransactionTimeoutException}.</li>
 * <li><b>Durability.</b> A commit follows the store's flush policy like any write, unless the
 * transaction is {@link TransactionOptions#durable() durable} (or the store's
 * {@link TetherDBBuilder#durableTransactions(boolean) durableTransactions} is set): then the commit
 * is forced to the disk, as by {@link TetherDB#flush()}, before {@link #commit()} returns.</li>
 * <li><b>Definitions.</b> Creating or dropping indexes and dropping collections are not allowed
 * inside a transaction ({@link TransactionStateException}); do them outside.</li>
 * </ul>
 *
 * <p>Thread-safety: a transaction belongs to the thread that began it, and any use from another
 * thread throws {@link TransactionStateException}; a thread has at most one open transaction per
 * store, so a nested {@code beginTransaction} throws too. {@link #suspend()} and {@link #resume()}
 * hand a transaction from one thread to another. Calls made outside it, such as
 * {@code db.collection("a").put(...)}, never join a transaction, even on its thread: each is its own
 * operation, committed at once. Close the transaction (try-with-resources): closing one that has not
 * committed rolls it back.
 *
 * @since 0.2
 */
public final class Transaction implements AutoCloseable {

    private enum State { ACTIVE, COMMITTING, COMMITTED, ROLLED_BACK, TIMED_OUT }

    private final TetherDB db;
    private final StoreEngine engine;
    private final StoreSnapshot snapshot;
    private final boolean readOnly;
    private final boolean durable;
    private final Duration timeout;
    private final long sizeLimit;
    private final long beganNanos;
    private final AtomicReference<State> state = new AtomicReference<>(State.ACTIVE);
    /** The thread the transaction belongs to, or null while it is suspended. */
    private volatile Thread owner;
    /** Buffered writes by collection and id, in order; a null record is a removal. Owner thread only. */
    private final Map<String, Map<String, PreparedRecord>> writes = new LinkedHashMap<>();
    /**
     * For the documents in {@link #writes}: the paths the transaction's updates of each named, or
     * {@link UpdateChangePaths#NOT_AN_UPDATE} when it also replaced, inserted or deleted it; the
     * commit's change event of a document is an update only with real paths here.
     */
    private final Map<String, Map<String, ChangeRecord.UpdatePaths>> updatePaths = new HashMap<>();
    private long bufferedBytes;
    private final Map<String, TetherCollection> handles = new HashMap<>();

    Transaction(TetherDB db, StoreEngine engine, StoreSnapshot snapshot, TransactionOptions options) {
        this.db = db;
        this.engine = engine;
        this.snapshot = snapshot;
        this.readOnly = options.isReadOnly();
        this.durable = options.isDurable() || db.options().durableTransactions();
        Duration maxAge = db.options().transactionMaxAge();
        this.timeout = options.timeout().filter(t -> t.compareTo(maxAge) < 0).orElse(maxAge);
        this.sizeLimit = db.options().transactionSizeLimit();
        this.beganNanos = System.nanoTime();
        this.owner = Thread.currentThread();
    }

    /**
     * Returns a handle on a collection whose every method reads and writes within this transaction.
     * Index and collection definition changes through it throw {@link TransactionStateException}.
     *
     * @param name the collection name
     * @return the handle
     * @throws TransactionStateException if the transaction has ended, is suspended or belongs to another thread
     */
    public TetherCollection collection(String name) {
        checkUsable("use", name);
        String checked = TetherDB.checkCollectionName(name);
        return handles.computeIfAbsent(checked,
                n -> new TetherCollection(db, engine, n, new TransactionAccess(this, engine, n)));
    }

    /**
     * Applies every buffered write to the store in one write operation, or none of them. A
     * transaction without writes just ends.
     *
     * @throws TransactionConflictException if a document this transaction writes was written by
     *         another operation after it began; nothing is applied, and running the transaction again
     *         may succeed
     * @throws DuplicateKeyException if the writes would break a unique index; nothing is applied
     * @throws TransactionTimeoutException if the transaction is older than its timeout
     * @throws TransactionStateException if it has ended, is suspended or belongs to another thread
     */
    public void commit() {
        checkUsable("commit");
        if (!state.compareAndSet(State.ACTIVE, State.COMMITTING)) {
            throw timedOut("commit");
        }
        boolean applied = false;
        boolean wrote = bufferedWrites() > 0;
        try {
            if (wrote) {
                engine.write(mutations -> {
                    apply(mutations);
                    return null;
                });
            }
            applied = true;
            state.set(State.COMMITTED);
        } finally {
            if (!applied) {
                state.set(State.ROLLED_BACK);
            }
            end();
        }
        if (wrote && durable) {
            engine.flush();
        }
    }

    /** Under the write lock: checks for conflicts, then applies the buffered writes through the collections. */
    private void apply(io.tetherdb.internal.store.Mutations mutations) {
        long start = snapshot.start();
        for (Map.Entry<String, Map<String, PreparedRecord>> collection : writes.entrySet()) {
            String name = collection.getKey();
            for (String id : collection.getValue().keySet()) {
                if (engine.writtenAfter(name, id, start) != 0) {
                    throw new TransactionConflictException(name, id, "Transaction conflict on document '" + id
                            + "' of collection '" + name + "': another operation wrote it (or dropped the"
                            + " collection) after this transaction began; nothing of the transaction was applied,"
                            + " run it again");
                }
            }
        }
        for (Map.Entry<String, Map<String, PreparedRecord>> collection : writes.entrySet()) {
            CollectionStore store = engine.collection(collection.getKey());
            if (store != null && hasUniqueIndex(store)) {
                // The documents the transaction replaces first give up their unique keys, so that keys
                // the transaction moves between its own documents (two users swapping e-mail addresses
                // through a temporary value) meet only the final versions, as they did step by step
                for (String id : collection.getValue().keySet()) {
                    store.removeToRewrite(mutations, id);
                }
            }
            for (Map.Entry<String, PreparedRecord> write : collection.getValue().entrySet()) {
                PreparedRecord prepared = write.getValue();
                if (prepared == null) {
                    if (store != null) {
                        store.remove(mutations, write.getKey());
                    }
                } else {
                    if (store == null) {
                        store = engine.createCollectionLocked(mutations, collection.getKey());
                    }
                    ChangeRecord.UpdatePaths paths = updatePaths.getOrDefault(collection.getKey(), Map.of())
                            .get(prepared.id());
                    if (paths != null && paths != UpdateChangePaths.NOT_AN_UPDATE) {
                        mutations.describeNextUpdate(paths);
                    }
                    store.put(mutations, prepared.id(), prepared.record(), prepared.document());
                }
            }
        }
    }

    private static boolean hasUniqueIndex(CollectionStore store) {
        for (IndexStatus index : store.indexInfos()) {
            if (index.definition().isUnique()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Discards every buffered write and ends the transaction. Does nothing if it has already rolled
     * back or timed out.
     *
     * @throws TransactionStateException if it has committed, or belongs to another thread
     */
    public void rollback() {
        State current = state.get();
        if (current == State.ROLLED_BACK || current == State.TIMED_OUT) {
            db.unbind(this);
            return;
        }
        if (current == State.COMMITTED) {
            throw new TransactionStateException("Cannot roll back: the transaction has already committed");
        }
        checkOwner("roll back");
        if (state.compareAndSet(State.ACTIVE, State.ROLLED_BACK)) {
            end();
        } else if (state.get() == State.TIMED_OUT) {
            db.unbind(this);
        }
    }

    /**
     * Rolls the transaction back unless it has committed or ended; see {@link #rollback()}.
     *
     * @throws TransactionStateException if it is open and belongs to another thread
     */
    @Override
    public void close() {
        if (state.get() != State.COMMITTED) {
            rollback();
        }
    }

    /**
     * Unbinds the transaction from its thread, so that the thread may run other work (another
     * transaction too) and this one may be resumed later, here or on another thread. Any use while
     * suspended throws {@link TransactionStateException}; the timeout keeps running.
     *
     * @throws TransactionStateException if it has ended, is suspended already or belongs to another thread
     */
    public void suspend() {
        checkUsable("suspend");
        owner = null;
        db.unbind(this);
    }

    /**
     * Binds a suspended transaction to the calling thread.
     *
     * @throws TransactionStateException if it is not suspended, or the calling thread already has an
     *         open transaction on this store
     * @throws TransactionTimeoutException if it is older than its timeout
     */
    public void resume() {
        State current = state.get();
        if (current == State.TIMED_OUT) {
            throw timedOut("resume");
        }
        if (current != State.ACTIVE) {
            throw new TransactionStateException("Cannot resume: the transaction has already ended (" + describe(current)
                    + ")");
        }
        if (owner != null) {
            throw new TransactionStateException("Cannot resume: the transaction is not suspended; it belongs to thread '"
                    + owner.getName() + "'");
        }
        if (System.nanoTime() - beganNanos > timeout.toNanos()) {
            expire();
            throw timedOut("resume");
        }
        db.bind(this);
        owner = Thread.currentThread();
    }

    /** @return whether the transaction is open: neither committed, rolled back nor timed out */
    public boolean isActive() {
        State current = state.get();
        return current == State.ACTIVE || current == State.COMMITTING;
    }

    /** @return whether the transaction committed */
    public boolean isCommitted() {
        return state.get() == State.COMMITTED;
    }

    /** @return whether the transaction only reads */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return the time the transaction may stay open: its own timeout, or the store's maximum age */
    public Duration timeout() {
        return timeout;
    }

    /** @return how many document writes (puts and removals, one per document) the transaction has buffered */
    public int bufferedWrites() {
        int n = 0;
        for (Map<String, PreparedRecord> collection : writes.values()) {
            n += collection.size();
        }
        return n;
    }

    @Override
    public String toString() {
        return "Transaction[" + describe(state.get()) + ", " + bufferedWrites() + " buffered writes, on "
                + engine.describe() + "]";
    }

    // ---- for the collections and the store

    /**
     * Refuses any use of a transaction that has ended, is suspended, belongs to another thread or is
     * older than its timeout (which expires it).
     */
    void checkUsable(String operation) {
        checkUsable(operation, null);
    }

    /**
     * As {@link #checkUsable(String)}, for an operation on a collection: the message, built only on
     * failure, names it.
     */
    void checkUsable(String operation, String collection) {
        if (state.get() == State.ACTIVE && owner == Thread.currentThread()
                && System.nanoTime() - beganNanos <= timeout.toNanos()) {
            engine.ensureOpen();
            return;
        }
        if (collection != null) {
            operation = operation + " on collection '" + collection + "'";
        }
        State current = state.get();
        if (current == State.TIMED_OUT) {
            throw timedOut(operation);
        }
        if (current != State.ACTIVE) {
            throw new TransactionStateException("Cannot " + operation + ": the transaction has already ended ("
                    + describe(current) + ")");
        }
        checkOwner(operation);
        if (System.nanoTime() - beganNanos > timeout.toNanos()) {
            expire();
            throw timedOut(operation);
        }
        engine.ensureOpen();
    }

    private void checkOwner(String operation) {
        Thread current = owner;
        if (current == null) {
            throw new TransactionStateException("Cannot " + operation + ": the transaction is suspended; resume() it"
                    + " first");
        }
        if (current != Thread.currentThread()) {
            throw new TransactionStateException("Cannot " + operation + " from thread '"
                    + Thread.currentThread().getName() + "': the transaction belongs to thread '" + current.getName()
                    + "'");
        }
    }

    /** Refuses a write on a read-only transaction, or any use checkUsable refuses. */
    void checkWritable(String operation, String collection) {
        checkUsable(operation, collection);
        if (readOnly) {
            throw new TransactionStateException("Cannot " + operation + " on collection '" + collection
                    + "': the transaction is read-only");
        }
        engine.ensureWritable(operation);
    }

    /**
     * Expires the transaction if it is older than its timeout: rolls it back and releases its
     * snapshot. Called by the store's maintenance thread.
     */
    void expireIfOverdue() {
        if (System.nanoTime() - beganNanos > timeout.toNanos()) {
            expire();
        }
    }

    private void expire() {
        if (state.compareAndSet(State.ACTIVE, State.TIMED_OUT)) {
            snapshot.close();
            db.transactionEnded(this);
        }
    }

    private TransactionTimeoutException timedOut(String operation) {
        return new TransactionTimeoutException("Cannot " + operation + ": the transaction has been open longer than"
                + " its timeout of " + timeout + " and was rolled back; none of its writes are applied", timeout);
    }

    private void end() {
        snapshot.close();
        db.transactionEnded(this);
        db.unbind(this);
    }

    private static String describe(State state) {
        return switch (state) {
            case ACTIVE -> "active";
            case COMMITTING -> "committing";
            case COMMITTED -> "committed";
            case ROLLED_BACK -> "rolled back";
            case TIMED_OUT -> "timed out";
        };
    }

    /** @return the snapshot the transaction reads */
    StoreSnapshot snapshot() {
        return snapshot;
    }

    /** @return the buffered writes of a collection by id (null records are removals), or null if none */
    Map<String, PreparedRecord> writes(String collection) {
        return writes.get(collection);
    }

    /**
     * @return the live record of a document as the transaction sees it: its own write, else the
     *         snapshot's record, unless expired by {@code now}
     */
    byte[] current(String collection, String id, long now) {
        Map<String, PreparedRecord> buffered = writes.get(collection);
        byte[] record;
        if (buffered != null && buffered.containsKey(id)) {
            PreparedRecord prepared = buffered.get(id);
            record = prepared == null ? null : prepared.record();
        } else {
            CollectionStore.View view = snapshot.view(collection);
            record = view == null ? null : engine.read(() -> view.record(id));
        }
        return record == null || RecordFormat.isExpired(record, now) ? null : record;
    }

    /** @return whether the document has any record, live or expired, as the transaction sees it */
    private boolean hasRecord(String collection, String id) {
        Map<String, PreparedRecord> buffered = writes.get(collection);
        if (buffered != null && buffered.containsKey(id)) {
            return buffered.get(id) != null;
        }
        CollectionStore.View view = snapshot.view(collection);
        return view != null && engine.read(() -> view.record(id)) != null;
    }

    /**
     * Runs one write operation on a collection: its changes are staged, and buffered only when it
     * completes and the transaction stays within its size limit; otherwise nothing is buffered.
     */
    <T> T write(String collection, Function<WriteContext, T> operation) {
        Staged staged = new Staged(collection, engine.nowMillis());
        T result = operation.apply(staged);
        if (staged.changes.isEmpty()) {
            return result;
        }
        Map<String, PreparedRecord> buffered = writes.get(collection);
        long size = bufferedBytes;
        for (Map.Entry<String, PreparedRecord> change : staged.changes.entrySet()) {
            size += size(change.getKey(), change.getValue());
            if (buffered != null && buffered.containsKey(change.getKey())) {
                size -= size(change.getKey(), buffered.get(change.getKey()));
            }
        }
        if (size > sizeLimit) {
            throw new TransactionTooLargeException("A write of " + staged.changes.size() + " document(s) to collection '"
                    + collection + "' would make the transaction buffer " + size + " bytes, more than the store's"
                    + " transactionSizeLimit of " + sizeLimit + " bytes; it was not buffered, and the transaction"
                    + " keeps its earlier writes", size, sizeLimit);
        }
        writes.computeIfAbsent(collection, c -> new LinkedHashMap<>()).putAll(staged.changes);
        Map<String, ChangeRecord.UpdatePaths> paths = updatePaths.computeIfAbsent(collection, c -> new HashMap<>());
        for (Map.Entry<String, ChangeRecord.UpdatePaths> described : staged.paths.entrySet()) {
            paths.put(described.getKey(), UpdateChangePaths.merge(paths.get(described.getKey()), described.getValue()));
        }
        bufferedBytes = size;
        return result;
    }

    private static long size(String id, PreparedRecord prepared) {
        return id.length() + (prepared == null ? 0 : prepared.record().length);
    }

    /** One operation's changes, seen over the transaction's view until they are buffered. */
    private final class Staged implements WriteContext {
        private final String collection;
        private final long now;
        private final Map<String, PreparedRecord> changes = new LinkedHashMap<>();
        /** What this operation's writes were, per document, merged into {@link #updatePaths} when buffered. */
        private final Map<String, ChangeRecord.UpdatePaths> paths = new HashMap<>();

        Staged(String collection, long now) {
            this.collection = collection;
            this.now = now;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public byte[] current(String id) {
            if (changes.containsKey(id)) {
                PreparedRecord prepared = changes.get(id);
                return prepared == null || RecordFormat.isExpired(prepared.record(), now) ? null : prepared.record();
            }
            return Transaction.this.current(collection, id, now);
        }

        @Override
        public void insert(PreparedRecord prepared) {
            if (current(prepared.id()) != null) {
                throw new DuplicateKeyException(collection, prepared.id(), "A document with _id '" + prepared.id()
                        + "' already exists in collection '" + collection + "'");
            }
            changes.put(prepared.id(), prepared);
            paths.put(prepared.id(), UpdateChangePaths.NOT_AN_UPDATE);
        }

        @Override
        public List<String> matching(FindQuery query, QueryDeadline deadline) {
            Map<String, PreparedRecord> overlay = new LinkedHashMap<>();
            Map<String, PreparedRecord> buffered = writes.get(collection);
            if (buffered != null) {
                overlay.putAll(buffered);
            }
            overlay.putAll(changes);
            OverlaySource source = new OverlaySource(engine, Transaction.this, collection, snapshot.view(collection),
                    overlay);
            return source.isEmpty() ? List.of() : engine.read(() -> query.ids(source, deadline));
        }

        @Override
        public void put(PreparedRecord prepared) {
            changes.put(prepared.id(), prepared);
            paths.put(prepared.id(), UpdateChangePaths.NOT_AN_UPDATE);
        }

        @Override
        public void update(PreparedRecord prepared, io.tetherdb.update.Update update) {
            changes.put(prepared.id(), prepared);
            paths.merge(prepared.id(), UpdateChangePaths.of(update), UpdateChangePaths::merge);
        }

        @Override
        public void put(PreparedRecord prepared, Predicate<DocumentPath> changed) {
            // the commit computes every index key again, against the store as it is then
            put(prepared);
        }

        @Override
        public boolean remove(String id) {
            boolean live = current(id) != null;
            boolean exists = changes.containsKey(id) ? changes.get(id) != null : hasRecord(collection, id);
            if (exists) {
                changes.put(id, null);
                paths.put(id, UpdateChangePaths.NOT_AN_UPDATE);
            }
            return live;
        }
    }

    /** For {@link TetherDB}: the thread the transaction belongs to now, or null while suspended. */
    Thread owner() {
        return owner;
    }
}
