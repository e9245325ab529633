package io.tetherdb.store;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.tetherdb.CorruptStoreException;
import io.tetherdb.StoreClosedException;
import io.tetherdb.StoreLockedException;
import io.tetherdb.TetherException;
import io.tetherdb.TetherOptions;
import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.index.IndexKeys;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * TetherDB's binding to H2's MVStore: opens the file, owns the collections' maps and the metadata
 * map, and runs every write under one write lock so that a commit only ever holds whole
 * operations. MVStore's background auto-commit is off; this class commits at operation
 * boundaries as its {@link FlushPolicy} says, on a timer, on {@link #flush()} (commit and fsync,
 * grouped across threads), and on {@link #close()}. It also compacts the file, since disabling
 * auto-commit disables MVStore's own compaction.
 *
 * <p>Thread-safe. Reads never take the write lock.
 */
public final class StoreEngine implements AutoCloseable {

    /** Version of TetherDB's file layout, kept in the metadata map. */
    public static final int FORMAT_VERSION = 1;

    private static final String META_MAP = "tether:meta";
    private static final String FORMAT_KEY = "format.version";
    private static final String COLLECTION_PREFIX = "collection:";
    private static final String DOCUMENTS_PREFIX = "docs:";
    private static final String EXPIRY_PREFIX = "expiry:";
    private static final String INDEX_MAP_PREFIX = "index:";
    private static final String INDEX_META_PREFIX = "index:";
    private static final String INDEX_SEQUENCE_KEY = "index.sequence";
    private static final char INDEX_NAME_SEPARATOR = 0;
    /** Index entries written between commits while an index is built. */
    private static final int BUILD_COMMIT_EVERY = 100_000;
    /** Uncommitted page memory that forces a commit at the next operation boundary. */
    private static final long MAX_UNSAVED_BYTES = 64L * 1024 * 1024;
    /** Chunks less full than this percentage are rewritten by compaction. */
    private static final int COMPACT_BELOW_FILL_RATE = 80;
    /** Bytes one background compaction may rewrite. */
    private static final int COMPACT_WRITE_BYTES = 16 * 1024 * 1024;
    /**
     * How long MVStore keeps a chunk that no longer holds live data before reusing its space.
     * MVStore's default (45 s) assumes the disk flushes its buffers within that time; TetherDB
     * instead syncs at least every {@value #SYNC_EVERY_MILLIS} ms while it commits, so a chunk is
     * only overwritten after the commits that replaced it are on the disk. A shorter retention
     * keeps the file from growing by 45 seconds' worth of commits under heavy writes.
     */
    private static final int RETENTION_MILLIS = 2_000;
    /** Longest time between commits reaching the operating system and the disk, while committing. */
    private static final long SYNC_EVERY_MILLIS = 500;
    /** Period of the compaction check, in milliseconds. */
    private static final long COMPACT_PERIOD_MILLIS = 5_000;
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static final AtomicInteger OPEN_ENGINES = new AtomicInteger();
    private static final AtomicInteger OPEN_SCANS = new AtomicInteger();

    private final TetherOptions options;
    private final Path path;
    private final Clock clock;
    private final MVStore store;
    private final MVMap<String, String> meta;
    private final Map<String, CollectionStore> collections = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final FlushPolicy flushPolicy;
    private final Object syncMonitor = new Object();
    private final ScheduledExecutorService maintenance;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Statistics statistics = new Statistics();

    /** Document writes since the last commit; guarded by writeLock. */
    private long pendingWrites;
    /** Count of completed write operations; written under writeLock. */
    private volatile long writeSequence;
    /** Highest writeSequence known to be on disk. */
    private final java.util.concurrent.atomic.AtomicLong syncedSequence = new java.util.concurrent.atomic.AtomicLong();
    /** Whether a caller of flush() is committing and syncing for the others; guarded by syncMonitor. */
    private boolean syncInProgress;
    /** writeSequence when the last commit was made; guarded by writeLock. */
    private long lastCommittedSequence;
    /** Commit count when compaction last ran; guarded by writeLock. */
    private long commitsAtLastCompaction = -1;
    /** System.nanoTime() of the oldest commit not yet synced, or 0 if all are; guarded by writeLock. */
    private long oldestUnsyncedCommitNanos;

    private StoreEngine(TetherOptions options, Path path, MVStore store) {
        this.options = options;
        this.path = path;
        this.clock = options.clock();
        this.store = store;
        this.meta = store.openMap(META_MAP, new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        this.flushPolicy = new FlushPolicy(options.flushThreshold(), options.adaptiveFlush(), clock.millis());
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemonThreads());
    }

    /**
     * Opens or creates a store.
     *
     * @param options the checked options; not null
     * @return the open engine
     * @throws StoreLockedException if the file is open elsewhere
     * @throws CorruptStoreException if the file cannot be read as a TetherDB store
     */
    public static StoreEngine open(TetherOptions options) {
        Path path = options.path() == null ? null : options.path().toAbsolutePath().normalize();
        if (path != null && !OPEN_FILES.add(path)) {
            throw new StoreLockedException(path, null);
        }
        MVStore store = null;
        try {
            if (path != null && path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            MVStore.Builder builder = new MVStore.Builder()
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .cacheSize((int) Math.min(Integer.MAX_VALUE, options.cacheSize() / (1024 * 1024)))
                    .pageSplitSize(options.pageSize());
            if (path != null) {
                builder.fileName(path.toString());
            }
            store = builder.open();
            if (path != null) {
                store.setRetentionTime(RETENTION_MILLIS);
            }
            StoreEngine engine = new StoreEngine(options, path, store);
            engine.initialize();
            engine.scheduleMaintenance();
            OPEN_ENGINES.incrementAndGet();
            return engine;
        } catch (MVStoreException e) {
            closeQuietly(store);
            releaseFile(path);
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreLockedException(path, e);
            }
            throw new CorruptStoreException(path, e.getMessage(), e);
        } catch (IOException e) {
            releaseFile(path);
            throw new TetherException("Cannot create the directory of TetherDB file " + path + ": " + e, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(store);
            releaseFile(path);
            throw e;
        }
    }

    private static void releaseFile(Path path) {
        if (path != null) {
            OPEN_FILES.remove(path);
        }
    }

    private static void closeQuietly(MVStore store) {
        if (store != null && !store.isClosed()) {
            try {
                store.closeImmediately();
            } catch (RuntimeException ignored) {
                // already failing; the original exception is the one to report
            }
        }
    }

    private void initialize() {
        String format = meta.get(FORMAT_KEY);
        if (format == null) {
            Set<String> others = new TreeSet<>(store.getMapNames());
            others.remove(META_MAP);
            if (!others.isEmpty()) {
                throw new CorruptStoreException(path, "it is an MVStore file but not a TetherDB store (maps "
                        + others + ")", null);
            }
            meta.put(FORMAT_KEY, Integer.toString(FORMAT_VERSION));
            store.commit();
        } else {
            int version;
            try {
                version = Integer.parseInt(format);
            } catch (NumberFormatException e) {
                throw new CorruptStoreException(path, "format version '" + format + "' is not a number", e);
            }
            if (version > FORMAT_VERSION) {
                throw new CorruptStoreException(path, "it was written in format version " + version
                        + " by a newer TetherDB; this version reads up to " + FORMAT_VERSION, null);
            }
        }
        for (String key : meta.keySet()) {
            if (key.startsWith(COLLECTION_PREFIX)) {
                String name = key.substring(COLLECTION_PREFIX.length());
                collections.put(name, openCollectionMaps(name));
            }
        }
        Set<String> referencedIndexMaps = new TreeSet<>();
        for (String key : new ArrayList<>(meta.keySet())) {
            if (key.startsWith(INDEX_META_PREFIX)) {
                String rest = key.substring(INDEX_META_PREFIX.length());
                String collectionName = rest.substring(0, rest.indexOf(INDEX_NAME_SEPARATOR));
                CollectionStore collection = collections.get(collectionName);
                Document info = Json.parseDocument(meta.get(key));
                String mapName = info.getString("map");
                IndexDefinition definition = IndexDefinition.fromDocument(info.getDocument("definition"));
                if (collection == null) {
                    throw new CorruptStoreException(path, "index " + definition.name() + " belongs to a missing"
                            + " collection '" + collectionName + "'", null);
                }
                collection.addIndex(new IndexMap(definition, openByteMap(mapName), key,
                        Boolean.TRUE.equals(info.getBoolean("multikey"))));
                referencedIndexMaps.add(mapName);
            }
        }
        // an index build interrupted by a crash leaves a map that no metadata refers to
        boolean removedOrphans = false;
        for (String mapName : new ArrayList<>(store.getMapNames())) {
            if (mapName.startsWith(INDEX_MAP_PREFIX) && !referencedIndexMaps.contains(mapName)) {
                store.removeMap(mapName);
                removedOrphans = true;
            }
        }
        if (removedOrphans) {
            store.commit();
        }
    }

    private MVMap<byte[], byte[]> openByteMap(String mapName) {
        return store.openMap(mapName, new MVMap.Builder<byte[], byte[]>()
                .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    private CollectionStore openCollectionMaps(String name) {
        MVMap<String, byte[]> documents = store.openMap(DOCUMENTS_PREFIX + name,
                new MVMap.Builder<String, byte[]>()
                        .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        MVMap<byte[], byte[]> expiry = openByteMap(EXPIRY_PREFIX + name);
        return new CollectionStore(name, documents, expiry, meta, clock::millis);
    }

    private void scheduleMaintenance() {
        long flushMillis = options.flushInterval().toMillis();
        if (flushMillis > 0) {
            scheduleWithFixedDelay(this::timedCommit, Math.max(10, flushMillis / 2));
        }
        if (path != null) {
            scheduleWithFixedDelay(this::backgroundSync, SYNC_EVERY_MILLIS / 2);
            scheduleWithFixedDelay(() -> compact(false), COMPACT_PERIOD_MILLIS);
        }
    }

    /**
     * Schedules a recurring maintenance task on the store's daemon thread. The task stops when the
     * store closes.
     *
     * @param task the task; exceptions it throws are counted and do not cancel it
     * @param periodMillis the delay between runs, also the initial delay
     */
    public void scheduleWithFixedDelay(Runnable task, long periodMillis) {
        maintenance.scheduleWithFixedDelay(guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            if (closed.get()) {
                return;
            }
            try {
                task.run();
            } catch (StoreClosedException e) {
                // closing raced with the task; nothing to do
            } catch (RuntimeException e) {
                statistics.backgroundFailures.increment();
                statistics.lastBackgroundFailure = e;
            }
        };
    }

    private ThreadFactory daemonThreads() {
        String label = path == null ? "in-memory" : String.valueOf(path.getFileName());
        return runnable -> {
            Thread thread = new Thread(runnable, "tetherdb-maintenance-" + THREAD_IDS.incrementAndGet() + "-" + label);
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- collections

    /**
     * @param name the collection name
     * @return the collection's maps, or null if it does not exist
     */
    public CollectionStore collection(String name) {
        ensureOpen();
        return collections.get(name);
    }

    /** Within a write: returns the collection, creating it if needed. */
    public CollectionStore createCollectionLocked(Mutations mutations, String name) {
        CollectionStore existing = collections.get(name);
        if (existing != null) {
            return existing;
        }
        CollectionStore created = openCollectionMaps(name);
        mutations.put(meta, COLLECTION_PREFIX + name, "{\"created\":" + clock.millis() + "}");
        collections.put(name, created);
        return created;
    }

    /** @return the names of all collections, sorted */
    public List<String> collectionNames() {
        ensureOpen();
        List<String> names = new ArrayList<>(collections.keySet());
        Collections.sort(names);
        return names;
    }

    /**
     * Drops a collection and all its documents.
     *
     * @param name the collection name
     * @return whether the collection existed
     */
    public boolean dropCollection(String name) {
        return write(mutations -> {
            CollectionStore collection = collections.remove(name);
            if (collection == null) {
                return false;
            }
            // Removing maps cannot be undone through Mutations; it is the last step and cannot fail
            // half-way in a way that matters: the metadata entry goes in the same commit.
            meta.remove(COLLECTION_PREFIX + name);
            for (IndexMap index : collection.indexes()) {
                meta.remove(index.metaKey);
                store.removeMap(index.map);
            }
            store.removeMap(collection.documents());
            store.removeMap(collection.expiry());
            mutations.countDocumentWrites(1);
            return true;
        });
    }

    // ---- indexes

    /**
     * Builds a new index over a collection's documents, creating the collection if needed. The
     * build reads the documents one at a time, so it needs no memory in proportion to the
     * collection, and commits as it goes; the index is recorded, and used, only once it is
     * complete, so a crash mid-build leaves no trace after the next open. Writers wait while it
     * runs; readers do not.
     *
     * @param collectionName the collection
     * @param definition the index
     * @param progress receives (documents indexed, documents in the collection) now and then; not null
     * @return false if an index of the same name and shape exists already (nothing is done)
     * @throws IllegalArgumentException if an index of that name but another shape exists
     * @throws io.tetherdb.DuplicateKeyException if the index is unique and two documents share a key
     */
    public boolean createIndex(String collectionName, IndexDefinition definition,
            java.util.function.BiConsumer<Long, Long> progress) {
        writeLock.lock();
        try {
            ensureOpen();
            CollectionStore existingCollection = collections.get(collectionName);
            if (existingCollection != null) {
                for (io.tetherdb.index.IndexStatus info : existingCollection.indexInfos()) {
                    if (info.definition().name().equals(definition.name())) {
                        if (info.definition().sameShape(definition)) {
                            return false;
                        }
                        throw new IllegalArgumentException("Collection '" + collectionName + "' already has an index named '"
                                + definition.name() + "' with another definition: " + info.definition());
                    }
                    if (info.definition().sameShape(definition)) {
                        throw new IllegalArgumentException("Collection '" + collectionName + "' already has this index"
                                + " under the name '" + info.definition().name() + "'");
                    }
                }
            }
            Mutations creation = new Mutations();
            CollectionStore collection = createCollectionLocked(creation, collectionName);
            long sequence = Long.parseLong(meta.getOrDefault(INDEX_SEQUENCE_KEY, "0")) + 1;
            meta.put(INDEX_SEQUENCE_KEY, Long.toString(sequence));
            String mapName = INDEX_MAP_PREFIX + sequence;
            MVMap<byte[], byte[]> map = openByteMap(mapName);
            String metaKey = INDEX_META_PREFIX + collectionName + INDEX_NAME_SEPARATOR + definition.name();
            IndexMap index = new IndexMap(definition, map, metaKey, false);
            try {
                fill(collection, index, progress);
                meta.put(metaKey, CollectionStore.indexMeta(index));
                collection.addIndex(index);
            } catch (RuntimeException | Error e) {
                store.removeMap(map);
                throw e;
            }
            writeSequence++;
            commitLocked(false);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    private void fill(CollectionStore collection, IndexMap index, java.util.function.BiConsumer<Long, Long> progress) {
        long total = collection.storedCount();
        long now = clock.millis();
        long done = 0;
        long sinceCommit = 0;
        progress.accept(0L, total);
        Iterator<Map.Entry<String, byte[]>> records = collection.snapshotIterator();
        while (records.hasNext()) {
            Map.Entry<String, byte[]> entry = records.next();
            byte[] record = entry.getValue();
            done++;
            if (RecordFormat.isExpired(record, now)) {
                continue;
            }
            Map<String, Object> document = RecordFormat.lazyDocument(record);
            IndexKeys keys = IndexKeys.of(index.definition, document);
            if (index.definition.isSparse() && !keys.present()) {
                continue;
            }
            byte[] id = IndexMap.idBytes(entry.getKey());
            for (int i = 0; i < keys.prefixes().size(); i++) {
                byte[] prefix = keys.prefixes().get(i);
                if (index.definition.isUnique()) {
                    byte[] existing = CollectionStore.firstKeyWithPrefix(index.map, prefix);
                    if (existing != null) {
                        String key = CollectionStore.describeKey(index.definition, keys.values().get(i));
                        throw new io.tetherdb.DuplicateKeyException(collection.name(), key,
                                "Cannot build unique index '" + index.definition.name() + "' on collection '"
                                + collection.name() + "': documents '" + IndexMap.id(index.map.get(existing)) + "' and '"
                                + entry.getKey() + "' share the key " + key);
                    }
                }
                index.map.put(IndexMap.entryKey(prefix, id), id);
                sinceCommit++;
            }
            index.multikey |= keys.multikey();
            if (sinceCommit >= BUILD_COMMIT_EVERY) {
                commitLocked(false);
                sinceCommit = 0;
            }
            if (done % 10_000 == 0) {
                progress.accept(done, total);
            }
        }
        progress.accept(done, total);
    }

    /**
     * Drops an index.
     *
     * @param collectionName the collection
     * @param indexName the index
     * @return whether it existed
     */
    public boolean dropIndex(String collectionName, String indexName) {
        return write(mutations -> {
            CollectionStore collection = collections.get(collectionName);
            IndexMap index = collection == null ? null : collection.index(indexName);
            if (index == null) {
                return false;
            }
            collection.removeIndex(index);
            meta.remove(index.metaKey);
            store.removeMap(index.map);
            mutations.countDocumentWrites(1);
            return true;
        });
    }

    // ---- writes

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
        writeLock.lock();
        try {
            ensureOpen();
            Mutations mutations = new Mutations();
            T result;
            try {
                result = operation.apply(mutations);
            } catch (RuntimeException | Error e) {
                mutations.rollback();
                throw e;
            }
            if (!mutations.isEmpty()) {
                pendingWrites += Math.max(1, mutations.documentWrites());
                statistics.documentWrites.add(mutations.documentWrites());
                writeSequence++;
                if (flushPolicy.thresholdReached(pendingWrites)) {
                    commitLocked(true);
                } else if (path != null && store.getUnsavedMemory() > MAX_UNSAVED_BYTES) {
                    commitLocked(true);
                }
            }
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    private void commitLocked(boolean byThreshold) {
        // A commit may write into the space of a chunk that an earlier commit freed more than the
        // retention time ago; that earlier commit must be on the disk first, or a power loss could
        // leave neither version readable. Syncing commits older than half a second before each commit
        // keeps that true with room to spare.
        syncIfStale();
        long start = System.nanoTime();
        store.commit();
        long end = System.nanoTime();
        statistics.commits.increment();
        statistics.commitNanos.add(end - start);
        pendingWrites = 0;
        lastCommittedSequence = writeSequence;
        flushPolicy.committed(clock.millis(), byThreshold);
        if (path != null && oldestUnsyncedCommitNanos == 0) {
            oldestUnsyncedCommitNanos = end;
        }
    }

    /** Under the write lock: syncs if a commit has waited for the disk for half a second or more. */
    private void syncIfStale() {
        if (oldestUnsyncedCommitNanos != 0
                && System.nanoTime() - oldestUnsyncedCommitNanos >= SYNC_EVERY_MILLIS * 1_000_000L) {
            syncFile();
            oldestUnsyncedCommitNanos = 0;
            syncedSequence.accumulateAndGet(writeSequence, Math::max);
        }
    }

    /** Forces the file to the disk, counting the sync and its time. */
    private void syncFile() {
        long start = System.nanoTime();
        store.sync();
        statistics.syncs.increment();
        statistics.syncNanos.add(System.nanoTime() - start);
    }

    /** Background task: forces commits to the disk once they are half a second old, even when writes stop. */
    private void backgroundSync() {
        writeLock.lock();
        try {
            if (!closed.get()) {
                syncIfStale();
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void timedCommit() {
        writeLock.lock();
        try {
            if (closed.get() || pendingWrites == 0) {
                return;
            }
            if (clock.millis() - flushPolicy.lastCommitMillis() >= options.flushInterval().toMillis()) {
                commitLocked(false);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Commits everything written so far and forces it to the disk. Concurrent callers share one
     * commit and one fsync (group commit): one caller leads, committing under the write lock and
     * syncing outside it, while the others wait; when the sync ends, every caller whose write it
     * covers returns, and one of the rest leads the next round, whose commit covers all the writes
     * made meanwhile.
     */
    public void flush() {
        ensureOpen();
        long target = writeSequence;
        if (target == 0 || syncedSequence.get() >= target) {
            return;
        }
        synchronized (syncMonitor) {
            while (syncInProgress) {
                if (syncedSequence.get() >= target) {
                    return;
                }
                try {
                    syncMonitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TetherException("Interrupted while waiting for a flush of " + describe(), e);
                }
            }
            if (syncedSequence.get() >= target) {
                return;
            }
            syncInProgress = true;
        }
        long committed = 0;
        try {
            writeLock.lock();
            try {
                ensureOpen();
                committed = writeSequence;
                if (pendingWrites > 0 || store.hasUnsavedChanges()) {
                    commitLocked(false);
                }
            } finally {
                writeLock.unlock();
            }
            if (path != null && syncedSequence.get() < committed) {
                syncFile();
                writeLock.lock();
                try {
                    if (lastCommittedSequence <= committed) {
                        // every commit so far is on the disk: nothing for the background sync to do
                        oldestUnsyncedCommitNanos = 0;
                    }
                } finally {
                    writeLock.unlock();
                }
            }
        } finally {
            synchronized (syncMonitor) {
                syncInProgress = false;
                syncedSequence.accumulateAndGet(committed, Math::max);
                syncMonitor.notifyAll();
            }
        }
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
        writeLock.lock();
        try {
            ensureOpen();
            if (path == null || !force && statistics.commits() == commitsAtLastCompaction) {
                return;
            }
            if (pendingWrites > 0 || store.hasUnsavedChanges()) {
                commitLocked(false);
            }
            boolean rewrote = store.compact(force ? 100 : COMPACT_BELOW_FILL_RATE,
                    force ? Integer.MAX_VALUE : COMPACT_WRITE_BYTES);
            if (rewrote || store.hasUnsavedChanges()) {
                commitLocked(false);
            }
            statistics.compactions.increment();
            commitsAtLastCompaction = statistics.commits();
        } finally {
            writeLock.unlock();
        }
    }

    // ---- verification

    /**
     * Checks the whole store for consistency; see {@link StoreVerifier}. Holds the write lock for
     * the whole run, so writers wait while readers go on; the run reads every document and every
     * index entry once, and decodes every document.
     *
     * @return what was checked and every problem found
     */
    public io.tetherdb.VerifyReport verify() {
        writeLock.lock();
        try {
            ensureOpen();
            Set<String> expectedMaps = new TreeSet<>();
            expectedMaps.add(META_MAP);
            for (String name : collections.keySet()) {
                expectedMaps.add(DOCUMENTS_PREFIX + name);
                expectedMaps.add(EXPIRY_PREFIX + name);
                for (IndexMap index : collections.get(name).indexes()) {
                    expectedMaps.add(index.map.getName());
                }
            }
            List<CollectionStore> sorted = new ArrayList<>();
            for (String name : collectionNames()) {
                sorted.add(collections.get(name));
            }
            return new StoreVerifier().verify(new TreeSet<>(store.getMapNames()), expectedMaps, sorted);
        } finally {
            writeLock.unlock();
        }
    }

    // ---- reads

    /**
     * Opens a snapshot scan of a collection in id order. The scan holds the snapshot's version
     * so that compaction cannot free pages under it; close it to release them. A scan that is
     * never closed is released when it becomes unreachable.
     *
     * @param collection the collection
     * @return the scan
     */
    public RecordScan scan(CollectionStore collection) {
        ensureOpen();
        MVStore.TxCounter usage = store.registerVersionUsage();
        Iterator<Map.Entry<String, byte[]>> iterator = collection.snapshotIterator();
        OPEN_SCANS.incrementAndGet();
        RecordScan scan = new RecordScan(iterator, this);
        scan.release = CLEANER.register(scan, new Release(store, usage));
        return scan;
    }

    /**
     * Diagnostics for tests: how many engines and snapshot scans are open in this JVM.
     *
     * @return open engines and open scans
     */
    public static int[] openResources() {
        return new int[] {OPEN_ENGINES.get(), OPEN_SCANS.get()};
    }

    /** Releases a scan's snapshot; runs once, on close or when the scan becomes unreachable. */
    private record Release(MVStore store, MVStore.TxCounter usage) implements Runnable {
        @Override
        public void run() {
            OPEN_SCANS.decrementAndGet();
            if (!store.isClosed()) {
                store.deregisterVersionUsage(usage);
            }
        }
    }

    /**
     * A snapshot scan over stored records. Not thread-safe; close it when done.
     */
    public static final class RecordScan implements Iterator<Map.Entry<String, byte[]>>, AutoCloseable {

        private final Iterator<Map.Entry<String, byte[]>> iterator;
        private final StoreEngine engine;
        private Cleaner.Cleanable release;
        private boolean closed;

        RecordScan(Iterator<Map.Entry<String, byte[]>> iterator, StoreEngine engine) {
            this.iterator = iterator;
            this.engine = engine;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            engine.ensureOpen();
            return iterator.hasNext();
        }

        @Override
        public Map.Entry<String, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return iterator.next();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release.clean();
            }
        }
    }

    // ---- state

    /** @return the current time of the store's clock, in epoch millis */
    public long nowMillis() {
        return clock.millis();
    }

    /** @return the flush threshold in force now (it changes in adaptive mode) */
    public int currentFlushThreshold() {
        return flushPolicy.threshold();
    }

    /** @return the store file, or null for an in-memory store */
    public Path path() {
        return path;
    }

    /** @return the size of the store file in bytes, or 0 for an in-memory store */
    public long fileSize() {
        ensureOpen();
        return path == null ? 0 : store.getFileStore().size();
    }

    /** @return the engine's counters */
    public Statistics statistics() {
        return statistics;
    }

    /** @return whether the store has been closed */
    public boolean isClosed() {
        return closed.get();
    }

    /** @throws StoreClosedException if the store has been closed */
    public void ensureOpen() {
        if (closed.get()) {
            throw new StoreClosedException(describe());
        }
    }

    /** @return the file path, or "in-memory" */
    public String describe() {
        return path == null ? "(in-memory)" : path.toString();
    }

    /**
     * Commits, stops the maintenance thread and closes the file. Idempotent.
     */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        } finally {
            writeLock.unlock();
        }
        OPEN_ENGINES.decrementAndGet();
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            if (path != null && !store.isClosed()) {
                store.commit();
                store.sync();
            }
            store.close();
        } finally {
            writeLock.unlock();
            releaseFile(path);
        }
    }

    /** Counters kept by the engine. Thread-safe. */
    public static final class Statistics {
        final LongAdder documentWrites = new LongAdder();
        final LongAdder commits = new LongAdder();
        final LongAdder commitNanos = new LongAdder();
        final LongAdder syncs = new LongAdder();
        final LongAdder syncNanos = new LongAdder();
        final LongAdder compactions = new LongAdder();
        final LongAdder backgroundFailures = new LongAdder();
        volatile RuntimeException lastBackgroundFailure;

        /** @return documents written or removed since open */
        public long documentWrites() {
            return documentWrites.sum();
        }

        /** @return commits since open */
        public long commits() {
            return commits.sum();
        }

        /** @return total time spent committing, in nanoseconds */
        public long commitNanos() {
            return commitNanos.sum();
        }

        /** @return fsyncs since open */
        public long syncs() {
            return syncs.sum();
        }

        /** @return total time spent in fsync, in nanoseconds */
        public long syncNanos() {
            return syncNanos.sum();
        }

        /** @return compactions run since open */
        public long compactions() {
            return compactions.sum();
        }

        /** @return failures of background tasks (timed commit, sweep, compaction) */
        public long backgroundFailures() {
            return backgroundFailures.sum();
        }

        /** @return the last failure of a background task, or null */
        public RuntimeException lastBackgroundFailure() {
            return lastBackgroundFailure;
        }
    }
}
