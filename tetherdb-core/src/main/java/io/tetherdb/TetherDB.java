package io.tetherdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import io.tetherdb.aggregate.AggregateOptions;
import io.tetherdb.document.Document;
import io.tetherdb.document.IdGenerator;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreFailedException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.StoreNotWritableException;
import io.tetherdb.error.TargetFileException;
import io.tetherdb.error.TransactionConflictException;
import io.tetherdb.error.TransactionStateException;
import io.tetherdb.event.ChangeHistoryGoneException;
import io.tetherdb.event.ChangeListener;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.WatchOptions;
import io.tetherdb.internal.event.ChangeSubscriber;
import io.tetherdb.internal.store.EncryptionSettings;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.RecordPreparer;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.internal.store.StoreSettings;
import io.tetherdb.internal.store.StoreStatistics;
import io.tetherdb.internal.store.StoreVerification;
import io.tetherdb.internal.ttl.ExpirySweeper;
import io.tetherdb.query.Filter;
import io.tetherdb.update.FindAndModifyOptions;
import io.tetherdb.update.Update;
import io.tetherdb.update.UpdateOptions;
import io.tetherdb.update.UpdateResult;

/**
 * An embedded document store: JSON-like documents in named collections, kept in one file through
 * H2's MVStore, queried with MongoDB's filter language. The methods on this class act on the
 * {@value #DEFAULT_COLLECTION} collection; {@link #collection(String)} reaches the others.
 *
 * <h2>Durability</h2>
 * Writes are grouped into commits: the store commits after {@code flushThreshold} written
 * documents, at most {@code flushInterval} after a write, on {@link #flush()} and on
 * {@link #close()}. A commit only ever holds whole operations (a batch, a document and its index
 * entries). A commit reaches the operating system at once and is forced to the disk once it is
 * half a second old, and at once by {@link #flush()} and {@link #close()}. So, for a write whose
 * call has returned:
 * <ul>
 * <li><b>acknowledged</b> (the write method returned): a process crash loses it only if no commit
 * followed it, that is, at most the last {@code flushThreshold} documents or {@code flushInterval}
 * of writes; a power loss or operating-system crash may also lose commits not yet forced to the
 * disk, under a second of them;</li>
 * <li><b>flushed</b> ({@link #flush()} or {@link #close()} returned after it): nothing is lost, by
 * a process crash or a power loss: flush is commit plus fsync.</li>
 * </ul>
 * Whatever is lost is a suffix of the operations: the store reopens in the state after some
 * prefix of them, with each batch whole or absent, and {@link #verify()} finds it consistent. If
 * the disk fails a sync, the store fails rather than retry it: every later call throws and the
 * store must be reopened, which recovers the last good commit.
 *
 * <h2>Read-only stores</h2>
 * A store opened with {@link TetherDBBuilder#readOnly(boolean) readOnly(true)} reads an existing
 * file and never writes to it: every write operation, {@link #cleanup()} and {@link #compact()}
 * throw {@link ReadOnlyStoreException} when called, {@link #flush()} does nothing, and no
 * background task runs. A store opened for writing refuses, with
 * {@link StoreNotWritableException}, a file it could not write, instead of opening it read-only.
 *
 * <p>Thread-safe: any number of threads may call any method. Writes are serialised by one lock
 * held only for the map updates. Reads see the store between write operations, never inside one:
 * a batch is seen whole or not at all, and a failed write is never seen. A read that starts while
 * a write operation changes the maps waits for that operation only, never for commits, disk syncs
 * or index builds; a query or stream then reads its snapshot without waiting.
 *
 * @since 0.1
 */
public final class TetherDB implements AutoCloseable {

    /** Name of the collection the methods of this class act on. */
    public static final String DEFAULT_COLLECTION = "default";
    /** Period of the check that expires transactions older than their timeout. */
    private static final long TRANSACTION_CHECK_MILLIS = 250;

    private final TetherOptions options;
    private final StoreEngine engine;
    private final RecordPreparer records;
    private final IdGenerator ids;
    private final ExpirySweeper sweeper;
    private final Map<String, TetherCollection> handles = new ConcurrentHashMap<>();
    private final TetherCollection defaultCollection;
    private final LongAdder reads = new LongAdder();
    private final LongAdder documentsExamined = new LongAdder();
    /** The open transaction of each thread on this store, if any. */
    private final ThreadLocal<Transaction> boundTransaction = new ThreadLocal<>();
    /** Open transactions, which the maintenance thread expires when they outlive their timeout. */
    private final Set<Transaction> openTransactions = ConcurrentHashMap.newKeySet();

    private TetherDB(TetherOptions options, StoreEngine engine) {
        this.options = options;
        this.engine = engine;
        this.records = new RecordPreparer(new RecordFormat(options.compression(), options.compressMinSize()),
                options.maxDocumentSize(), this::nextId);
        this.ids = new IdGenerator(options.clock());
        this.sweeper = new ExpirySweeper(engine);
        this.defaultCollection = collection(DEFAULT_COLLECTION);
    }

    /**
     * Opens or creates a file-backed store with default options.
     *
     * @param path the store file; not null. Its directory is created if missing.
     * @return the open store
     * @throws StoreLockedException if the file is already open, here or in another process
     * @throws CorruptStoreException if the file cannot be read as a TetherDB store
     * @throws StoreNotWritableException if the file, or the directory of a new file, cannot be
     *         written; {@code builder().path(path).readOnly(true).open()} opens an existing file for reading
     */
    public static TetherDB open(Path path) {
        return builder().path(Objects.requireNonNull(path, "path must not be null")).open();
    }

    /** @return a new in-memory store with default options */
    public static TetherDB inMemory() {
        return builder().inMemory().open();
    }

    /** @return a builder for a store with chosen options */
    public static TetherDBBuilder builder() {
        return new TetherDBBuilder();
    }

    /**
     * Opens a store with the given options, sweeps expired documents once, and starts the
     * background sweep when {@code cleanupInterval} is not zero; a read-only store does neither.
     *
     * @param options the options; not null
     * @return the open store
     */
    public static TetherDB open(TetherOptions options) {
        return open(options, StoreEngine::open);
    }

