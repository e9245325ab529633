package io.tetherdb.internal.store;

import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.h2.mvstore.MVStore;

/**
 * The engine's read side: consistent views of collections for readers, and the snapshot versions
 * they hold so that compaction cannot free pages a view has yet to read. Thread-safe; reads never
 * take the write lock.
 */
final class SnapshotViews {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger OPEN_SCANS = new AtomicInteger();

    private final StoreEngine engine;
    private final MVStore store;
    private final Committer committer;
    /** Snapshot versions held by open scans, released by close() before MVStore closes. */
    private final Set<Release> openScans = ConcurrentHashMap.newKeySet();

    SnapshotViews(StoreEngine engine, MVStore store, Committer committer) {
        this.engine = engine;
        this.store = store;
        this.committer = committer;
    }

    /** @return how many snapshot scans are open in this JVM */
    static int openScans() {
        return OPEN_SCANS.get();
    }

    /** See {@link StoreEngine#scan}. */
    RecordScan scan(CollectionStore collection) {
        HeldView held = holdView(collection, null);
        try {
            return new RecordScan(read(held.view()::records), held, engine);
        } catch (RuntimeException | Error e) {
            held.close();
            throw e;
        }
    }

    /** See {@link StoreEngine#holdView}. */
    HeldView holdView(CollectionStore collection, String indexName) {
        return holdViews(collection, indexName == null ? List.of() : List.of(indexName));
    }

    /** See {@link StoreEngine#holdViews}. */
    HeldView holdViews(CollectionStore collection, List<String> indexNames) {
        Release release = registerSnapshot();
        CollectionStore.View view;
        try {
            view = atomically(() -> collection.viewOf(indexNames));
        } catch (RuntimeException | Error e) {
            release.releaseVersion();
            openScans.remove(release);
            throw e;
        }
        OPEN_SCANS.incrementAndGet();
        HeldView held = new HeldView(view);
        held.releaseWith(CLEANER.register(held, release));
        return held;
    }

    /**
     * Holds the current version, as a scan does, so that compaction cannot free the pages of a
     * snapshot captured after this call; run the returned release when done with it (close() of the
     * store releases it too).
     */
    Runnable holdCurrentVersion() {
        Release release = registerSnapshot();
        OPEN_SCANS.incrementAndGet();
        return release;
    }

    /**
     * Captures a transaction's snapshot of every collection and its indexes, and the write sequence
     * number of that moment, holding its version as {@link #holdView} does. The write log records
     * from before the capture, so that every write after the moment is in it.
     */
    StoreSnapshot holdSnapshot(Catalog catalog, WriteLog log) {
        long floor = committer.writeSequence();
        log.reserve(floor);
        Release release;
        try {
            release = registerSnapshot();
        } catch (RuntimeException | Error e) {
            log.cancel(floor);
            throw e;
        }
        long[] start = new long[1];
        Map<String, CollectionStore.View> views;
        try {
            views = atomically(() -> {
                start[0] = committer.writeSequence();
                Map<String, CollectionStore.View> captured = new HashMap<>();
                for (String name : catalog.collectionNames()) {
                    CollectionStore collection = catalog.collection(name);
                    if (collection != null) {
                        captured.put(name, collection.viewAll());
                    }
                }
                return captured;
            });
        } catch (RuntimeException | Error e) {
            release.releaseVersion();
            openScans.remove(release);
            log.cancel(floor);
            throw e;
        }
        long begun = start[0];
        log.opened(floor, begun);
        OPEN_SCANS.incrementAndGet();
        StoreSnapshot snapshot = new StoreSnapshot(begun, views);
        snapshot.releaseWith(CLEANER.register(snapshot, () -> {
            release.run();
            log.closed(begun);
        }));
        return snapshot;
    }

    /**
     * Registers the current version as in use, before a view of it is captured, so that no commit in
     * between lets compaction free the pages of the captured version.
     */
    private Release registerSnapshot() {
        // close() releases the registered versions of open snapshots under this monitor, after
        // setting the closed flag: a snapshot registers either before (and is released) or not at all
        synchronized (openScans) {
            engine.ensureOpen();
            Release release = new Release(store, store.registerVersionUsage(), openScans);
            openScans.add(release);
            return release;
        }
    }

    /** Under the write lock, while the store closes: MVStore must not close while a version is registered. */
    void releaseAll() {
        synchronized (openScans) {
            for (Release release : openScans) {
                release.releaseVersion();
            }
        }
    }

    /** See {@link StoreEngine#read}. */
    <T> T read(Supplier<T> read) {
        engine.ensureOpen();
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw engine.translate(e);
        }
    }

    /** See {@link StoreEngine#atomically}. */
    <T> T atomically(Supplier<T> read) {
        engine.ensureOpen();
        try {
            return committer.betweenWrites(read);
        } catch (RuntimeException e) {
            throw engine.translate(e);
        }
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
}
