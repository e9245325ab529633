package io.tetherdb.internal.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.index.IndexKeys;

/**
 * Builds indexes over the documents a collection holds: a new one on request, and, when the store
 * opens, the indexes whose keys an earlier version encoded. A build reads the documents one at a
 * time, sorts their keys (in bounded runs, see {@link IndexKeySorter}), writes them at the right edge
 * of the B-tree, filling its leaves (see {@link FullLeafWriter}), and commits as it goes; the index
 * is recorded, and used, only once it is complete. Runs under the engine's write lock, so one build
 * at a time; thread-safe.
 */
final class IndexBuilder {

    /**
     * Index entries written between commits while an index is built. A commit serialises every
     * uncommitted page into one buffer: at 100,000 entries that buffer (7 MB) and the pages behind it
     * ran a 64 MB heap out of memory while indexing a million documents (LargeStoreIntegrationTests,
     * once in a CI run); 20,000 keeps both a fifth of that for a few more commits per build.
     */
    private static final int BUILD_COMMIT_EVERY = 20_000;
    /** Documents an index build reads between checks that the store is still open. */
    static final int BUILD_CHECK_CLOSED_EVERY = 1_000;
    /**
     * Heap budget of a build's sorted keys in bytes, for tests that make builds spill many runs; 0
     * (the default) for {@link IndexKeySorter#budgetFor} of the JVM's heap. Only the number of runs
     * depends on it, never the index that a build writes.
     */
    static volatile long budgetOverride;

    private final StoreEngine engine;
    private final Catalog catalog;
    private final Committer committer;
    private final Clock clock;

    IndexBuilder(StoreEngine engine, Catalog catalog, Committer committer, Clock clock) {
        this.engine = engine;
        this.catalog = catalog;
        this.committer = committer;
        this.clock = clock;
    }