    /**
     * Opens a store on an engine from the given opener; tests reach the file through a fault-injecting
     * layer this way.
     */
    static TetherDB open(TetherOptions options, Function<StoreSettings, StoreEngine> opener) {
        StoreEngine engine = opener.apply(Objects.requireNonNull(options, "options must not be null").storeSettings());
        try {
            TetherDB db = new TetherDB(options, engine);
            if (options.readOnly()) {
                // a read-only store removes nothing; reads skip expired documents all the same. It runs
                // no thread either: an over-age transaction expires at its next use, and its snapshot
                // pins nothing, since nothing is written
                return db;
            }
            engine.scheduleWithFixedDelay(db::expireOverdueTransactions, TRANSACTION_CHECK_MILLIS);
            db.sweeper.sweep();
            long cleanupMillis = options.cleanupInterval().toMillis();
            if (cleanupMillis > 0) {
                engine.scheduleWithFixedDelay(db.sweeper::sweep, cleanupMillis);
            }
            return db;
        } catch (RuntimeException | Error e) {
            engine.close();
            throw e;
        }
    }

    /**
     * Returns a collection, which exists once something is written to it.
     *
     * @param name the collection name: 1 to 255 characters, no control characters
     * @return the collection handle
     */
    public TetherCollection collection(String name) {
        engine.ensureOpen();
        return handles.computeIfAbsent(checkCollectionName(name), n -> new TetherCollection(this, engine, n));
    }

    /** @return the names of the existing collections, sorted */
    public List<String> collectionNames() {
        return engine.collectionNames();
    }

    /**
     * Drops a collection and all its documents.
     *
     * @param name the collection name
     * @return whether it existed
     */
    public boolean dropCollection(String name) {
        engine.ensureWritable("dropCollection");
        return engine.dropCollection(checkCollectionName(name));
    }

    // ---- transactions

    /**
     * Begins a transaction with the store's defaults; see {@link Transaction} for what it guarantees.
     * Use it in try-with-resources: closing it without {@link Transaction#commit()} rolls it back.
     *
     * @return the transaction, bound to the calling thread
     * @throws TransactionStateException if the calling thread already has an open transaction on this store
     * @since 0.2
     */
    public Transaction beginTransaction() {
        return beginTransaction(TransactionOptions.defaults());
    }

    /**
     * Begins a transaction; see {@link Transaction}.
     *
     * @param options durability, read-only and timeout; not null
     * @return the transaction, bound to the calling thread
     * @throws TransactionStateException if the calling thread already has an open transaction on this store
     * @since 0.2
     */
    public Transaction beginTransaction(TransactionOptions options) {
        Objects.requireNonNull(options, "options must not be null");
        engine.ensureOpen();
        checkNoOpenTransaction("begin a transaction");
        Transaction tx = new Transaction(this, engine, engine.snapshot(), options);
        boundTransaction.set(tx);
        openTransactions.add(tx);
        return tx;
    }

    /**
     * Runs work in a transaction: commits it when the work returns, rolls it back when it throws (and
     * rethrows). A {@link TransactionConflictException} from the commit is retryable: call again.
     *
     * @param work reads and writes through the transaction's collections; not null
     * @throws TransactionConflictException if another operation wrote a document the work writes meanwhile
     * @since 0.2
     */
    public void transaction(Consumer<Transaction> work) {
        transaction(TransactionOptions.defaults(), work);
    }

    /**
     * As {@link #transaction(Consumer)}, with options.
     *
     * @param options durability, read-only and timeout; not null
     * @param work reads and writes through the transaction's collections; not null
     * @since 0.2
     */
    public void transaction(TransactionOptions options, Consumer<Transaction> work) {
        Objects.requireNonNull(work, "work must not be null");
        inTransaction(options, tx -> {
            work.accept(tx);
            return null;
        });
    }

    /**
     * Runs work that computes a result in a transaction: commits when it returns, rolls back when it
     * throws. (Named apart from {@link #transaction(Consumer)} so that a lambda is never ambiguous.)
     *
     * @param work reads and writes through the transaction's collections; not null
     * @param <T> the result type
     * @return the work's result, once the transaction has committed
     * @since 0.2
     */
    public <T> T inTransaction(Function<Transaction, T> work) {
        return inTransaction(TransactionOptions.defaults(), work);
    }

    /**
     * As {@link #inTransaction(Function)}, with options.
     *
     * @param options durability, read-only and timeout; not null
     * @param work reads and writes through the transaction's collections; not null
     * @param <T> the result type
     * @return the work's result, once the transaction has committed
     * @since 0.2
     */
    public <T> T inTransaction(TransactionOptions options, Function<Transaction, T> work) {
        Objects.requireNonNull(work, "work must not be null");
        try (Transaction tx = beginTransaction(options)) {
            T result = work.apply(tx);
            tx.commit();
            return result;
        }
    }

    private void checkNoOpenTransaction(String operation) {
        Transaction open = boundTransaction.get();
        if (open != null && open.isActive()) {
            throw new TransactionStateException("Cannot " + operation + ": thread '" + Thread.currentThread().getName()
                    + "' already has an open transaction on " + engine.describe() + "; transactions do not nest:"
                    + " commit or roll back the open one, or suspend() it, first");
        }
    }

    /** Binds a resumed transaction to the calling thread. */
    void bind(Transaction tx) {
        checkNoOpenTransaction("resume a transaction");
        boundTransaction.set(tx);
    }

    /** Unbinds a transaction from the calling thread, if it is bound there. */
    void unbind(Transaction tx) {
        if (boundTransaction.get() == tx) {
            boundTransaction.remove();
        }
    }

    /** A transaction committed, rolled back or expired. */
    void transactionEnded(Transaction tx) {
        openTransactions.remove(tx);
    }

    private void expireOverdueTransactions() {
        for (Transaction tx : openTransactions) {
            tx.expireIfOverdue();
        }
    }

    // ---- the default collection

    /** See {@link TetherCollection#put(Map)}. @param document the document @return its id */
    public String put(Map<String, ?> document) {
        return defaultCollection.put(document);
    }

    /**
     * See {@link TetherCollection#put(Map, PutOptions)}.
     *
     * @param document the document
     * @param options id, expiry and tags
     * @return its id
     */
    public String put(Map<String, ?> document, PutOptions options) {
        return defaultCollection.put(document, options);
    }

