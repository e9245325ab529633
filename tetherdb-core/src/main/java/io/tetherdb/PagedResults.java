package io.tetherdb;

import java.util.Iterator;
import java.util.NoSuchElementException;

import io.tetherdb.document.Document;
import io.tetherdb.query.Projection;

/**
 * The results of an unsorted find (or one whose index gives the order) in the order they are
 * found: skip, limit and projection applied as they stream past. Not thread-safe.
 */
final class PagedResults implements Iterator<Document> {
    private final Matches matches;
    private final long skip;
    private final long limit;
    private final Projection projection;
    private long skipped;
    private long returned;
    private Document next;

    PagedResults(Matches matches, long skip, long limit, Projection projection) {
        this.matches = matches;
        this.skip = skip;
        this.limit = limit;
        this.projection = projection;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (limit > 0 && returned >= limit) {
            matches.close();
            return false;
        }
        while (matches.advance()) {
            if (skipped < skip) {
                skipped++;
                continue;
            }
            next = projection.apply(matches.document());
            return true;
        }
        return false;
    }

    @Override
    public Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document result = next;
        next = null;
        returned++;
        return result;
    }
}
