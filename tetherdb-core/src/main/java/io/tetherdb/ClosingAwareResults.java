package io.tetherdb;

import java.util.Iterator;

import io.tetherdb.document.Document;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.QueryDeadline;

/**
 * The results of a find as its stream hands them out: reports a step that the store's close()
 * overtook as {@link StoreClosedException}, not as whatever MVStore threw; and runs the deadline's
 * clock only while a step runs, not while the caller holds a result. Not thread-safe.
 */
final class ClosingAwareResults implements Iterator<Document> {
    private final StoreEngine engine;
    private final Iterator<Document> results;
    private final QueryDeadline deadline;

    ClosingAwareResults(StoreEngine engine, Iterator<Document> results, QueryDeadline deadline) {
        this.engine = engine;
        this.results = results;
        this.deadline = deadline;
    }

    @Override
    public boolean hasNext() {
        deadline.resume();
        try {
            return results.hasNext();
        } catch (RuntimeException e) {
            throw engine.translate(e);
        } finally {
            deadline.pause();
        }
    }

    @Override
    public Document next() {
        deadline.resume();
        try {
            return results.next();
        } catch (RuntimeException e) {
            throw engine.translate(e);
        } finally {
            deadline.pause();
        }
    }
}