    /** See {@link TetherCollection#putBatch(Collection)}. @param documents the documents @return their ids */
    public List<String> putBatch(Collection<? extends Map<String, ?>> documents) {
        return defaultCollection.putBatch(documents);
    }

    /**
     * See {@link TetherCollection#putBatch(Collection, PutOptions)}.
     *
     * @param documents the documents
     * @param options expiry and tags for all
     * @return their ids
     */
    public List<String> putBatch(Collection<? extends Map<String, ?>> documents, PutOptions options) {
        return defaultCollection.putBatch(documents, options);
    }

    /**
     * See {@link TetherCollection#replace(String, Map)}.
     *
     * @param id the id
     * @param document the new content
     * @return whether a document was replaced
     */
    public boolean replace(String id, Map<String, ?> document) {
        return defaultCollection.replace(id, document);
    }

    /**
     * See {@link TetherCollection#replace(String, Map, PutOptions)}.
     *
     * @param id the id
     * @param document the new content
     * @param options expiry and tags
     * @return whether a document was replaced
     */
    public boolean replace(String id, Map<String, ?> document, PutOptions options) {
        return defaultCollection.replace(id, document, options);
    }

    /** See {@link TetherCollection#save(Map)}. @param document the document @return its id */
    public String save(Map<String, ?> document) {
        return defaultCollection.save(document);
    }

    /**
     * See {@link TetherCollection#save(Map, PutOptions)}.
     *
     * @param document the document
     * @param options id, expiry and tags
     * @return its id
     */
    public String save(Map<String, ?> document, PutOptions options) {
        return defaultCollection.save(document, options);
    }

    /** See {@link TetherCollection#get(String)}. @param id the id @return the document, if live */
    public Optional<Document> get(String id) {
        return defaultCollection.get(id);
    }

    /** See {@link TetherCollection#delete(String)}. @param id the id @return 1 if removed, else 0 */
    public int delete(String id) {
        return defaultCollection.delete(id);
    }

    /** See {@link TetherCollection#deleteBatch(Collection)}. @param ids the ids @return how many were removed */
    public int deleteBatch(Collection<String> ids) {
        return defaultCollection.deleteBatch(ids);
    }

    /** @return the number of live documents in the default collection */
    public long count() {
        return defaultCollection.count();
    }

    /** See {@link TetherCollection#count(Filter)}. @param filter the filter @return matching documents */
    public long count(Filter filter) {
        return defaultCollection.count(filter);
    }

    /**
     * See {@link TetherCollection#count(Filter, Duration)}.
     *
     * @param filter the filter
     * @param maxTime the time counting may take; {@code ZERO} for none
     * @return matching documents
     * @since 0.2
     */
    public long count(Filter filter, Duration maxTime) {
        return defaultCollection.count(filter, maxTime);
    }

    /**
     * See {@link TetherCollection#deleteMany(Filter)}.
     *
     * @param filter the filter
     * @return how many were removed
     * @since 0.2
     */
    public int deleteMany(Filter filter) {
        return defaultCollection.deleteMany(filter);
    }

    /**
     * See {@link TetherCollection#deleteMany(Filter, Duration)}.
     *
     * @param filter the filter
     * @param maxTime the time the operation may take; {@code ZERO} for none
     * @return how many were removed
     * @since 0.2
     */
    public int deleteMany(Filter filter, Duration maxTime) {
        return defaultCollection.deleteMany(filter, maxTime);
    }

    /**
     * See {@link TetherCollection#updateOne(Filter, Update)}.
     *
     * @param filter a compiled filter; not null
     * @param update a compiled update; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(Filter filter, Update update) {
        return defaultCollection.updateOne(filter, update);
    }

    /**
     * See {@link TetherCollection#updateOne(Filter, Update, UpdateOptions)}.
     *
     * @param filter which document; not null
     * @param update the update; not null
     * @param options upsert, array filters, expiry, order, time limit; not null
     * @return how many documents matched and were modified, and the id of an upserted one
     * @since 0.2
     */
    public UpdateResult updateOne(Filter filter, Update update, UpdateOptions options) {
        return defaultCollection.updateOne(filter, update, options);
    }

    /**
     * See {@link TetherCollection#updateOne(String, String)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(String filter, String update) {
        return defaultCollection.updateOne(filter, update);
    }

    /**
     * See {@link TetherCollection#updateOne(String, String, UpdateOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(String filter, String update, UpdateOptions options) {
        return defaultCollection.updateOne(filter, update, options);
    }

    /**
     * See {@link TetherCollection#updateOne(Map<String, ?>, Map<String, ?>)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(Map<String, ?> filter, Map<String, ?> update) {
        return defaultCollection.updateOne(filter, update);
    }

    /**
     * See {@link TetherCollection#updateOne(Map<String, ?>, Map<String, ?>, UpdateOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(Map<String, ?> filter, Map<String, ?> update, UpdateOptions options) {
        return defaultCollection.updateOne(filter, update, options);
    }

    /**
     * See {@link TetherCollection#updateMany(Filter, Update)}.
     *
     * @param filter a compiled filter; not null
     * @param update a compiled update; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(Filter filter, Update update) {
        return defaultCollection.updateMany(filter, update);
    }

    /**
     * See {@link TetherCollection#updateMany(Filter, Update, UpdateOptions)}.
     *
     * @param filter which documents; not null
     * @param update the update; not null
     * @param options upsert, array filters, expiry, time limit; not null
     * @return how many documents matched and were modified, and the id of an upserted one
     * @since 0.2
     */
    public UpdateResult updateMany(Filter filter, Update update, UpdateOptions options) {
        return defaultCollection.updateMany(filter, update, options);
    }

