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
    /** The top-level fields a projection keeps, when that is all it does; else null. */
    private final String[] topLevel;
    private long skipped;
    private long returned;
    private Document next;

    PagedResults(Matches matches, long skip, long limit, Projection projection) {
        this.matches = matches;
        this.skip = skip;
        this.limit = limit;
        this.projection = projection;
        this.topLevel = topLevelFields(projection);
    }

    /**
     * @return the names of the top-level fields an inclusion projection of whole top-level fields
     *         keeps (with {@code _id} if it is kept), or null for any other projection
     */
    static String[] topLevelFields(Projection projection) {
        if (!projection.isInclusion()) {
            return null;
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        if (projection.includesId()) {
            names.add(Document.ID);
        }
        for (io.tetherdb.document.DocumentPath path : projection.paths()) {
            if (path.size() != 1) {
                return null;
            }
            names.add(path.segment(0));
        }
        return names.toArray(String[]::new);
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
            // a projection onto a few top-level fields decodes just those from the record
            next = topLevel != null ? matches.document(topLevel) : projection.apply(matches.document());
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
