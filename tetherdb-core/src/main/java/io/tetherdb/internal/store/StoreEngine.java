package io.tetherdb.internal.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreFailedException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.StoreNotWritableException;
import io.tetherdb.error.TetherException;
import io.tetherdb.index.IndexDefinition;
import org.h2.mvstore.MVStore;

/**
 * TetherDB's binding to H2's MVStore, the one entry point the rest of TetherDB uses: it opens and
 * closes the store and owns its closed and failed state, and hands each job to a package-private
 * role: {@link StoreOpener} (open and format checks), {@link Catalog} (collections and indexes),
 * {@link IndexBuilder}, {@link Committer} (writes, commits, syncs and flush under one write lock,
 * so that a commit only ever holds whole operations), {@link SnapshotViews} (consistent views for
 * readers) and {@link StoreMaintenance} (background tasks and compaction).
 *
 * <p>A store opened read-only writes nothing to its file, not at open nor at close: it has no
 * background tasks, and every write operation throws {@link ReadOnlyStoreException} before it
 * starts. MVStore then holds a shared lock on the file, so other processes may read it too.
 *
 * <p>A failed commit, fsync or compaction write puts the engine in a failed state for good: every
 * later operation throws {@link StoreFailedException}, and {@link #close()} releases the file
 * without writing to it again.
 *
 * <p>Thread-safe. Reads never take the write lock; {@link #atomically} reads wait only for a write
 * operation that is changing the maps.
 */
public final class StoreEngine implements AutoCloseable {

    private static final AtomicInteger OPEN_ENGINES = new AtomicInteger();

    private final Path path;
    private final boolean readOnly;
    private final int pageSize;
    private final Clock clock;
    private final MVStore store;
    private final StoreStatistics statistics = new StoreStatistics();
    private final Catalog catalog;
    private final Committer committer;
    private final IndexBuilder indexBuilder;
    private final SnapshotViews views;
    private final StoreMaintenance maintenance;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The first failure of a write to the file or of an fsync, or null while the store is healthy. */
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    /** The file's key, or null for a plain or in-memory store; copies of the store are encrypted with it. */
    private final FileKey key;
    /** Under which the key is registered for the file's reopens (see InterruptSafeFileChannel), or null. */
    private final String keyToken;

    private StoreEngine(StoreSettings settings, Path path, MVStore store, FileKey key, String keyToken) {
        this.key = key;
        this.keyToken = keyToken;
        this.path = path;
        this.readOnly = settings.readOnly();
        this.pageSize = settings.pageSize();
        this.clock = settings.clock();
        this.store = store;
        this.catalog = new Catalog(store, path, clock, readOnly);
        this.committer = new Committer(this, store, settings, path, statistics, readOnly ? null : catalog.meta());
        this.indexBuilder = new IndexBuilder(this, catalog, committer, clock);
        this.views = new SnapshotViews(this, store, committer);
        this.maintenance = new StoreMaintenance(this, store, path, committer, statistics);
    }

    /**
     * Opens or creates a store.
     *
     * @param settings the settings; not null
     * @return the open engine
     * @throws StoreLockedException if the file is open elsewhere
     * @throws CorruptStoreException if the file cannot be read as a TetherDB store
     * @throws StoreNotWritableException if the store is not read-only and its file cannot be written
     * @throws StoreNotFoundException if the store is read-only and its file does not exist
     */
    public static StoreEngine open(StoreSettings settings) {
        return open(settings, Path::toString);
    }

    /**
     * Opens or creates a store through a file name of MVStore's choosing: tests open the file
     * through an H2 {@code FilePath} wrapper that injects I/O faults ({@code "scheme:" + path}).
     *
     * @param settings the settings; not null
     * @param fileNames gives the MVStore file name for the absolute, normalized store path
     * @return the open engine
     */
    static StoreEngine open(StoreSettings settings, Function<Path, String> fileNames) {
        return StoreOpener.open(settings, fileNames);
    }