    /**
     * See {@link TetherCollection#updateMany(String, String)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(String filter, String update) {
        return defaultCollection.updateMany(filter, update);
    }

    /**
     * See {@link TetherCollection#updateMany(String, String, UpdateOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(String filter, String update, UpdateOptions options) {
        return defaultCollection.updateMany(filter, update, options);
    }

    /**
     * See {@link TetherCollection#updateMany(Map<String, ?>, Map<String, ?>)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(Map<String, ?> filter, Map<String, ?> update) {
        return defaultCollection.updateMany(filter, update);
    }

    /**
     * See {@link TetherCollection#updateMany(Map<String, ?>, Map<String, ?>, UpdateOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(Map<String, ?> filter, Map<String, ?> update, UpdateOptions options) {
        return defaultCollection.updateMany(filter, update, options);
    }

    /**
     * See {@link TetherCollection#replaceOne(Filter, Map<String, ?>)}.
     *
     * @param filter a compiled filter; not null
     * @param replacement the new content; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(Filter filter, Map<String, ?> replacement) {
        return defaultCollection.replaceOne(filter, replacement);
    }

    /**
     * See {@link TetherCollection#replaceOne(Filter, Map<String, ?>, UpdateOptions)}.
     *
     * @param filter which document; not null
     * @param replacement the new content, without update operators; its {@code _id}, if any, must
     * @param options upsert, expiry, order, time limit; not null
     * @return how many documents matched and were modified, and the id of an upserted one
     * @since 0.2
     */
    public UpdateResult replaceOne(Filter filter, Map<String, ?> replacement, UpdateOptions options) {
        return defaultCollection.replaceOne(filter, replacement, options);
    }

    /**
     * See {@link TetherCollection#replaceOne(String, Map<String, ?>)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param replacement the new content; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(String filter, Map<String, ?> replacement) {
        return defaultCollection.replaceOne(filter, replacement);
    }

    /**
     * See {@link TetherCollection#replaceOne(String, Map<String, ?>, UpdateOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param replacement the new content; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(String filter, Map<String, ?> replacement, UpdateOptions options) {
        return defaultCollection.replaceOne(filter, replacement, options);
    }

    /**
     * See {@link TetherCollection#replaceOne(Map<String, ?>, Map<String, ?>)}.
     *
     * @param filter a filter as a map; not null
     * @param replacement the new content; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(Map<String, ?> filter, Map<String, ?> replacement) {
        return defaultCollection.replaceOne(filter, replacement);
    }

    /**
     * See {@link TetherCollection#replaceOne(Map<String, ?>, Map<String, ?>, UpdateOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param replacement the new content; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(Map<String, ?> filter, Map<String, ?> replacement, UpdateOptions options) {
        return defaultCollection.replaceOne(filter, replacement, options);
    }

    /**
     * See {@link TetherCollection#findOneAndUpdate(Filter, Update)}.
     *
     * @param filter a compiled filter; not null
     * @param update a compiled update; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(Filter filter, Update update) {
        return defaultCollection.findOneAndUpdate(filter, update);
    }

    /**
     * See {@link TetherCollection#findOneAndUpdate(Filter, Update, FindAndModifyOptions)}.
     *
     * @param filter which document; not null
     * @param update the update; not null
     * @param options order, projection, before or after, upsert, array filters, expiry; not null
     * @return the document before or after the change, projected; empty if nothing matched (and,
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(Filter filter, Update update, FindAndModifyOptions options) {
        return defaultCollection.findOneAndUpdate(filter, update, options);
    }

    /**
     * See {@link TetherCollection#findOneAndUpdate(String, String)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(String filter, String update) {
        return defaultCollection.findOneAndUpdate(filter, update);
    }

    /**
     * See {@link TetherCollection#findOneAndUpdate(String, String, FindAndModifyOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @param options the options; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(String filter, String update, FindAndModifyOptions options) {
        return defaultCollection.findOneAndUpdate(filter, update, options);
    }

    /**
     * See {@link TetherCollection#findOneAndUpdate(Map<String, ?>, Map<String, ?>)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(Map<String, ?> filter, Map<String, ?> update) {
        return defaultCollection.findOneAndUpdate(filter, update);
    }

    /**
     * See {@link TetherCollection#findOneAndUpdate(Map<String, ?>, Map<String, ?>, FindAndModifyOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @param options the options; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(Map<String, ?> filter, Map<String, ?> update, FindAndModifyOptions options) {
        return defaultCollection.findOneAndUpdate(filter, update, options);
    }

    /**
     * See {@link TetherCollection#findOneAndReplace(Filter, Map<String, ?>)}.
     *
     * @param filter a compiled filter; not null
     * @param replacement the new content; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(Filter filter, Map<String, ?> replacement) {
        return defaultCollection.findOneAndReplace(filter, replacement);
    }

    /**
     * See {@link TetherCollection#findOneAndReplace(Filter, Map<String, ?>, FindAndModifyOptions)}.
     *
     * @param filter which document; not null
     * @param replacement the new content, without operators; not null
     * @param options order, projection, before or after, upsert, expiry; not null
     * @return the document before or after, projected; empty if nothing matched
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(Filter filter, Map<String, ?> replacement, FindAndModifyOptions options) {
        return defaultCollection.findOneAndReplace(filter, replacement, options);
    }

    /**
     * See {@link TetherCollection#findOneAndReplace(String, Map<String, ?>)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param replacement the new content; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(String filter, Map<String, ?> replacement) {
        return defaultCollection.findOneAndReplace(filter, replacement);
    }

    /**
     * See {@link TetherCollection#findOneAndReplace(String, Map<String, ?>, FindAndModifyOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param replacement the new content; not null
     * @param options the options; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(String filter, Map<String, ?> replacement, FindAndModifyOptions options) {
        return defaultCollection.findOneAndReplace(filter, replacement, options);
    }

    /**
     * See {@link TetherCollection#findOneAndReplace(Map<String, ?>, Map<String, ?>)}.
     *
     * @param filter a filter as a map; not null
     * @param replacement the new content; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(Map<String, ?> filter, Map<String, ?> replacement) {
        return defaultCollection.findOneAndReplace(filter, replacement);
    }

    /**
     * See {@link TetherCollection#findOneAndReplace(Map<String, ?>, Map<String, ?>, FindAndModifyOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param replacement the new content; not null
     * @param options the options; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(Map<String, ?> filter, Map<String, ?> replacement, FindAndModifyOptions options) {
        return defaultCollection.findOneAndReplace(filter, replacement, options);
    }

    /**
     * See {@link TetherCollection#findOneAndDelete(Filter)}.
     *
     * @param filter a compiled filter; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(Filter filter) {
        return defaultCollection.findOneAndDelete(filter);
    }

    /**
     * See {@link TetherCollection#findOneAndDelete(Filter, FindAndModifyOptions)}.
     *
     * @param filter which document; not null
     * @param options order and projection (the rest is ignored); not null
     * @return the deleted document, projected; empty if nothing matched
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(Filter filter, FindAndModifyOptions options) {
        return defaultCollection.findOneAndDelete(filter, options);
    }

    /**
     * See {@link TetherCollection#findOneAndDelete(String)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(String filter) {
        return defaultCollection.findOneAndDelete(filter);
    }

    /**
     * See {@link TetherCollection#findOneAndDelete(String, FindAndModifyOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param options the options; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(String filter, FindAndModifyOptions options) {
        return defaultCollection.findOneAndDelete(filter, options);
    }

    /**
     * See {@link TetherCollection#findOneAndDelete(Map<String, ?>)}.
     *
     * @param filter a filter as a map; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(Map<String, ?> filter) {
        return defaultCollection.findOneAndDelete(filter);
    }

    /**
     * See {@link TetherCollection#findOneAndDelete(Map<String, ?>, FindAndModifyOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param options the options; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(Map<String, ?> filter, FindAndModifyOptions options) {
        return defaultCollection.findOneAndDelete(filter, options);
    }

    /**
     * See {@link TetherCollection#bulkWrite(List<WriteModel>)}.
     *
     * @param models the writes, in order; not null, none null
     * @return the counts of all the writes
     * @since 0.2
     */
    public BulkWriteResult bulkWrite(List<WriteModel> models) {
        return defaultCollection.bulkWrite(models);
    }

