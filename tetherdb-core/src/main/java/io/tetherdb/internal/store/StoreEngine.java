package io.tetherdb.internal.store;

import java.io.EOFException;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;

import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreFailedException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotWritableException;
import io.tetherdb.error.TetherException;
import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.IndexKeyEncoder;
import io.tetherdb.internal.index.IndexKeys;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.h2.store.fs.FilePath;

/**
 * TetherDB's binding to H2's MVStore: opens the file, owns the collections' maps and the metadata
 * map, and runs every write under one write lock so that a commit only ever holds whole
 * operations. MVStore's background auto-commit is off; this class commits at operation
 * boundaries as its {@link FlushPolicy} says, on a timer, on {@link #flush()} (commit and fsync,
 * grouped across threads), and on {@link #close()}. It also compacts the file, since disabling
 * auto-commit disables MVStore's own compaction.
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

    /**
     * Version of TetherDB's file layout, kept in the metadata map. Format 2 writes every map's
     * pages with checksums ({@link CheckedDataType}) and names its metadata map
     * {@value #META_MAP}; format 1 files, whose metadata map is {@value #LEGACY_META_MAP}, are
     * still read and written in format 1, without checksums, so that they stay readable by the
     * versions that wrote them. Format 3 is format 2 with decimal values in documents and the
     * number keys of {@link IndexKeyEncoder#KEY_FORMAT} 2 in indexes: a format 2 file becomes
     * format 3 when it opens, its indexes rebuilt, so that the versions that read format 2 refuse
     * it rather than misread its indexes and decimals.
     */
    public static final int FORMAT_VERSION = 3;

    /** Format of files with checksums before decimals. */
    private static final int CHECKED_FORMAT_VERSION = 2;

    private static final String META_MAP = "tether:meta2";
    private static final String LEGACY_META_MAP = "tether:meta";
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
    /** Documents an index build reads between checks that the store is still open. */
    private static final int BUILD_CHECK_CLOSED_EVERY = 1_000;
    /** Longest wait of close() for a running maintenance task, in seconds. */
    private static final long MAINTENANCE_STOP_SECONDS = 5;
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

    private final StoreSettings options;
    private final Path path;
    private final boolean readOnly;
    private final Clock clock;
    private final MVStore store;
    private final MVMap<String, String> meta;
    /** Whether the maps carry checksums: format 2 and up. */
    private final boolean checked;
    private final Map<String, CollectionStore> collections = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    /**
     * Held exclusively while a write operation changes the maps, so that {@link #atomically} reads
     * see the maps between operations: never half a batch, nor a change that is rolled back.
     */
    private final StampedLock visibility = new StampedLock();
    private final FlushPolicy flushPolicy;
    private final Object syncMonitor = new Object();
    private final ScheduledExecutorService maintenance;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The first failure of a write to the file or of an fsync, or null while the store is healthy. */
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    /** Snapshot versions held by open scans, released by close() before MVStore closes. */
    private final Set<Release> openScans = ConcurrentHashMap.newKeySet();
    private final Statistics statistics = new Statistics();
    /**
     * Maps of index builds that a crash interrupted: a writable open removes them; a read-only one
     * leaves them, and verify() does not count them as unexpected.
     */
    private final Set<String> orphanIndexMaps = new TreeSet<>();

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

    private StoreEngine(StoreSettings options, Path path, MVStore store) {
        this.options = options;
        this.path = path;
        this.readOnly = options.readOnly();
        this.clock = options.clock();
        this.store = store;
        // the metadata map's name says the format before anything of ours is read
        this.checked = !store.hasMap(LEGACY_META_MAP);
        if (readOnly && !store.hasMap(checked ? META_MAP : LEGACY_META_MAP)) {
            // a read-only MVStore would create the missing map in memory and report a missing format below
            Set<String> maps = new TreeSet<>(store.getMapNames());
            throw new CorruptStoreException(path, maps.isEmpty() ? "it holds no TetherDB store"
                    : "it is an MVStore file but not a TetherDB store (maps " + maps + ")", null);
        }
        this.meta = store.openMap(checked ? META_MAP : LEGACY_META_MAP, new MVMap.Builder<String, String>()
                .keyType(stringType()).valueType(stringType()));
        this.flushPolicy = new FlushPolicy(options.flushThreshold(), options.adaptiveFlush(), clock.millis());
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemonThreads());
    }

    /**
     * Opens or creates a store.
     *
     * @param options the settings; not null
     * @return the open engine
     * @throws StoreLockedException if the file is open elsewhere
     * @throws CorruptStoreException if the file cannot be read as a TetherDB store
     * @throws StoreNotWritableException if the store is not read-only and its file cannot be written
     * @throws io.tetherdb.error.StoreNotFoundException if the store is read-only and its file does not exist
     */
    public static StoreEngine open(StoreSettings options) {
        return open(options, StoreEngine::mvStoreFileName);
    }

    /**
     * Opens or creates a store through a file name of MVStore's choosing: tests open the file
     * through an H2 {@code FilePath} wrapper that injects I/O faults ({@code "scheme:" + path}).
     *
     * @param options the settings; not null
     * @param fileNames gives the MVStore file name for the absolute, normalized store path
     * @return the open engine
     */
    static StoreEngine open(StoreSettings options, Function<Path, String> fileNames) {
        Path path = options.path() == null ? null : options.path().toAbsolutePath().normalize();
        if (path != null && !OPEN_FILES.add(path)) {
            throw new StoreLockedException(path, null);
        }
        MVStore store = null;
        boolean created = false;
        try {
            if (path != null && options.readOnly()) {
                StoreFileAccess.checkReadable(path);
            } else if (path != null) {
                StoreFileAccess.checkWritable(path);
                created = StoreFileAccess.createIfMissing(path, options.filePermissions());
            }
            int cacheMegabytes = (int) Math.min(Integer.MAX_VALUE, options.cacheSize() / (1024 * 1024));
            MVStore.Builder builder = new MVStore.Builder()
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .cacheSize(cacheMegabytes)
                    .pageSplitSize(options.pageSize());
            if (path != null) {
                // the file store reads its cache and page settings from its own configuration
                OrderedFileStore fileStore = new OrderedFileStore(new java.util.HashMap<>(Map.of(
                        "cacheSize", cacheMegabytes, "pageSplitSize", options.pageSize())));
                // through a channel that survives interrupts of the calling threads (see InterruptSafeFileChannel)
                String fileName = InterruptSafeFilePath.wrap(fileNames.apply(path));
                if (!options.readOnly()) {
                    refuseWhatMVStoreWouldOpenReadOnly(path, fileName);
                }
                fileStore.open(fileName, options.readOnly(), (char[]) null);
                builder.adoptFileStore(fileStore);
            }
            store = builder.open();
            if (path != null && !options.readOnly() && store.isReadOnly()) {
                // in case a later MVStore finds another reason to open a file read-only on its own
                throw new StoreNotWritableException(path, "MVStore opened the file read-only", true, null);
            }
            if (path != null) {
                checkNewestVersionRead(path, store);
                if (!options.readOnly()) {
                    store.setRetentionTime(RETENTION_MILLIS);
                }
            }
            StoreEngine engine = new StoreEngine(options, path, store);
            engine.initialize();
            engine.scheduleMaintenance();
            OPEN_ENGINES.incrementAndGet();
            return engine;
        } catch (MVStoreException e) {
            closeQuietly(store);
            releaseFile(path);
            if (created) {
                StoreFileAccess.deleteCreated(path);
            }
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreLockedException(path, e);
            }
            IOException ioFailure = ioFailure(e);
            if (ioFailure != null) {
                // the operating system refused to open, read or write the file: nothing says its content is bad
                throw new TetherException("TetherDB file " + path + " cannot be opened: " + e.getMessage()
                        + " (" + ioFailure + ")", e);
            }
            throw new CorruptStoreException(path, e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(store);
            releaseFile(path);
            if (created) {
                StoreFileAccess.deleteCreated(path);
            }
            if (e instanceof TetherException) {
                throw e;
            }
            // the options were checked before: anything else that fails while the file's header,
            // maps and metadata are read means the file cannot be read
            throw new CorruptStoreException(path, "opening failed with " + e, e);
        } catch (AssertionError e) {
            // with assertions on, MVStore checks its own structures while it reads the file
            closeQuietly(store);
            releaseFile(path);
            if (created) {
                StoreFileAccess.deleteCreated(path);
            }
            throw new CorruptStoreException(path, "MVStore's consistency check failed: " + e, e);
        } catch (Error e) {
            closeQuietly(store);
            releaseFile(path);
            if (created) {
                StoreFileAccess.deleteCreated(path);
            }
            throw e;
        }
    }

    /**
     * MVStore opens an existing file read-only, without telling its caller, when its file layer
     * reports the file as not writable; the store would then take writes and lose them at its first
     * commit. This asks that layer the same question first, so that nothing is opened, read or
     * written. The layer sees what a check of the path alone may not: a file system or wrapper
     * that refuses writes.
     */
    private static void refuseWhatMVStoreWouldOpenReadOnly(Path path, String fileName) {
        FilePath file = FilePath.get(fileName);
        if (file.exists() && !file.canWrite()) {
            throw new StoreNotWritableException(path,
                    "the file system does not let this process write the file", true, null);
        }
    }

    private static String mvStoreFileName(Path path) {
        return path.toString();
    }

    /**
     * @return the I/O failure behind an MVStore error, or null if there is none; an end of file is
     *         not one, since reading past the end of the file means its content is inconsistent
     */
    private static IOException ioFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException io) {
                return io instanceof EOFException ? null : io;
            }
        }
        return null;
    }

    /**
     * Refuses a file whose newest data MVStore could not read. When the chunk its header points to
     * is damaged or cut off, MVStore silently falls back to the newest older chunk it can read, down
     * to an empty store, as it would after a crash before that chunk was written; and TetherDB would
     * then initialize the empty store over the damaged file. A header is only written once the
     * chunk it names is written (and on close, after a sync), so a version older than the header's
     * means committed data was lost, not a crash.
     */
    private static void checkNewestVersionRead(Path path, MVStore store) {
        long recorded = DataUtils.readHexLong(store.getStoreHeader(), "version", 0);
        long read = store.getCurrentVersion();
        if (read < recorded) {
            throw new CorruptStoreException(path, "its header records version " + recorded
                    + " but the newest version that can be read is " + read
                    + ": the newest data is damaged or missing", null);
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
            others.remove(meta.getName());
            if (!others.isEmpty()) {
                throw new CorruptStoreException(path, "it is an MVStore file but not a TetherDB store (maps "
                        + others + ")", null);
            }
            if (readOnly) {
                throw new CorruptStoreException(path, "it holds no TetherDB store", null);
            }
            if (store.getCurrentVersion() > 0) {
                // A TetherDB file has its metadata from its first, synced commit on. MVStore reads a
                // chunk whose middle never reached the disk (a write torn out of order) as a store
                // with no maps: initializing it would silently replace the data with an empty store.
                throw new CorruptStoreException(path, "it holds MVStore data up to version "
                        + store.getCurrentVersion() + " but no TetherDB metadata: the newest data is damaged"
                        + " or missing", null);
            }
            meta.put(FORMAT_KEY, Integer.toString(checked ? FORMAT_VERSION : 1));
            store.commit();
            if (path != null) {
                // MVStore writes both copies of a new file's header in one write: a power loss before
                // they reach the disk can leave a file with no valid header, which no later open
                // accepts. Syncing once here means that a store that opened always opens again.
                store.sync();
            }
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
            if (checked != version >= 2) {
                throw new CorruptStoreException(path, "its metadata map " + meta.getName()
                        + " does not belong to format version " + version, null);
            }
        }
        for (String key : meta.keySet()) {
            if (key.startsWith(COLLECTION_PREFIX)) {
                String name = key.substring(COLLECTION_PREFIX.length());
                requireMap(DOCUMENTS_PREFIX + name, "collection '" + name + "'");
                requireMap(EXPIRY_PREFIX + name, "collection '" + name + "'");
                collections.put(name, openCollectionMaps(name));
            }
        }
        Set<String> referencedIndexMaps = new TreeSet<>();
        Map<IndexMap, CollectionStore> legacyKeys = new java.util.LinkedHashMap<>();
        for (String key : new ArrayList<>(meta.keySet())) {
            if (key.startsWith(INDEX_META_PREFIX)) {
                String rest = key.substring(INDEX_META_PREFIX.length());
                int separator = rest.indexOf(INDEX_NAME_SEPARATOR);
                if (separator < 0) {
                    throw new CorruptStoreException(path, "metadata key '" + key + "' names no collection", null);
                }
                String collectionName = rest.substring(0, separator);
                CollectionStore collection = collections.get(collectionName);
                Document info = Json.parseDocument(meta.get(key));
                String mapName = info.getString("map");
                IndexDefinition definition = IndexDefinition.fromDocument(info.getDocument("definition"));
                if (collection == null) {
                    throw new CorruptStoreException(path, "index " + definition.name() + " belongs to a missing"
                            + " collection '" + collectionName + "'", null);
                }
                requireMap(mapName, "index '" + definition.name() + "' of collection '" + collectionName + "'");
                IndexMap index = new IndexMap(definition, openByteMap(mapName), key,
                        Boolean.TRUE.equals(info.getBoolean("multikey")));
                collection.addIndex(index);
                referencedIndexMaps.add(mapName);
                if (!(info.get(CollectionStore.KEY_FORMAT_FIELD) instanceof Integer keys)
                        || keys != IndexKeyEncoder.KEY_FORMAT) {
                    legacyKeys.put(index, collection);
                }
            }
        }
        // an index build interrupted by a crash leaves a map that no metadata refers to
        boolean removedOrphans = false;
        for (String mapName : new ArrayList<>(store.getMapNames())) {
            if (mapName.startsWith(INDEX_MAP_PREFIX) && !referencedIndexMaps.contains(mapName)) {
                removedOrphans |= removeOrphan(mapName);
            }
        }
        if (removedOrphans) {
            store.commit();
        }
        upgrade(legacyKeys);
    }

    /**
     * Rebuilds the indexes whose keys an earlier version encoded (numbers had another encoding
     * before decimals), and records format 3 in a format 2 file, all in one commit: a crash before
     * it leaves the file as it was, and the next open upgrades it again.
     */
    private void upgrade(Map<IndexMap, CollectionStore> legacyKeys) {
        boolean formatTwo = checked && CHECKED_FORMAT_VERSION == Integer.parseInt(meta.get(FORMAT_KEY));
        if (legacyKeys.isEmpty() && !formatTwo) {
            return;
        }
        writeLock.lock();
        try {
            for (Map.Entry<IndexMap, CollectionStore> legacy : legacyKeys.entrySet()) {
                IndexMap index = legacy.getKey();
                index.map.clear();
                index.multikey = false;
                fill(legacy.getValue(), index, (done, total) -> { });
                meta.put(index.metaKey, CollectionStore.indexMeta(index));
            }
            if (formatTwo) {
                meta.put(FORMAT_KEY, Integer.toString(FORMAT_VERSION));
            }
            commitLocked(false);
        } finally {
            writeLock.unlock();
        }
    }

    private boolean removeOrphan(String mapName) {
        if (readOnly) {
            orphanIndexMaps.add(mapName);
            return false;
        }
        store.removeMap(mapName);
        return true;
    }

    /**
     * Refuses a file whose metadata names a map that MVStore does not have: opening it would
     * silently create it empty. MVStore's own map directory is not checksummed, and damage to it
     * (or to a chunk header) can make it lose maps while the rest of the file reads.
     */
    private void requireMap(String mapName, String owner) {
        if (!store.hasMap(mapName)) {
            throw new CorruptStoreException(path, "map '" + mapName + "' of " + owner + " is missing", null);
        }
    }

    private MVMap<byte[], byte[]> openByteMap(String mapName) {
        return store.openMap(mapName, new MVMap.Builder<byte[], byte[]>()
                .keyType(bytesType()).valueType(bytesType()));
    }

    private BasicDataType<String> stringType() {
        return checked ? CheckedDataType.STRING : StringDataType.INSTANCE;
    }

    private BasicDataType<byte[]> bytesType() {
        return checked ? CheckedDataType.BYTES : ByteArrayDataType.INSTANCE;
    }

    private CollectionStore openCollectionMaps(String name) {
        MVMap<String, byte[]> documents = store.openMap(DOCUMENTS_PREFIX + name,
                new MVMap.Builder<String, byte[]>()
                        .keyType(stringType()).valueType(bytesType()));
        MVMap<byte[], byte[]> expiry = openByteMap(EXPIRY_PREFIX + name);
        return new CollectionStore(name, documents, expiry, meta, clock::millis, path);
    }

    private void scheduleMaintenance() {
        if (readOnly) {
            // nothing to commit, sync or compact
            return;
        }
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
            if (closed.get() || failure.get() != null) {
                return;
            }
            try {
                task.run();
            } catch (StoreFailedException e) {
                // a background commit, sync or compaction failed: the store is in the failed state now
                statistics.backgroundFailures.increment();
                statistics.lastBackgroundFailure = e;
            } catch (StoreClosedException e) {
                // closing raced with the task; nothing to do
            } catch (RuntimeException e) {
                statistics.backgroundFailures.increment();
                statistics.lastBackgroundFailure = e;
                if (store.getPanicException() != null) {
                    // MVStore closed itself after a write failure that did not pass through commitLocked
                    statistics.lastBackgroundFailure = fail("background maintenance", e);
                }
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
        // a rejected operation takes the metadata entry back, so the collection and its maps must go
        // too: later writes would otherwise fill maps that no metadata names, which the next open
        // would not load
        mutations.onRollback(() -> {
            collections.remove(name, created);
            store.removeMap(created.documents());
            store.removeMap(created.expiry());
        });
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
    public boolean createIndex(String collectionName, IndexDefinition definition,
            java.util.function.BiConsumer<Long, Long> progress) {
        writeLock.lock();
        try {
            ensureWritable("createIndex");
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
                if (failure.get() == null) {
                    // after a failed write MVStore may be closed; removing the map would only hide the failure
                    store.removeMap(map);
                }
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
        Iterator<Map.Entry<String, byte[]>> records = collection.view(null).records();
        Mutations sweep = new Mutations();
        while (records.hasNext()) {
            Map.Entry<String, byte[]> entry = records.next();
            byte[] record = entry.getValue();
            done++;
            if (done % BUILD_CHECK_CLOSED_EVERY == 0 && closed.get()) {
                // close() waits for the write lock that the build holds: give up rather than make
                // it wait for the whole collection; createIndex drops the half-built map
                throw new StoreClosedException(describe());
            }
            if (RecordFormat.isExpired(record, now)) {
                // Writes index every stored document, expired or not, and verify() expects that;
                // rather than index a document nobody can read (and let it hold a unique key), the
                // build removes it as the sweep would, with its other index and expiry entries.
                // The snapshot being read is not affected.
                collection.remove(sweep, entry.getKey());
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
                        throw new io.tetherdb.error.DuplicateKeyException(collection.name(), key,
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
            ensureWritable("write");
            Mutations mutations = new Mutations();
            T result;
            long stamp = visibility.writeLock();
            try {
                result = operation.apply(mutations);
            } catch (RuntimeException | Error e) {
                mutations.rollback();
                // a damaged page read by the operation is a CorruptStoreException; what it changed is undone
                throw Damage.translate(path, "the maps a write touches", e);
            } finally {
                visibility.unlockWrite(stamp);
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
        try {
            store.commit();
        } catch (RuntimeException e) {
            // MVStore 2.4.240 "panics" on a failed chunk write: it closes itself without writing more and
            // rethrows. Whether the chunk reached the file is unknown; the store cannot go on.
            throw fail("commit", e);
        }
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
            // only what was committed is on the disk now; writes since the last commit are not, and a
            // flush() must still commit and sync them
            syncedSequence.accumulateAndGet(lastCommittedSequence, Math::max);
        }
    }

    /** Forces the file to the disk, counting the sync and its time. */
    private void syncFile() {
        long start = System.nanoTime();
        try {
            store.sync();
        } catch (RuntimeException e) {
            // A failed fsync is fatal and never retried (PostgreSQL's "fsyncgate", 2018): after an fsync
            // error Linux may drop the dirty pages it could not write and mark them clean, so a second
            // fsync succeeds while the data is gone. Nothing written since the last good sync can be
            // trusted to be on the disk, so the store refuses every further operation instead.
            throw fail("fsync", e);
        }
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
        if (readOnly) {
            // nothing was written: there is nothing to commit or force to the disk
            return;
        }
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
        boolean synced = false;
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
            synced = true;
        } finally {
            synchronized (syncMonitor) {
                syncInProgress = false;
                if (synced) {
                    // after a failed commit or sync the waiting callers must not return as if it had worked
                    syncedSequence.accumulateAndGet(committed, Math::max);
                }
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
            ensureWritable("compact");
            if (path == null || !force && statistics.commits() == commitsAtLastCompaction) {
                return;
            }
            if (pendingWrites > 0 || store.hasUnsavedChanges()) {
                commitLocked(false);
            }
            boolean rewrote;
            // MVStore waits for its store lock interruptibly (and gives up with an InterruptedException
            // wrapped in a RuntimeException): keep the caller's interrupt away from that wait, and
            // restore it afterwards. Nobody else holds that lock while we hold the write lock.
            boolean interrupted = Thread.interrupted();
            try {
                rewrote = store.compact(force ? 100 : COMPACT_BELOW_FILL_RATE,
                        force ? Integer.MAX_VALUE : COMPACT_WRITE_BYTES);
            } catch (RuntimeException e) {
                if (store.getPanicException() != null || store.isClosed()) {
                    throw fail("compaction", e);
                }
                throw new TetherException("Compaction of TetherDB store " + describe() + " failed: " + e.getMessage(), e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
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
    public StoreVerification verify() {
        writeLock.lock();
        try {
            ensureOpen();
            Set<String> expectedMaps = new TreeSet<>(orphanIndexMaps);
            expectedMaps.add(meta.getName());
            List<CollectionStore> sorted = new ArrayList<>();
            for (String name : collectionNames()) {
                CollectionStore collection = collections.get(name);
                sorted.add(collection);
                expectedMaps.add(collection.documents().getName());
                expectedMaps.add(collection.expiry().getName());
                for (IndexMap index : collection.indexes()) {
                    expectedMaps.add(index.map.getName());
                }
            }
            try {
                return new StoreVerifier().verify(new TreeSet<>(store.getMapNames()), expectedMaps, sorted);
            } catch (RuntimeException | AssertionError e) {
                throw Damage.translate(path, "the store for verify()", e);
            }
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
        HeldView held = holdView(collection, null);
        try {
            return new RecordScan(read(held.view()::records), held, this);
        } catch (RuntimeException | Error e) {
            held.close();
            throw e;
        }
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
        Release release = registerSnapshot();
        CollectionStore.View view;
        try {
            view = atomically(() -> collection.view(indexName));
        } catch (RuntimeException | Error e) {
            release.releaseVersion();
            openScans.remove(release);
            throw e;
        }
        OPEN_SCANS.incrementAndGet();
        HeldView held = new HeldView(view);
        held.release = CLEANER.register(held, release);
        return held;
    }

    /**
     * Registers the current version as in use, before a view of it is captured, so that no commit in
     * between lets compaction free the pages of the captured version.
     */
    private Release registerSnapshot() {
        // close() releases the registered versions of open snapshots under this monitor, after
        // setting the closed flag: a snapshot registers either before (and is released) or not at all
        synchronized (openScans) {
            ensureOpen();
            Release release = new Release(store, store.registerVersionUsage(), openScans);
            openScans.add(release);
            return release;
        }
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
    public <T> T read(java.util.function.Supplier<T> read) {
        ensureOpen();
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
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
    public <T> T atomically(java.util.function.Supplier<T> read) {
        ensureOpen();
        try {
            if (writeLock.isHeldByCurrentThread()) {
                return read.get();
            }
            long stamp = visibility.tryOptimisticRead();
            if (stamp != 0) {
                try {
                    T result = read.get();
                    if (visibility.validate(stamp)) {
                        return result;
                    }
                } catch (RuntimeException e) {
                    if (visibility.validate(stamp)) {
                        throw e;
                    }
                    // a write overlapped: the failure may come from its half-done state; read again
                }
            }
            stamp = visibility.readLock();
            try {
                return read.get();
            } finally {
                visibility.unlockRead(stamp);
            }
        } catch (RuntimeException e) {
            throw translate(e);
        }
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
        return new int[] {OPEN_ENGINES.get(), OPEN_SCANS.get()};
    }

    /**
     * Releases a scan's snapshot; runs once, on close or when the scan becomes unreachable. The
     * snapshot's version may be released earlier, by the store's close(): MVStore must not close
     * while a version is registered.
     */
    private static final class Release implements Runnable {
        private final MVStore store;
        private final MVStore.TxCounter usage;
        private final Set<Release> openScans;
        private final AtomicBoolean versionReleased = new AtomicBoolean();

        Release(MVStore store, MVStore.TxCounter usage, Set<Release> openScans) {
            this.store = store;
            this.usage = usage;
            this.openScans = openScans;
        }

        @Override
        public void run() {
            OPEN_SCANS.decrementAndGet();
            openScans.remove(this);
            releaseVersion();
        }

        void releaseVersion() {
            if (versionReleased.compareAndSet(false, true) && !store.isClosed()) {
                store.deregisterVersionUsage(usage);
            }
        }
    }

    /**
     * A view whose version the store holds until it is closed; see {@link #holdView}. Not
     * thread-safe; close it when done.
     */
    public static final class HeldView implements AutoCloseable {

        private final CollectionStore.View view;
        private Cleaner.Cleanable release;
        private boolean closed;

        HeldView(CollectionStore.View view) {
            this.view = view;
        }

        /** @return the view */
        public CollectionStore.View view() {
            return view;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release.clean();
            }
        }
    }

    /**
     * A snapshot scan over stored records. Not thread-safe; close it when done.
     */
    public static final class RecordScan implements Iterator<Map.Entry<String, byte[]>>, AutoCloseable {

        private final Iterator<Map.Entry<String, byte[]>> iterator;
        private final HeldView held;
        private final StoreEngine engine;
        private boolean closed;

        RecordScan(Iterator<Map.Entry<String, byte[]>> iterator, HeldView held, StoreEngine engine) {
            this.iterator = iterator;
            this.held = held;
            this.engine = engine;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            engine.ensureOpen();
            try {
                return iterator.hasNext();
            } catch (RuntimeException e) {
                throw engine.translate(e);
            }
        }

        @Override
        public Map.Entry<String, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                return iterator.next();
            } catch (RuntimeException e) {
                throw engine.translate(e);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                held.close();
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

    /**
     * Puts the store in the failed state, unless it is already: every later operation throws
     * {@link StoreFailedException} naming this first failure.
     *
     * @param operation what failed, such as "fsync"
     * @param cause the failure
     * @return the exception for the caller to throw
     */
    private StoreFailedException fail(String operation, RuntimeException cause) {
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
     * {@value #BUILD_CHECK_CLOSED_EVERY} documents; a flush that is syncing finishes first; every
     * later call, and every read or scan the close overtakes, throws {@link StoreClosedException}.
     *
     * @throws StoreFailedException if the final commit or fsync fails; the file is released all the same
     */
    @Override
    public void close() {
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
        // Not shutdownNow(): interrupting a thread in a FileChannel operation closes the channel,
        // and with it the file under the final commit. A running task ends soon: each of its
        // writes and reads now throws StoreClosedException.
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(MAINTENANCE_STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        // A flush() that is syncing outside the write lock must not find the file closed under it.
        // No new one starts: a flush checks the flag under the write lock after claiming the sync.
        synchronized (syncMonitor) {
            while (syncInProgress) {
                try {
                    syncMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        StoreFailedException closeFailure = null;
        writeLock.lock();
        try {
            // MVStore must not close while a snapshot version is registered; open scans find the
            // store closed at their next step
            synchronized (openScans) {
                for (Release release : openScans) {
                    release.releaseVersion();
                }
            }
            if (failure.get() == null) {
                try {
                    // MVStore recomputes its oldest version in use only when a release gets its lock at
                    // once, so releases racing on other threads can leave it behind, and its close checks
                    // it; one more release here, with no other left, brings it up to date
                    store.deregisterVersionUsage(store.registerVersionUsage());
                    if (path != null && !readOnly && !store.isClosed()) {
                        store.commit();
                        store.sync();
                    }
                    store.close();
                } catch (RuntimeException e) {
                    closeFailure = fail("close", e);
                }
            }
            if (failure.get() != null) {
                // a failed store writes nothing more, not even on close (see syncFile): only release the file
                closeQuietly(store);
            }
        } finally {
            writeLock.unlock();
            releaseFile(path);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (closeFailure != null) {
            throw closeFailure;
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