    /**
     * Called by the opener once MVStore is open: checks the format, loads the catalog, rebuilds
     * indexes an earlier version wrote, and starts the background tasks.
     */
    static StoreEngine start(StoreSettings settings, Path path, MVStore store, FileKey key, String keyToken,
            String logName) {
        StoreEngine engine = new StoreEngine(settings, path, store, key, keyToken);
        StoreOpener.checkFormat(path, store, engine.catalog, engine.readOnly);
        javax.crypto.spec.SecretKeySpec logKey = key == null ? null : key.logKey();
        if (path != null) {
            engine.replayLog(logName, logKey);
        }
        engine.committer.attach(new ChangeLog(engine.catalog.meta(),
                engine.catalog.changeHistory(settings.changeRetention().enabled()), settings.changeRetention(), path,
                !engine.readOnly));
        if (path != null && !engine.readOnly) {
            engine.committer.markOpen(logName, logKey);
        }
        engine.indexBuilder.upgrade(engine.catalog.load());
        engine.indexBuilder.removeLeftoverRuns();
        engine.maintenance.start(engine.readOnly, settings.flushInterval().toMillis());
        OPEN_ENGINES.incrementAndGet();
        return engine;
    }

    /**
     * Before anything reads the maps: applies the writes that the write-ahead log holds beyond the
     * last checkpoint (a crash or kill ended the last run), for {@link Committer#markOpen} to
     * commit; a read-only open refuses a store with such writes.
     */
    private void replayLog(String logName, javax.crypto.spec.SecretKeySpec logKey) {
        String recorded = catalog.meta().get(RedoLog.GENERATION_KEY);
        long generation;
        try {
            generation = recorded == null ? 0 : Long.parseLong(recorded);
        } catch (NumberFormatException e) {
            throw new CorruptStoreException(path, "metadata key '" + RedoLog.GENERATION_KEY + "' holds '" + recorded
                    + "', not a log generation", e);
        }
        RedoLog.Recovered found;
        try {
            found = RedoLog.read(logName, logKey, generation,
                    readOnly ? (map, k, v) -> { } : catalog::replay);
        } catch (java.io.IOException e) {
            throw new CorruptStoreException(path, "its write-ahead log " + RedoLog.fileOf(path) + " cannot be read: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof CorruptStoreException) {
                throw e;
            }
            throw new CorruptStoreException(path, "its write-ahead log " + RedoLog.fileOf(path)
                    + " cannot be replayed: " + e, e);
        }
        if (found.records() == 0) {
            return;
        }
        if (readOnly) {
            throw new io.tetherdb.error.StoreNeedsRecoveryException(path, found.records());
        }
        // the replayed history entries give the sequence when history is kept; without one, the records say it
        raiseMeta(ChangeLog.SEQUENCE_KEY, found.changeSequence());
        raiseMeta(Catalog.LAST_COMMIT_KEY, found.timeMillis());
    }

    /** Records a number in the metadata unless it holds a larger one already. */
    private void raiseMeta(String key, long value) {
        String recorded = catalog.meta().get(key);
        try {
            if (recorded != null && Long.parseLong(recorded) >= value) {
                return;
            }
        } catch (NumberFormatException e) {
            throw new CorruptStoreException(path, "metadata key '" + key + "' holds '" + recorded + "', not a number", e);
        }
        catalog.meta().put(key, Long.toString(value));
    }

    /**
     * Schedules a recurring maintenance task on the store's daemon thread. The task stops when the
     * store closes.
     *
     * @param task the task; exceptions it throws are counted and do not cancel it
     * @param periodMillis the delay between runs, also the initial delay
     */
    public void scheduleWithFixedDelay(Runnable task, long periodMillis) {
        maintenance.scheduleWithFixedDelay(task, periodMillis);
    }

    // collections and indexes: see Catalog and IndexBuilder

    /**
     * @param name the collection name
     * @return the collection's maps, or null if it does not exist
     */
    public CollectionStore collection(String name) {
        ensureOpen();
        return catalog.collection(name);
    }

    /**
     * @return whether a write operation holds the write lock now (or another waits for it): a hint
     *         for work that can be done before taking the lock instead of while holding it
     */
    public boolean writesContended() {
        return committer.writeLock().isLocked();
    }

    /** Within a write: returns the collection, creating it if needed. */
    public CollectionStore createCollectionLocked(Mutations mutations, String name) {
        return catalog.createCollectionLocked(mutations, name);
    }

    /** @return the names of all collections, sorted */
    public List<String> collectionNames() {
        ensureOpen();
        return catalog.collectionNames();
    }

    /**
     * Drops a collection and all its documents.
     *
     * @param name the collection name
     * @return whether the collection existed
     */
    public boolean dropCollection(String name) {
        return write(mutations -> catalog.dropCollectionLocked(mutations, name));
    }