    /** See {@link TetherCollection#find()}. @return a query over every document */
    public FindQuery find() {
        return defaultCollection.find();
    }

    /** See {@link TetherCollection#find(Filter)}. @param filter the filter @return a query */
    public FindQuery find(Filter filter) {
        return defaultCollection.find(filter);
    }

    /** See {@link TetherCollection#find(String)}. @param filter the filter as relaxed JSON @return a query */
    public FindQuery find(String filter) {
        return defaultCollection.find(filter);
    }

    /**
     * See {@link TetherCollection#aggregate(String)}.
     *
     * @param pipeline the stages as relaxed JSON text of an array
     * @return the aggregation over the default collection
     * @since 0.2
     */
    public AggregateResult aggregate(String pipeline) {
        return defaultCollection.aggregate(pipeline);
    }

    /**
     * See {@link TetherCollection#aggregate(List, AggregateOptions)}.
     *
     * @param pipeline the stages
     * @param options time, memory and disk limits
     * @return the aggregation over the default collection
     * @since 0.2
     */
    public AggregateResult aggregate(List<? extends Map<String, ?>> pipeline, AggregateOptions options) {
        return defaultCollection.aggregate(pipeline, options);
    }

    /** See {@link TetherCollection#query(String)}. @param filter the filter as relaxed JSON @return the matches */
    public List<Document> query(String filter) {
        return defaultCollection.query(filter);
    }

    /** See {@link TetherCollection#query(Filter)}. @param filter the filter @return the matches */
    public List<Document> query(Filter filter) {
        return defaultCollection.query(filter);
    }

    /** See {@link TetherCollection#query(Map)}. @param filter the filter as a map @return the matches */
    public List<Document> query(Map<String, ?> filter) {
        return defaultCollection.query(filter);
    }

    /** See {@link TetherCollection#stream(Filter)}. @param filter the filter @return the matches, lazily */
    public Stream<Document> stream(Filter filter) {
        return defaultCollection.stream(filter);
    }

    /** See {@link TetherCollection#stream(String)}. @param filter the filter as relaxed JSON @return the matches */
    public Stream<Document> stream(String filter) {
        return defaultCollection.stream(filter);
    }

    // ---- maintenance

    /**
     * Removes every expired document now, in all collections. Expired documents are invisible to
     * reads even before they are removed.
     *
     * @return how many documents were removed
     * @throws ReadOnlyStoreException if the store is read-only
     */
    public int cleanup() {
        engine.ensureWritable("cleanup");
        return sweeper.sweep();
    }

    // ---- change events

    /**
     * Watches every collection of the store from now on: every committed change is delivered to
     * the listener, in commit order, on the subscription's own thread; see
     * {@link ChangeSubscription} and docs/events.md.
     *
     * @param listener the listener; not null
     * @return the running subscription; close it to stop
     * @since 0.2
     */
    public ChangeSubscription watch(ChangeListener listener) {
        return watch(WatchOptions.defaults(), listener);
    }

    /**
     * As {@link #watch(ChangeListener)}, with options: the documents events carry, filters, the
     * buffer's size, and a point to resume after.
     *
     * @param options the options; not null
     * @param listener the listener; not null
     * @return the running subscription
     * @throws ChangeHistoryGoneException if the options resume after a change whose successors the
     *         store's change history no longer holds; nothing is subscribed
     * @since 0.2
     */
    public ChangeSubscription watch(WatchOptions options, ChangeListener listener) {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        return ChangeSubscriber.start(engine, null, listener, options);
    }

    /**
     * @return the sequence number of the store's last committed change (0 if it never had one):
     *         watching with {@link WatchOptions#resumeAfter(long)} of it starts from now
     * @since 0.2
     */
    public long changeSequence() {
        engine.ensureOpen();
        return engine.changeSequence();
    }

    /**
     * Commits all writes so far and forces them to the disk; does nothing on a read-only store. When this returns, the writes made
     * before the call survive a process crash and a power loss; without it, a crash loses the
     * writes since the last commit and a power loss about the last half second of commits. Calls from
     * several threads share one commit and one disk sync (group commit).
     *
     * @throws StoreFailedException if the commit or the disk sync fails: the store then refuses
     *         every further operation and must be reopened, since a failed sync is never retried
     */
    public void flush() {
        engine.flush();
    }

    /**
     * Compacts the store file now: rewrites live data out of partly used space so that the space
     * is reused by later writes. The store also does this by itself every few seconds while it is
     * written to. Writers wait while it runs; readers do not. Does nothing in memory.
     *
     * @throws ReadOnlyStoreException if the store is read-only
     */
    public void compact() {
        engine.ensureWritable("compact");
        engine.compact(true);
    }

    /**
     * Writes a consistent copy of the store to a new file while writers go on; the same as
     * {@code backup(target, CopyOptions.defaults())}, which refuses an existing target.
     *
     * @param target the file to write; not null
     * @return what was written
     * @see #backup(Path, CopyOptions)
     */
    public CopyResult backup(Path target) {
        return backup(target, CopyOptions.defaults());
    }