    /** See {@link StoreEngine#createIndex}. */
    boolean createIndex(String collectionName, IndexDefinition definition, BiConsumer<Long, Long> progress) {
        ReentrantLock writeLock = committer.writeLock();
        writeLock.lock();
        try {
            engine.ensureWritable("createIndex");
            CollectionStore existingCollection = catalog.collection(collectionName);
            if (existingCollection != null) {
                for (IndexStatus info : existingCollection.indexInfos()) {
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
            Mutations creation = new Mutations(false, clock.millis());
            CollectionStore collection = catalog.createCollectionLocked(creation, collectionName);
            IndexMap index = catalog.newIndex(collectionName, definition);
            try {
                fill(collection, index, progress);
                catalog.recordIndex(index);
                collection.addIndex(index);
            } catch (RuntimeException | Error e) {
                if (!engine.hasFailed()) {
                    // after a failed write MVStore may be closed; removing the map would only hide the failure
                    catalog.discardIndex(index);
                    try {
                        // the write-ahead log holds none of the build's changes (a new collection, the
                        // expired documents it removed): a checkpoint keeps them for later writes to build on
                        committer.commitLocked(false);
                    } catch (RuntimeException | Error commitFailure) {
                        e.addSuppressed(commitFailure);
                    }
                }
                throw e;
            }
            committer.operationCompletedLocked();
            committer.commitLocked(false);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Rebuilds the indexes whose keys an earlier version encoded (numbers had another encoding
     * before decimals), and records format 3 in a format 2 file, all in one commit: a crash before
     * it leaves the file as it was, and the next open upgrades it again.
     */
    void upgrade(Map<IndexMap, CollectionStore> legacyKeys) {
        boolean formatTwo = catalog.checked()
                && StoreOpener.CHECKED_FORMAT_VERSION == Integer.parseInt(catalog.meta().get(Catalog.FORMAT_KEY));
        if (legacyKeys.isEmpty() && !formatTwo) {
            return;
        }
        ReentrantLock writeLock = committer.writeLock();
        writeLock.lock();
        try {
            for (Map.Entry<IndexMap, CollectionStore> legacy : legacyKeys.entrySet()) {
                IndexMap index = legacy.getKey();
                index.map.clear();
                index.multikey = false;
                fill(legacy.getValue(), index, (done, total) -> { });
                catalog.recordIndex(index);
            }
            if (formatTwo) {
                catalog.meta().put(Catalog.FORMAT_KEY, Integer.toString(StoreOpener.FORMAT_VERSION));
            }
            committer.commitLocked(false);
        } finally {
            writeLock.unlock();
        }
    }

    private void fill(CollectionStore collection, IndexMap index, BiConsumer<Long, Long> progress) {
        long total = collection.storedCount();
        long now = clock.millis();
        long done = 0;
        progress.accept(0L, total);
        long[] sinceCommit = {0};
        Runnable entryWritten = () -> {
            if (++sinceCommit[0] >= BUILD_COMMIT_EVERY) {
                if (engine.isClosed()) {
                    throw new StoreClosedException(engine.describe());
                }
                committer.commitLocked(false);
                sinceCommit[0] = 0;
            }
        };
        Iterator<Map.Entry<String, byte[]>> records = collection.view(null).records();
        Mutations sweep = new Mutations(false, now);
        long budget = budgetOverride > 0 ? budgetOverride : IndexKeySorter.budgetFor(Runtime.getRuntime().maxMemory());
        try (IndexKeySorter sorter = new IndexKeySorter(budget, runFiles(), total)) {
            try {
                done = scan(collection, index, records, sweep, sorter, now, total, progress);
            } finally {
                // the removals stay whatever becomes of the build: their change events go out
                committer.changesCompletedLocked(sweep);
            }
            IndexKeySorter.Entry[] previous = {null};
            FullLeafWriter writer = new FullLeafWriter(index.map, entryWritten);
            sorter.drainTo(entry -> {
                if (index.definition.isUnique() && previous[0] != null && previous[0].samePrefix(entry)) {
                    throw duplicate(collection, index, previous[0], entry);
                }
                writer.put(entry);
                previous[0] = entry;
            });
            writer.finish();
        }
        progress.accept(done, total);
    }

    /**
     * Sorted runs go beside the store file, on its disk (the temporary directory may be a small
     * RAM disk), encrypted when the store is; an in-memory store's go to the temporary directory.
     */
    private IndexKeySorter.RunFiles runFiles() {
        Path path = engine.path();
        return path == null ? IndexKeySorter.RunFiles.temporary()
                : IndexKeySorter.RunFiles.beside(path, engine.encryption() != null);
    }

    /**
     * When the store opens for writing: deletes the run files of a build that a crash interrupted
     * (the store file is locked, so no build of this store is running).
     */
    void removeLeftoverRuns() {
        if (engine.path() != null && !engine.isReadOnly()) {
            IndexKeySorter.removeLeftoverRuns(engine.path());
        }
    }

    /** Reads the documents into the sorter, removing expired ones through {@code sweep}; returns how many it read. */
    private long scan(CollectionStore collection, IndexMap index, Iterator<Map.Entry<String, byte[]>> records,
            Mutations sweep, IndexKeySorter sorter, long now, long total, BiConsumer<Long, Long> progress) {
        long done = 0;
        while (records.hasNext()) {
            Map.Entry<String, byte[]> entry = records.next();
            byte[] record = entry.getValue();
            done++;
            if (done % BUILD_CHECK_CLOSED_EVERY == 0 && engine.isClosed()) {
                // close() waits for the write lock that the build holds: give up rather than make
                // it wait for the whole collection; createIndex drops the half-built map
                throw new StoreClosedException(engine.describe());
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
            for (byte[] prefix : keys.prefixes()) {
                sorter.add(IndexMap.entryKey(prefix, id), id.length);
            }
            index.multikey |= keys.multikey();
            if (done % 10_000 == 0) {
                progress.accept(done, total);
            }
        }
        return done;
    }

    /** The error for two documents that share a key of a unique index: the key is read back from them. */
    private static DuplicateKeyException duplicate(CollectionStore collection, IndexMap index,
            IndexKeySorter.Entry first, IndexKeySorter.Entry second) {
        String firstId = IndexMap.id(first.id());
        String secondId = IndexMap.id(second.id());
        byte[] prefix = Arrays.copyOf(second.key(), second.key().length - second.idLength());
        String key = "?";
        byte[] record = collection.view(null).record(secondId);
        if (record != null) {
            IndexKeys keys = IndexKeys.of(index.definition, RecordFormat.lazyDocument(record));
            for (int i = 0; i < keys.prefixes().size(); i++) {
                if (Arrays.equals(keys.prefixes().get(i), prefix)) {
                    key = IndexMap.describeKey(index.definition, keys.values().get(i));
                }
            }
        }
        return new DuplicateKeyException(collection.name(), key, "Cannot build unique index '"
                + index.definition.name() + "' on collection '" + collection.name() + "': documents '" + firstId
                + "' and '" + secondId + "' share the key " + key);
    }
}