    /**
     * Builds a new index over a collection's documents, creating the collection if needed. The
     * build reads the documents one at a time, so it needs no memory in proportion to the
     * collection, and commits as it goes; the index is recorded, and used, only once it is
     * complete, so a crash mid-build leaves no trace after the next open. Expired documents that
     * the sweep has not removed yet are removed as the build meets them. Writers wait while it
     * runs; readers do not.
     *
     * @param collectionName the collection
     * @param definition the index
     * @param progress receives (documents indexed, documents in the collection) now and then; not null
     * @return false if an index of the same name and shape exists already (nothing is done)
     * @throws IllegalArgumentException if an index of that name but another shape exists
     * @throws io.tetherdb.error.DuplicateKeyException if the index is unique and two documents share a key
     */
    public boolean createIndex(String collectionName, IndexDefinition definition, BiConsumer<Long, Long> progress) {
        return indexBuilder.createIndex(collectionName, definition, progress);
    }

    /**
     * Drops an index.
     *
     * @param collectionName the collection
     * @param indexName the index
     * @return whether it existed
     */
    public boolean dropIndex(String collectionName, String indexName) {
        return write(mutations -> catalog.dropIndexLocked(mutations, collectionName, indexName));
    }

    // writes: see Committer and StoreMaintenance

    /**
     * Runs one write operation under the write lock. If it throws, every map change it made is
     * undone before the exception propagates, so the store is exactly as before. Afterwards the
     * store commits if the flush policy says so; a commit never holds part of an operation.
     *
     * @param operation the operation; not null
     * @param <T> its result type
     * @return its result
     */
    public <T> T write(Function<Mutations, T> operation) {
        return committer.write(operation);
    }

    /**
     * Commits everything written so far and forces it to the disk. Concurrent callers share one
     * commit and one fsync (group commit): one caller leads, committing under the write lock and
     * syncing outside it, while the others wait; when the sync ends, every caller whose write it
     * covers returns, and one of the rest leads the next round, whose commit covers all the writes
     * made meanwhile.
     */
    public void flush() {
        committer.flush();
    }

    /**
     * Rewrites the live pages of sparsely used chunks into new ones, so that whole chunks become
     * free and later commits reuse their space: with MVStore's background thread off, nothing else
     * reclaims what every commit's copy-on-write leaves behind. It does not move chunks to shrink
     * the file: MVStore 2.4.240's chunk mover trips its own free-space assertions (seen here on
     * close), so TetherDB keeps to the rewrite path MVStore's own housekeeping uses. Runs every few
     * seconds when commits happened, and within a bounded write budget under the write lock.
     *
     * @param force whether to rewrite every chunk that is not completely live, without a budget,
     *        whether or not anything was committed since the last compaction
     */
    public void compact(boolean force) {
        maintenance.compact(force);
    }

