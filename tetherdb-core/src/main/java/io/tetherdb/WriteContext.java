package io.tetherdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import io.tetherdb.document.DocumentPath;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.query.QueryDeadline;

/**
 * What one write operation on a collection sees and changes, whether it runs directly on the store
 * (under the write lock, as one operation) or inside a transaction (on the transaction's snapshot and
 * buffered writes): read the current documents, then store or remove some. An operation that throws
 * leaves nothing behind in either case. Every "read, compute, write" operation (the conditional
 * replace and delete, the update operators of {@link UpdateWrites}) is written once against this. Not thread-safe:
 * it lives for one operation.
 */
interface WriteContext {

    /** @return the current time of the store's clock, by which expiry is judged */
    long now();

    /**
     * @param id a document id
     * @return the live (unexpired) record with this id as the operation sees it, or null
     */
    byte[] current(String id);

    /**
     * Finds the live documents a query matches as the operation sees them, its own changes so far
     * included (so that each write of a {@code bulkWrite} sees the ones before it): the targets of
     * every filter-driven write, found inside the operation so that no other write comes between
     * finding and changing them.
     *
     * @param query the filter, sort, skip and limit; its projection is ignored
     * @param deadline the operation's time limit
     * @return the ids of the matches, in the query's order
     */
    List<String> matching(FindQuery query, QueryDeadline deadline);

    /**
     * As {@link #matching}, with the record of each match where finding it read one: the targets of
     * an update, which then need not look each of them up again.
     *
     * @return the matches, in the query's order; a record is null where the caller must read it
     *         with {@link #current}
     */
    default List<Found> matchingRecords(FindQuery query, QueryDeadline deadline) {
        List<Found> found = new ArrayList<>();
        for (String id : matching(query, deadline)) {
            found.add(new Found(id, null));
        }
        return found;
    }

    /**
     * A document a write operation found.
     *
     * @param id its id
     * @param record its live record as the operation sees it, or null when it was not read
     */
    record Found(String id, byte[] record) {
    }

    /**
     * Stores a new document.
     *
     * @throws DuplicateKeyException if a live document has the id (and, directly on the store, if a
     *         unique index already holds one of its keys)
     */
    void insert(PreparedRecord prepared);

    /** Stores a document whether or not its id is taken, replacing any previous one. */
    void put(PreparedRecord prepared);

    /**
     * As {@link #put}, for a new version of a live document that differs from the current one only
     * at paths {@code changed} accepts (an update): the store may keep the keys of an index on none
     * of those paths without computing them again.
     *
     * @param changed whether a path of an index may hold a changed value; not null
     */
    void put(PreparedRecord prepared, Predicate<DocumentPath> changed);

    /**
     * As {@link #put(PreparedRecord, Predicate)}, for the new version an update computed: its change
     * event is an update that names the update's paths.
     *
     * @param update the update; not null
     */
    void update(PreparedRecord prepared, io.tetherdb.update.Update update);

    /**
     * As {@link #update}, only if the document's current record is still {@code expected}: for a
     * new version computed from a record read before the operation began. Directly on the store,
     * the check and the write find the document once.
     *
     * @param expected the record the new version was computed from; not null
     * @param update the update; not null
     * @return whether the document was live with that record and was written; if not, nothing changed
     */
    default boolean updateIfCurrent(PreparedRecord prepared, byte[] expected, io.tetherdb.update.Update update) {
        byte[] current = current(prepared.id());
        if (current == null || current != expected && !Arrays.equals(current, expected)) {
            return false;
        }
        update(prepared, update);
        return true;
    }

    /**
     * Updates one live document from its current record: directly on the store, reading and
     * writing it with one lookup of its id.
     *
     * @param id the document's id
     * @param change gives the new version of the record it is given, or null when the update
     *        changes nothing; called only for a live document, maybe more than once
     * @param update the update, which describes the change as {@link #update} does; not null
     * @return whether a live document had the id (whether {@code change} was called)
     */
    default boolean change(String id, java.util.function.Function<byte[], PreparedRecord> change,
            io.tetherdb.update.Update update) {
        byte[] current = current(id);
        if (current == null) {
            return false;
        }
        PreparedRecord prepared = change.apply(current);
        if (prepared != null) {
            update(prepared, update);
        }
        return true;
    }

    /**
     * Removes a document, expired or not.
     *
     * @return whether a live document was removed
     */
    boolean remove(String id);
}