    /**
     * Writes a consistent copy of the store to a new file while writers go on. The copy holds the
     * store as it was at one moment between two write operations: every operation before it whole,
     * nothing after it, with all collections, indexes and expiry times; it opens as a normal store.
     * Writers are held back only while the copy captures that moment (a few map-root reads under the
     * write lock, microseconds), not while it copies; an index build in progress is waited for.
     * Writes not yet flushed are in the copy too. The copy is written to a temporary file beside the
     * target ({@code NAME.*.backup-tmp}) that is renamed into place once it is complete and on the
     * disk: the target never holds a partial copy, and a temporary file left by a crash may be
     * deleted. Works on read-only and in-memory stores too. It holds only live data, so it is
     * usually smaller than the store file.
     *
     * @param target the file to write; not null. Its directory must exist.
     * @param options whether to replace an existing target, and a progress listener; not null
     * @return what was written
     * @throws io.tetherdb.error.TargetExistsException if the target exists and overwrite was not asked
     * @throws TargetFileException if the target is a directory, the store's own file,
     *         a store open in this JVM, or cannot be written; nothing is left at the target
     * @throws CorruptStoreException if a page of the store cannot be read
     * @throws StoreClosedException if the store is closed, before or during the copy
     * @since 0.2
     */
    public CopyResult backup(Path target, CopyOptions options) {
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return result(engine.backup(target, options.overwrite(), options.progress()));
    }

    /**
     * Compacts a closed store file into a new one holding only its live data: opens the source
     * read-only (so it must not be open for writing elsewhere) and {@linkplain #backup(Path, CopyOptions)
     * backs it up} to the target. The source is not changed.
     *
     * @param source the store file; not null
     * @param target the new file; not null, not the source
     * @param options whether to replace an existing target, and a progress listener; not null
     * @return what was written
     * @throws StoreLockedException if the source is open for writing
     * @throws io.tetherdb.error.StoreNotFoundException if the source does not exist
     * @throws TargetFileException if the target cannot be written
     * @since 0.2
     */
    public static CopyResult compact(Path source, Path target, CopyOptions options) {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(options, "options must not be null");
        try (TetherDB db = builder().path(source).readOnly(true).open()) {
            return db.backup(target, options);
        }
    }

    /**
     * Compacts a closed store file in place, so that the file shrinks to its live data: the live
     * data is written to {@code FILE.compact-tmp}, forced to the disk, and renamed over the file in
     * one atomic step while the file's lock is held; the old file is then released without being
     * written to. A crash or kill at any moment leaves at the path either the old file or the new
     * one, complete. A {@code FILE.compact-tmp} left by a crash is deleted by the next open of the
     * file for writing (read-only opens leave it). Expired documents are swept first. The rename
     * needs a file system that replaces an open file by rename, as POSIX ones do.
     *
     * @param file the store file; not null. It must not be open, here or elsewhere.
     * @param options a progress listener (overwrite does not apply); not null
     * @return what was written; its file is {@code file}
     * @throws StoreLockedException if the file is open
     * @throws StoreNotWritableException if the file cannot be written
     * @throws TargetFileException if the new file cannot be written or renamed; the
     *         old one is then unchanged
     * @since 0.2
     */
    public static CopyResult compactInPlace(Path file, CopyOptions options) {
        return compactInPlace(file, null, options);
    }