    /**
     * Checks the whole store for consistency; see {@link StoreVerifier}. Holds the write lock for
     * the whole run, so writers wait while readers go on; the run reads every document and every
     * index entry once, and decodes every document.
     *
     * @return what was checked and every problem found
     */
    public StoreVerification verify() {
        ReentrantLock writeLock = committer.writeLock();
        writeLock.lock();
        try {
            ensureOpen();
            Set<String> expectedMaps = new TreeSet<>();
            List<CollectionStore> sorted = catalog.collectionsForVerify(expectedMaps);
            try {
                return new StoreVerifier().verify(new TreeSet<>(store.getMapNames()), expectedMaps, sorted);
            } catch (RuntimeException | AssertionError e) {
                throw Damage.translate(path, "the store for verify()", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    // copies: see StoreCopier

    /**
     * What a copy of the store wrote.
     *
     * @param file the file written
     * @param documents documents copied (expired ones the sweep had not removed yet included)
     * @param entries map entries copied: documents, index and expiry entries, metadata
     * @param bytes size of the file written
     * @param pauseNanos how long the copy held the write lock to capture its snapshot
     */
    public record CopyResult(Path file, long documents, long entries, long bytes, long pauseNanos) {
    }

    /**
     * Writes a consistent copy of the store, as of one moment between two write operations, to a
     * new file while writers go on: the snapshot is captured under the write lock (a pause of a few
     * map-root reads), and copied outside it from pages its held version keeps from reuse. The copy
     * is written to a temporary file beside the target and renamed into place once complete and on
     * the disk. Works for an in-memory store too (the copy is a file).
     *
     * @param target the file to write; not null
     * @param overwrite whether an existing file at the target may be replaced
     * @param progress receives (entries copied, entries in all); not null
     * @return what was written
     * @throws io.tetherdb.error.TargetExistsException if the target exists and overwrite is false
     * @throws io.tetherdb.error.TargetFileException if the target cannot be written
     * @throws CorruptStoreException if a page of the store cannot be read
     */
    public CopyResult backup(Path target, boolean overwrite, BiConsumer<Long, Long> progress) {
        ensureOpen();
        Path absolute = target.toAbsolutePath().normalize();
        StoreCopier.checkTarget(absolute, path, overwrite);
        Path temp = StoreCopier.tempBeside(absolute);
        try {
            CopyResult written = writeSnapshot(temp, absolute, progress);
            StoreCopier.moveIntoPlace(temp, absolute, overwrite);
            return new CopyResult(absolute, written.documents(), written.entries(), written.bytes(),
                    written.pauseNanos());
        } finally {
            StoreCopier.deleteQuietly(temp);
        }
    }

    /**
     * Compacts a closed store file in place: opens it for writing (which takes its lock), writes its
     * live data to {@code FILE.compact-tmp} and renames that over the file while still holding the
     * lock, then releases the old file without writing to it. A crash at any moment leaves the old
     * file or the new one complete at the path; a leftover temporary file is deleted by the next
     * open for writing.
     *
     * @param settings the settings to open the file with; its path not null, not read-only
     * @param progress receives (entries copied, entries in all); not null
     * @return what was written
     */
    public static CopyResult compactInPlace(StoreSettings settings, BiConsumer<Long, Long> progress) {
        StoreEngine engine = open(settings);
        boolean replaced = false;
        try {
            Path temp = Path.of(engine.path + StoreCopier.COMPACT_SUFFIX);
            engine.closingForReplacement();
            CopyResult written = engine.writeSnapshot(temp, engine.path, progress);
            StoreCopier.moveIntoPlace(temp, engine.path, true);
            replaced = true;
            return new CopyResult(engine.path, written.documents(), written.entries(), written.bytes(),
                    written.pauseNanos());
        } finally {
            if (replaced) {
                // the path holds the new file now: the old one, unlinked, must not be written again
                engine.close(false);
                StoreCopier.deleteQuietly(RedoLog.fileOf(engine.path));
            } else {
                engine.close();
            }
        }
    }

    /**
     * Re-encrypts a closed store file in place, as {@link #compactInPlace} compacts it: opens it
     * with {@code settings} (and so with its current password, if any), writes its live data to
     * {@code FILE.compact-tmp} encrypted with a key derived from {@code target} (with a new salt),
     * or plain when {@code target} is null, and renames that over the file while holding the lock.
     * A crash at any moment leaves the old file or the new one complete at the path.
     *
     * @param settings the settings to open the file with; its path not null, not read-only
     * @param target the new password and key derivation cost, or null to write a plain file
     * @param progress receives (entries copied, entries in all); not null
     * @return what was written
     */
    public static CopyResult rekeyInPlace(StoreSettings settings, EncryptionSettings target,
            BiConsumer<Long, Long> progress) {
        // derive the new key before the store is opened: it takes the KDF's time, not the lock's
        FileKey newKey = target == null ? null : FileKey.create(target);
        StoreEngine engine = open(settings);
        boolean replaced = false;
        try {
            Path temp = Path.of(engine.path + StoreCopier.COMPACT_SUFFIX);
            engine.closingForReplacement();
            CopyResult written = engine.writeSnapshot(temp, engine.path, newKey, progress);
            StoreCopier.moveIntoPlace(temp, engine.path, true);
            replaced = true;
            return new CopyResult(engine.path, written.documents(), written.entries(), written.bytes(),
                    written.pauseNanos());
        } finally {
            if (replaced) {
                engine.close(false);
                StoreCopier.deleteQuietly(RedoLog.fileOf(engine.path));
            } else {
                engine.close();
            }
        }
    }

    /**
     * @return how the file's key is derived ("argon2id v13 m=19456 KiB t=2 p=1"), or null when the
     *         store is not encrypted
     */
    public String encryption() {
        return key == null ? null : key.header().toString();
    }

    /**
     * Checks a target for a copy written by other means (a salvage) and creates its temporary file
     * beside it; see {@link #backup} for the rules.
     *
     * @param target the target; not null
     * @param overwrite whether an existing target may be replaced
     * @return the temporary file, empty, to write and then hand to {@link #moveCopyIntoPlace}
     */
    public static Path prepareCopyTarget(Path target, boolean overwrite) {
        Path absolute = target.toAbsolutePath().normalize();
        StoreCopier.checkTarget(absolute, null, overwrite);
        return StoreCopier.tempBeside(absolute);
    }

    /**
     * Renames a finished copy into place atomically and forces the directory to the disk; deletes
     * the copy if that fails.
     *
     * @param finished the file from {@link #prepareCopyTarget}, closed and synced
     * @param target the target
     * @param overwrite whether an existing target may be replaced
     */
    public static void moveCopyIntoPlace(Path finished, Path target, boolean overwrite) {
        StoreCopier.moveIntoPlace(finished, target.toAbsolutePath().normalize(), overwrite);
    }

    /**
     * Before the snapshot that will replace the file, which this engine then closes without writing:
     * the snapshot's metadata says what a clean close would, so that the next open does not take the
     * copy for the file of a crashed run. Should the copy fail, the close commits the same.
     */
    private void closingForReplacement() {
        ReentrantLock writeLock = committer.writeLock();
        writeLock.lock();
        try {
            ensureOpen();
            committer.changeLog().closing();
        } finally {
            writeLock.unlock();
        }
    }

    private CopyResult writeSnapshot(Path file, Path target, BiConsumer<Long, Long> progress) {
        return writeSnapshot(file, target, key, progress);
    }

    /** Writes a snapshot encrypted with the given key (null for a plain file). */
    private CopyResult writeSnapshot(Path file, Path target, FileKey copyKey, BiConsumer<Long, Long> progress) {
        ReentrantLock writeLock = committer.writeLock();
        Runnable release;
        List<StoreCopier.CapturedMap> maps;
        long pauseNanos;
        writeLock.lock();
        long locked = System.nanoTime();
        try {
            ensureOpen();
            release = views.holdCurrentVersion();
            try {
                // the copy holds the changes since the last commit too: its metadata must count them
                if (!readOnly) {
                    committer.changeLog().recordSequence();
                }
                maps = StoreCopier.capture(catalog);
            } catch (RuntimeException | Error e) {
                release.run();
                throw Damage.translate(path, "the store for a copy", e);
            }
            pauseNanos = System.nanoTime() - locked;
        } finally {
            writeLock.unlock();
        }
        try {
            StoreCopier.Written written = views.read(() -> {
                try {
                    return StoreCopier.write(maps, file, target, pageSize, copyKey, progress);
                } catch (RuntimeException | AssertionError e) {
                    throw Damage.translate(path, "the store for a copy", e);
                }
            });
            return new CopyResult(file, written.documents(), written.entries(), written.bytes(), pauseNanos);
        } finally {
            release.run();
        }
    }

    // reads: see SnapshotViews

    /**
     * Opens a snapshot scan of a collection in id order. The scan holds the snapshot's version
     * so that compaction cannot free pages under it; close it to release them. A scan that is
     * never closed is released when it becomes unreachable.
     *
     * @param collection the collection
     * @return the scan
     */
    public RecordScan scan(CollectionStore collection) {
        return views.scan(collection);
    }

    /**
     * Captures a view of a collection, and optionally of one of its indexes, and holds its version
     * as {@link #scan} does, so that compaction cannot reuse the space of pages the view has yet to
     * read however long it is kept. Close it when done; one never closed is released when it
     * becomes unreachable.
     *
     * @param collection the collection
     * @param indexName the index to capture with the documents, or null
     * @return the held view
     * @throws IllegalStateException if the index does not exist (it was dropped)
     */
    public HeldView holdView(CollectionStore collection, String indexName) {
        return views.holdView(collection, indexName);
    }

    /**
     * As {@link #holdView(CollectionStore, String)}, capturing several indexes with the documents
     * at the same moment.
     *
     * @param indexNames the indexes to capture; not null
     * @return the held view
     */
    public HeldView holdViews(CollectionStore collection, List<String> indexNames) {
        return views.holdViews(collection, indexNames);
    }

    /**
     * Runs a read of the maps outside the write lock. A read that close() overtakes fails inside
     * MVStore (a closed file, a closed store); it is reported as {@link StoreClosedException}.
     *
     * @param read the read; not null
     * @param <T> its result type
     * @return its result
     * @throws StoreClosedException if the store is closed, before or during the read
     */
    public <T> T read(Supplier<T> read) {
        return views.read(read);
    }

    /**
     * Runs a short read that must see the maps between two write operations, never in the middle
     * of one: it runs without a lock and again, waiting for the write in progress, only if a write
     * operation overlapped it. Use it to capture a {@link CollectionStore.View} or for a few map
     * lookups; the read must have no side effects. Within a write operation it simply runs.
     *
     * @param read the read; not null
     * @param <T> its result type
     * @return its result
     * @throws StoreClosedException if the store is closed, before or during the read
     */
    public <T> T atomically(Supplier<T> read) {
        return views.atomically(read);
    }

    /**
     * Turns the failure of a read that close() overtook into a {@link StoreClosedException}, with
     * the original as its cause; any other failure is returned as it is.
     *
     * @param failure the failure; not null
     * @return the exception to throw
     */
    public RuntimeException translate(RuntimeException failure) {
        if (closed.get() && !(failure instanceof TetherException)) {
            return new StoreClosedException(describe(), failure);
        }
        return failure;
    }

    /**
     * Diagnostics for tests: how many engines and snapshot scans are open in this JVM.
     *
     * @return open engines and open scans
     */
    public static int[] openResources() {
        return new int[] {OPEN_ENGINES.get(), SnapshotViews.openScans()};
    }

    // transactions: see WriteLog and StoreSnapshot

    /**
     * Captures a snapshot of every collection and index for a transaction, between two write
     * operations, with the write sequence number of that moment; from now until the snapshot is
     * closed, every write operation notes the documents it writes in the write log. Close it when
     * the transaction ends.
     *
     * @return the snapshot
     * @throws StoreClosedException if the store is closed
     */
    public StoreSnapshot snapshot() {
        ensureOpen();
        return views.holdSnapshot(catalog, committer.writeLog());
    }

    /**
     * Within a write operation: whether a document, or its collection as a whole (a drop), was
     * written by an operation that completed after a snapshot's start point. Removals of expired
     * documents by the sweep do not count.
     *
     * @param collection the collection
     * @param id the document id
     * @param start the snapshot's {@link StoreSnapshot#start()}
     * @return the write sequence number of the last such write, or 0 if there was none
     */
    public long writtenAfter(String collection, String id, long start) {
        return committer.writeLog().writtenAfter(collection, id, start);
    }

    /** @return how many transaction snapshots are open, for tests */
    public int openSnapshots() {
        return committer.writeLog().openTransactions();
    }

    // change events: see ChangeLog

    /**
     * Registers a sink for the changes of every later write operation, between two operations.
     *
     * @param sink the sink; not null
     * @return the sequence number of the last change before the sink's first one
     * @throws StoreClosedException if the store is closed
     */
    public long subscribe(ChangeSink sink) {
        ReentrantLock writeLock = committer.writeLock();
        writeLock.lock();
        try {
            ensureOpen();
            return committer.changeLog().register(sink);
        } finally {
            writeLock.unlock();
        }
    }

    /** @param sink a sink to send nothing more to; nothing happens if it is not registered */
    public void unsubscribe(ChangeSink sink) {
        ChangeLog log = committer.changeLog();
        if (log != null) {
            log.unregister(sink);
        }
    }

    /** @return the sequence number of the last change, 0 if there never was one */
    public long changeSequence() {
        return committer.changeLog().sequence();
    }

    /**
     * @param after a sequence number a subscriber asks to resume after
     * @return the point to resume after: the same, or the end of the range of numbers an unclean
     *         shutdown lost that it falls in, since no change between the two was ever committed
     */
    public long changeResumePoint(long after) {
        return committer.changeLog().resumePoint(after);
    }

    /** @return whether the store keeps a change history */
    public boolean keepsChangeHistory() {
        return committer.changeLog().keepsHistory();
    }

    /** @return the oldest sequence number the change history holds, or 0 if it holds none */
    public long oldestRetainedChange() {
        return read(() -> committer.changeLog().oldestRetained());
    }

    /**
     * Reads part of the change history.
     *
     * @param after the sequence number to read after
     * @param upTo the last sequence number to read
     * @param max most changes to read
     * @return the changes, in sequence order; fewer than {@code max} only when the history ends
     * @throws StoreClosedException if the store is closed
     */
    public List<ChangeRecord> changeHistory(long after, long upTo, int max) {
        return read(() -> {
            List<ChangeRecord> changes = new java.util.ArrayList<>();
            var records = committer.changeLog().read(after, upTo);
            while (changes.size() < max && records.hasNext()) {
                changes.add(records.next());
            }
            return changes;
        });
    }

    // state

    /** @return the current time of the store's clock, in epoch millis */
    public long nowMillis() {
        return clock.millis();
    }

    /** @return the version of the file layout the store is written in (see {@link StoreOpener#FORMAT_VERSION}) */
    public int formatVersion() {
        ensureOpen();
        return Integer.parseInt(catalog.meta().get(Catalog.FORMAT_KEY));
    }

    /**
     * @return the store clock's time of the last commit written to the file or its write-ahead log,
     *         in epoch millis, or -1 if the file has none recorded (an in-memory store, a new store not committed yet, or
     *         a file last written by a TetherDB version before 0.2)
     */
    public long lastCommitMillis() {
        ensureOpen();
        String recorded = catalog.meta().get(Catalog.LAST_COMMIT_KEY);
        long logged = committer.lastLogWriteMillis();
        if (recorded == null) {
            return logged;
        }
        try {
            return Math.max(logged, Long.parseLong(recorded));
        } catch (NumberFormatException e) {
            throw new CorruptStoreException(path, "metadata key '" + Catalog.LAST_COMMIT_KEY + "' holds '" + recorded
                    + "', not a time", e);
        }
    }

    /**
     * @return how many documents carry an expiry time, over all collections, expired ones the sweep
     *         has not removed yet included: the sizes of the expiry maps, read between two writes
     */
    public long expiringDocuments() {
        return atomically(() -> {
            long total = 0;
            for (String name : catalog.collectionNames()) {
                total += catalog.collection(name).expiry().sizeAsLong();
            }
            return total;
        });
    }

    /**
     * @param collectionName the collection's name
     * @return how many documents of the collection carry an expiry time, expired ones the sweep has
     *         not removed yet included; 0 for a collection that does not exist
     */
    public long expiringDocuments(String collectionName) {
        ensureOpen();
        return atomically(() -> {
            CollectionStore collection = catalog.collection(collectionName);
            return collection == null ? 0L : collection.expiry().sizeAsLong();
        });
    }

    /**
     * @return the share of the store file, in percent, that holds live data: the rest is free
     *         space, or pages later commits replaced, which compaction into a new file gives back;
     *         100 for an in-memory store
     */
    public int liveDataPercent() {
        ensureOpen();
        if (path == null) {
            return 100;
        }
        // the share of the file that chunks occupy, times the share of the chunks that is live
        var fileStore = store.getFileStore();
        return (int) Math.round(fileStore.getFillRate() * fileStore.getChunksFillRate() / 100.0);
    }

    /** @return the flush threshold in force now (it changes in adaptive mode) */
    public int currentFlushThreshold() {
        return committer.currentFlushThreshold();
    }

    /** @return the store file, or null for an in-memory store */
    public Path path() {
        return path;
    }

    /** @return the size of the store's files in bytes (the store file and its write-ahead log), or 0 for an in-memory store */
    public long fileSize() {
        ensureOpen();
        return path == null ? 0 : store.getFileStore().size() + committer.logFileSize();
    }

    /** @return the engine's counters */
    public StoreStatistics statistics() {
        return statistics;
    }

    /** @return whether the store has been closed */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * @throws StoreClosedException if the store has been closed
     * @throws StoreFailedException if a write to the file or an fsync failed
     */
    public void ensureOpen() {
        if (closed.get()) {
            throw new StoreClosedException(describe());
        }
        Failure failed = failure.get();
        if (failed != null) {
            throw failed.exception(path);
        }
    }

    /**
     * Refuses a write operation on a store opened read-only, before it does anything.
     *
     * @param operation the operation, such as "put", for the message
     * @throws StoreClosedException if the store has been closed
     * @throws StoreFailedException if a write to the file or an fsync failed
     * @throws ReadOnlyStoreException if the store is read-only
     */
    public void ensureWritable(String operation) {
        ensureOpen();
        if (readOnly) {
            throw new ReadOnlyStoreException(operation, path);
        }
    }

    /** @return whether the store was opened read-only */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return whether a write to the file or an fsync failed */
    boolean hasFailed() {
        return failure.get() != null;
    }

    /**
     * Puts the store in the failed state, unless it is already: every later operation throws
     * {@link StoreFailedException} naming this first failure.
     *
     * @param operation what failed, such as "fsync"
     * @param cause the failure
     * @return the exception for the caller to throw
     */
    StoreFailedException fail(String operation, RuntimeException cause) {
        Failure mine = new Failure(Instant.now(), operation, cause);
        Failure first = failure.compareAndExchange(null, mine);
        if (first == null) {
            return mine.exception(path);
        }
        StoreFailedException exception = first.exception(path);
        if (first.cause() != cause) {
            exception.addSuppressed(cause);
        }
        return exception;
    }

    /** The first write or fsync failure of a store: when, during what, and why. */
    private record Failure(Instant at, String operation, RuntimeException cause) {
        StoreFailedException exception(Path path) {
            return new StoreFailedException(path, at, operation, cause);
        }
    }

    /** @return the file path, or "in-memory" */
    public String describe() {
        return path == null ? "(in-memory)" : path.toString();
    }

    /**
     * Commits, stops the maintenance thread and closes the file. Idempotent. A failed store only
     * stops the thread and releases the file, writing nothing.
     *
     * <p>Operations in flight end as follows: a write that got the write lock before the close
     * completes and is committed by it; an index build gives up within
     * {@value IndexBuilder#BUILD_CHECK_CLOSED_EVERY} documents; a flush that is syncing finishes
     * first; every later call, and every read or scan the close overtakes, throws
     * {@link StoreClosedException}.
     *
     * @throws StoreFailedException if the final commit or fsync fails; the file is released all the same
     */
    @Override
    public void close() {
        close(true);
    }

    /** Closes the store; without {@code write}, as a failed store closes: releasing the file, writing nothing. */
    private void close(boolean write) {
        // Set the flag without the write lock: an index build holds the lock for its whole run and
        // looks at the flag to give up. Writes check the flag under the lock, so every write either
        // completes before the final commit below or does not start.
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OPEN_ENGINES.decrementAndGet();
        // An interrupted thread's FileChannel operations close the file: keep the caller's
        // interrupt away from the final commit and restore it at the end
        boolean interrupted = Thread.interrupted();
        interrupted |= maintenance.stop();
        interrupted |= committer.awaitSyncInProgress();
        StoreFailedException closeFailure = null;
        ReentrantLock writeLock = committer.writeLock();
        writeLock.lock();
        try {
            // MVStore must not close while a snapshot version is registered; open scans find the
            // store closed at their next step
            views.releaseAll();
            if (failure.get() == null && write) {
                try {
                    // MVStore recomputes its oldest version in use only when a release gets its lock at
                    // once, so releases racing on other threads can leave it behind, and its close checks
                    // it; one more release here, with no other left, brings it up to date
                    store.deregisterVersionUsage(store.registerVersionUsage());
                    if (path != null && !readOnly && !store.isClosed()) {
                        if (store.hasUnsavedChanges()) {
                            catalog.meta().put(Catalog.LAST_COMMIT_KEY, Long.toString(clock.millis()));
                        }
                        if (committer.changeLog() != null) {
                            // with the sequence, so that the next open knows every number given is committed
                            committer.changeLog().closing();
                        }
                        // every record of the log is in this commit: no later open may replay the log
                        catalog.meta().remove(RedoLog.GENERATION_KEY);
                        store.commit();
                        store.sync();
                        committer.closeLog(true);
                    }
                    store.close();
                } catch (RuntimeException e) {
                    closeFailure = fail("close", e);
                } catch (AssertionError e) {
                    // with assertions on, MVStore checks the pages the final commit reads (the metadata's,
                    // at least): a damaged store must still release its file below
                    closeFailure = fail("close", new CorruptStoreException(path,
                            "MVStore's consistency check failed while closing: " + e, e));
                }
            }
            if (failure.get() != null || !write) {
                // a failed store writes nothing more, not even on close (see Committer.syncFile): only
                // release the file
                StoreOpener.closeQuietly(store);
            }
            committer.closeLog(false);
        } finally {
            if (committer.changeLog() != null) {
                committer.changeLog().closed();
            }
            writeLock.unlock();
            EncryptedFilePath.unregister(keyToken);
            StoreOpener.releaseFile(path);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (closeFailure != null) {
            throw closeFailure;
        }
    }
}
