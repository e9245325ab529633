package io.tetherdb.internal.store;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A snapshot scan over stored records; see {@link StoreEngine#scan}. Not thread-safe; close it when
 * done.
 */
public final class RecordScan implements Iterator<Map.Entry<String, byte[]>>, AutoCloseable {

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