    /**
     * Compacts a closed, possibly encrypted store file in place, as {@link #compactInPlace(Path, CopyOptions)}
     * does; the new file keeps the old one's key (same password, salt and key derivation cost).
     *
     * @param file the store file; not null, not open
     * @param password the file's password, or null for a plain file; overwritten with zeros before this
     *        returns or throws
     * @param options a progress listener; not null
     * @return what was written
     * @throws io.tetherdb.error.StoreEncryptionException if the password is wrong, missing or not expected
     * @since 0.2
     */
    public static CopyResult compactInPlace(Path file, char[] password, CopyOptions options) {
        try {
            Objects.requireNonNull(file, "file must not be null");
            Objects.requireNonNull(options, "options must not be null");
            if (!Files.isRegularFile(file)) {
                throw new StoreNotFoundException(file.toAbsolutePath().normalize(), "compact",
                        Files.isDirectory(file) ? "it is a directory" : "the file does not exist");
            }
            // the sweep removes expired documents first, so the new file does not carry them
            try (TetherDB db = builder().path(file).cleanupInterval(Duration.ZERO)
                    .encryption(password == null ? null : password.clone()).open()) {
                db.cleanup();
            }
            StoreSettings settings = builder().path(file).options().storeSettings();
            if (password != null) {
                settings = settings.withEncryption(encryptionSettings(password, EncryptionOptions.defaults()));
            }
            return result(StoreEngine.compactInPlace(settings, options.progress()));
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /**
     * Compacts a closed, possibly encrypted store file into a new one, as
     * {@link #compact(Path, Path, CopyOptions)} does; the new file has the source's key.
     *
     * @param source the store file; not null
     * @param target the new file; not null, not the source
     * @param password the source's password, or null for a plain file; overwritten with zeros
     * @param options whether to replace an existing target, and a progress listener; not null
     * @return what was written
     * @since 0.2
     */
    public static CopyResult compact(Path source, Path target, char[] password, CopyOptions options) {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(options, "options must not be null");
        try (TetherDB db = builder().path(source).readOnly(true).encryption(password).open()) {
            return db.backup(target, options);
        }
    }

    /**
     * Salvages a damaged store: copies every document that can still be read into a new store at
     * {@code target}, with its expiry time, and recreates the indexes the damaged store's metadata
     * defines, then reports per collection what was recovered and what could not be read. It reads
     * the newest version MVStore can read (reporting when that is older than the newest one
     * recorded), walks each collection page by page, skips pages that cannot be read (their
     * checksums fail) and records that do not decode, and never trusts the damaged indexes or
     * expiry maps. Documents already expired are left out. The source is opened read-only and not
     * changed; the target is written beside and renamed into place as a backup is.
     *
     * <p>Limits: a file whose two headers are both unreadable cannot be opened by MVStore, and
     * nothing is salvaged (a {@link CorruptStoreException}); damage to MVStore's own chunk metadata can
     * hide whole maps, which are then reported missing; the documents of an unreadable page are
     * lost with it, and only their number is known.
     *
     * @param damaged the damaged store file; not null, not open
     * @param target the new store; not null
     * @param options whether to replace an existing target, and a progress listener (documents read
     *        of documents in all); not null
     * @return what was recovered and lost
     * @throws StoreLockedException if the damaged file is open, here or in another process
     * @throws StoreNotFoundException if the damaged file does not exist or is a directory
     * @throws CorruptStoreException if nothing at all can be read
     * @throws TargetFileException if the target cannot be written
     * @since 0.2
     */
    public static SalvageReport salvage(Path damaged, Path target, CopyOptions options) {
        return SalvageWriter.salvage(damaged, target, null, null, null, options);
    }

    /**
     * Salvages a damaged, possibly encrypted store as {@link #salvage(Path, Path, CopyOptions)} does;
     * the new store is encrypted with the same password and key derivation cost (and a new salt), so
     * that no document is written in the clear. The password is checked before anything is written:
     * only the damaged file's encryption header (its first 4 KiB) must be intact; damage to the
     * encrypted sectors after it is read around and reported as in a plain file.
     *
     * @param damaged the damaged store file; not null, not open
     * @param target the new store; not null
     * @param password the damaged file's password, or null for a plain file (the new store is then
     *        plain too); overwritten with zeros before this returns or throws
     * @param options whether to replace an existing target, and a progress listener; not null
     * @return what was recovered and lost
     * @throws io.tetherdb.error.WrongPasswordException if the password is not the file's; no target is written
     * @throws io.tetherdb.error.PasswordRequiredException if the file is encrypted and the password is null
     * @throws io.tetherdb.error.StoreNotEncryptedException if the file is plain and the password is not null
     * @throws CorruptStoreException if nothing at all can be read, such as when the encryption header is damaged
     * @since 0.2
     */
    public static SalvageReport salvage(Path damaged, Path target, char[] password, CopyOptions options) {
        return SalvageWriter.salvage(damaged, target, password, password == null ? null : password.clone(), null,
                options);
    }

    /**
     * Salvages a damaged, possibly encrypted store into a new store with a key of the caller's
     * choosing, as {@link #salvage(Path, Path, char[], CopyOptions)} does; a null {@code targetPassword}
     * asks for a plain (unencrypted) new store explicitly.
     *
     * @param damaged the damaged store file; not null, not open
     * @param target the new store; not null
     * @param password the damaged file's password, or null for a plain file; overwritten with zeros
     * @param targetPassword the new store's password, or null for a plain new store; not empty;
     *        overwritten with zeros
     * @param targetKdf the key derivation cost of the new store's key, or null for the damaged file's own
     *        (the defaults when it is plain)
     * @param options whether to replace an existing target, and a progress listener; not null
     * @return what was recovered and lost
     * @since 0.2
     */
    public static SalvageReport salvage(Path damaged, Path target, char[] password, char[] targetPassword,
            EncryptionOptions targetKdf, CopyOptions options) {
        return SalvageWriter.salvage(damaged, target, password, targetPassword, targetKdf, options);
    }

    /**
     * Re-keys a closed store file in place: its live data is written, encrypted with a key derived
     * from {@code newPassword} with a new random salt and the given cost, to {@code FILE.compact-tmp},
     * forced to the disk, and renamed over the file in one atomic step while the file's lock is
     * held, as {@link #compactInPlace} does. A crash or kill at any moment leaves at the path the
     * old file (old password) or the new one (new password), complete. With a null
     * {@code oldPassword} the file must be plain (this encrypts it); with a null {@code newPassword}
     * the new file is plain (this decrypts it). Both arrays are overwritten with zeros before this
     * returns or throws. Expired documents not yet swept are carried over; the next sweep removes
     * them.
     *
     * @param file the store file; not null, not open
     * @param oldPassword the file's password, or null for a plain file
     * @param newPassword the new password, or null for a plain file; not empty
     * @param kdf the key derivation cost of the new key; not null
     * @param options a progress listener (overwrite does not apply); not null
     * @return what was written; its file is {@code file}
     * @throws io.tetherdb.error.WrongPasswordException if {@code oldPassword} is not the file's
     * @throws io.tetherdb.error.PasswordRequiredException if the file is encrypted and {@code oldPassword} is null
     * @throws io.tetherdb.error.StoreNotEncryptedException if the file is plain and {@code oldPassword} is not null
     * @throws StoreLockedException if the file is open
     * @throws StoreNotFoundException if the file does not exist
     * @throws TargetFileException if the new file cannot be written or renamed; the old one is then unchanged
     * @since 0.2
     */
    public static CopyResult rekey(Path file, char[] oldPassword, char[] newPassword, EncryptionOptions kdf,
            CopyOptions options) {
        try {
            Objects.requireNonNull(file, "file must not be null");
            Objects.requireNonNull(kdf, "kdf must not be null");
            Objects.requireNonNull(options, "options must not be null");
            if (newPassword != null && newPassword.length == 0) {
                throw new IllegalArgumentException("the new password must not be empty");
            }
            if (!Files.isRegularFile(file)) {
                throw new StoreNotFoundException(file.toAbsolutePath().normalize(), "re-key",
                        Files.isDirectory(file) ? "it is a directory" : "the file does not exist");
            }
            StoreSettings settings = builder().path(file).options().storeSettings();
            if (oldPassword != null) {
                settings = settings.withEncryption(encryptionSettings(oldPassword, kdf));
            }
            return result(StoreEngine.rekeyInPlace(settings,
                    newPassword == null ? null : encryptionSettings(newPassword, kdf), options.progress()));
        } finally {
            if (oldPassword != null) {
                Arrays.fill(oldPassword, '\0');
            }
            if (newPassword != null) {
                Arrays.fill(newPassword, '\0');
            }
        }
    }

    /**
     * Encrypts a closed plain store file in place; see {@link #rekey}.
     *
     * @param file the plain store file; not null, not open
     * @param password the password; not null, not empty; overwritten with zeros before this returns
     * @param kdf the key derivation cost; not null
     * @param options a progress listener; not null
     * @return what was written
     * @since 0.2
     */
    public static CopyResult encrypt(Path file, char[] password, EncryptionOptions kdf, CopyOptions options) {
        Objects.requireNonNull(password, "password must not be null");
        return rekey(file, null, password, kdf, options);
    }

    /**
     * Decrypts a closed encrypted store file in place, leaving a plain one; see {@link #rekey}.
     *
     * @param file the encrypted store file; not null, not open
     * @param password its password; not null; overwritten with zeros before this returns
     * @param options a progress listener; not null
     * @return what was written
     * @since 0.2
     */
    public static CopyResult decrypt(Path file, char[] password, CopyOptions options) {
        Objects.requireNonNull(password, "password must not be null");
        return rekey(file, password, null, EncryptionOptions.defaults(), options);
    }

    /** @return an opener of encrypted stores; the password is read during the open only */
    static Function<StoreSettings, StoreEngine> encrypted(char[] password, EncryptionOptions kdf) {
        return settings -> StoreEngine.open(settings.withEncryption(encryptionSettings(password, kdf)));
    }

    private static EncryptionSettings encryptionSettings(char[] password, EncryptionOptions kdf) {
        return new EncryptionSettings(password, kdf.memoryKiB(), kdf.iterations(), kdf.parallelism());
    }

    /**
     * @return whether the store's file is encrypted
     * @since 0.2
     */
    public boolean isEncrypted() {
        return engine.encryption() != null;
    }

    private static CopyResult result(StoreEngine.CopyResult copied) {
        return new CopyResult(copied.file(), copied.documents(), copied.entries(), copied.bytes(),
                Duration.ofNanos(copied.pauseNanos()));
    }

    /**
     * Checks the store for consistency, as a recovery test or a cautious operator would after a
     * crash: decodes every document, checks that every secondary index holds exactly the keys of
     * the documents (and that unique indexes hold each key once), that the expiry index holds
     * exactly the documents that expire, that every map's recorded size matches its entries, and
     * that the file holds exactly the maps its metadata names. Writers wait while it runs, readers
     * do not; it reads the whole store, so it takes about as long as streaming every document once
     * per index.
     *
     * @return what was checked and every problem found; {@link VerifyReport#isClean()} when none
     * @throws StoreClosedException if the store is closed
     */
    public VerifyReport verify() {
        StoreVerification found = engine.verify();
        List<VerifyReport.Problem> problems = new ArrayList<>(found.problems().size());
        for (StoreVerification.Problem problem : found.problems()) {
            problems.add(new VerifyReport.Problem(problem.collection(), problem.message()));
        }
        return new VerifyReport(found.collections(), found.documents(), found.indexEntries(), found.expiryEntries(),
                problems);
    }

    /**
     * The time of the last commit written to the store's file or its write-ahead log, by the store's
     * clock: what tools show as "last written". Read from the file's metadata (and, while the store
     * is open for writing, the time of its last write to the log), so a store opened read-only
     * reports when its last writer committed.
     *
     * @return the time, or empty for an in-memory store, a new store with nothing committed yet, or
     *         a file last written by a TetherDB version before 0.2
     * @throws StoreClosedException if the store is closed
     * @since 0.2
     */
    public Optional<Instant> lastCommitTime() {
        long millis = engine.lastCommitMillis();
        return millis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /**
     * @return the version of the file layout the store is written in: 1 (no checksums), 2
     *         (checksums) or 3 (decimals); a newer TetherDB may write a higher one, which this one refuses
     * @since 0.2
     */
    public int formatVersion() {
        return engine.formatVersion();
    }

    /**
     * @return how many documents carry an expiry time, over all collections; expired ones the sweep
     *         has not removed yet are included. Cheap: it reads the expiry indexes' sizes.
     * @since 0.2
     */
    public long expiringDocuments() {
        return engine.expiringDocuments();
    }

    /**
     * @return the share of the store file, in percent, that holds live data; the rest is free space
     *         or replaced pages, which {@link #compactInPlace(Path, CopyOptions)} gives back. 100 in
     *         memory.
     * @since 0.2
     */
    public int liveDataPercent() {
        return engine.liveDataPercent();
    }

    /** @return the options the store was opened with */
    public TetherOptions options() {
        return options;
    }

    /** @return the store file, or empty for an in-memory store */
    public Optional<Path> path() {
        return Optional.ofNullable(engine.path());
    }

    /** @return the flush threshold in force now; it moves with the write rate in adaptive mode */
    public int currentFlushThreshold() {
        return engine.currentFlushThreshold();
    }

    /**
     * Returns the store's counters and sizes. After {@link #close()} the counters keep their last
     * values, and the file size and collections read as 0 and empty.
     *
     * @return a snapshot of the store's counters and sizes
     */
    public TetherStatistics statistics() {
        StoreStatistics s = engine.statistics();
        List<TetherStatistics.CollectionCount> counts = new ArrayList<>();
        long fileSize = 0;
        try {
            for (String name : engine.collectionNames()) {
                counts.add(new TetherStatistics.CollectionCount(name, collection(name).count()));
            }
            fileSize = engine.fileSize();
        } catch (StoreClosedException e) {
            counts.clear();
        }
        RuntimeException failure = s.lastBackgroundFailure();
        return new TetherStatistics(reads.sum(), documentsExamined.sum(), s.documentWrites(), sweeper.removedTotal(), s.commits(),
                s.commitNanos(), s.syncs(), s.syncNanos(), s.compactions(), s.backgroundFailures(),
                failure == null ? null : failure.toString(), fileSize, engine.currentFlushThreshold(), counts);
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return engine.isClosed();
    }

    /**
     * Commits, forces everything to the disk, stops the background threads and releases the file.
     * Idempotent; any other call afterwards throws {@link StoreClosedException}. On a store that
     * failed ({@link StoreFailedException}) it writes nothing and only releases the file.
     *
     * @throws StoreFailedException if the final commit or fsync fails; the file is released all the same
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "TetherDB[" + engine.describe() + "]";
    }

    // ---- for collections

    String nextId() {
        return ids.next();
    }

    RecordPreparer records() {
        return records;
    }

    void countRead() {
        reads.increment();
    }

    LongAdder documentsExamined() {
        return documentsExamined;
    }

    static String checkCollectionName(String name) {
        Objects.requireNonNull(name, "collection name must not be null");
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("collection name must be 1 to 255 characters but was '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("collection name must not contain control characters: '"
                        + name.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        return name;
    }
}
