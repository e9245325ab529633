package io.tetherdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * The write operations of one collection, on documents already checked and prepared by
 * {@link TetherCollection}: each method is one operation of its {@link CollectionAccess}, so it is
 * written whole or not at all (directly: in one commit; in a transaction: buffered whole). Each reads
 * what it needs through the operation's {@link WriteContext}, so the same code serves both.
 * Thread-safe as its access is.
 */
final class CollectionWrites {

    private final CollectionAccess access;
    private final LongAdder examined;

    /**
     * @param examined counts the documents tested against a condition, for the store's statistics
     */
    CollectionWrites(CollectionAccess access, LongAdder examined) {
        this.access = access;
        this.examined = examined;
    }

    /** Stores new documents, creating the collection if needed; a taken id rejects them all. */
    void insert(List<PreparedRecord> batch) {
        access.write(context -> {
            for (PreparedRecord prepared : batch) {
                context.insert(prepared);
            }
            return null;
        });
    }

    /** @return whether a live document had the id and was replaced */
    boolean replace(PreparedRecord prepared) {
        return access.write(context -> {
            if (context.current(prepared.id()) == null) {
                return false;
            }
            context.put(prepared);
            return true;
        });
    }

    /** @return whether a live document had the id, matched the condition and was replaced */
    boolean replaceIf(PreparedRecord prepared, Filter condition, QueryDeadline deadline) {
        return access.write(context -> {
            byte[] current = context.current(prepared.id());
            if (current == null) {
                return false;
            }
            examined.increment();
            if (!condition.matches(RecordFormat.lazyDocument(current), deadline)) {
                return false;
            }
            context.put(prepared);
            return true;
        });
    }

    /** Stores a document whether or not its id is taken, creating the collection if needed. */
    void upsert(PreparedRecord prepared) {
        access.write(context -> {
            context.put(prepared);
            return null;
        });
    }

    /**
     * Removes the live documents a query matches, found inside the write.
     *
     * @param query the filter; its sort, skip and limit too, if any
     * @param deadline the time limit of finding the matches; not null
     * @return how many documents were removed
     */
    int removeMatching(FindQuery query, QueryDeadline deadline) {
        return access.write(context -> {
            int removed = 0;
            for (String id : context.matching(query, deadline)) {
                if (context.remove(id)) {
                    removed++;
                }
            }
            return removed;
        });
    }

    /**
     * Removes the given documents in one write: all of them, or with a condition only those that
     * are live and match it. Expired documents are removed too when there is no condition, but
     * never counted.
     *
     * @param ids the ids, without duplicates or null
     * @param condition what a document must match to be removed, or null for none
     * @param deadline the time limit of checking the condition; null when there is none
     * @return how many live documents were removed
     */
    int remove(Set<String> ids, Filter condition, QueryDeadline deadline) {
        return access.write(context -> {
            if (condition == null) {
                int removed = 0;
                for (String id : ids) {
                    if (context.remove(id)) {
                        removed++;
                    }
                }
                return removed;
            }
            // every condition is checked before the first removal, so that a check cut short by the
            // deadline or an interrupt leaves the collection exactly as it was
            List<String> matching = new ArrayList<>();
            for (String id : ids) {
                if (ids.size() > 1) {
                    // one document is one step: like any single-document write, deleteIf serves a
                    // caller whose interrupt flag is set
                    deadline.check();
                }
                byte[] current = context.current(id);
                if (current != null) {
                    examined.increment();
                    if (condition.matches(RecordFormat.lazyDocument(current), deadline)) {
                        matching.add(id);
                    }
                }
            }
            for (String id : matching) {
                context.remove(id);
            }
            return matching.size();
        });
    }
}
