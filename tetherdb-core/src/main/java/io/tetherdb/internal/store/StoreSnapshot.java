package io.tetherdb.internal.store;

import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transaction's snapshot of the whole store: a view of every collection, with its expiry index
 * and all its secondary indexes, as of one moment between two write operations, and the write
 * sequence number of that moment. It holds the moment's version so that compaction cannot free the
 * pages it reads, and keeps the store's write log recording, until {@link #close()} (or until it
 * becomes unreachable). Thread-safe; close is idempotent.
 */
public final class StoreSnapshot implements AutoCloseable {

    private final long start;
    private final Map<String, CollectionStore.View> views;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Cleaner.Cleanable release;

    StoreSnapshot(long start, Map<String, CollectionStore.View> views) {
        this.start = start;
        this.views = views;
    }

    void releaseWith(Cleaner.Cleanable release) {
        this.release = release;
    }

    /** @return the write sequence number the snapshot reflects: writes after it are not in it */
    public long start() {
        return start;
    }

    /**
     * @param collection a collection name
     * @return the collection's view, or null if it did not exist at the snapshot's moment
     */
    public CollectionStore.View view(String collection) {
        return views.get(collection);
    }

    /** @return whether the snapshot was closed (its pages may be reused) */
    public boolean isClosed() {
        return closed.get();
    }

    /** Releases the snapshot's version and ends its part in the write log. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.clean();
        }
    }
}
