package io.tetherdb.internal.store;

import java.lang.ref.Cleaner;

/**
 * A view whose version the store holds until it is closed; see {@link StoreEngine#holdView}. Not
 * thread-safe; close it when done.
 */
public final class HeldView implements AutoCloseable {

    private final CollectionStore.View view;
    private Cleaner.Cleanable release;
    private boolean closed;

    HeldView(CollectionStore.View view) {
        this.view = view;
    }

    void releaseWith(Cleaner.Cleanable release) {
        this.release = release;
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
