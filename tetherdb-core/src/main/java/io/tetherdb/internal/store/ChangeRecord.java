package io.tetherdb.internal.store;

import java.util.List;

/**
 * One committed change as the storage layer records it: the records before and after, as stored
 * (so that nothing is decoded on the write path), and its sequence number once the write operation
 * that made it has completed. The public {@code io.tetherdb.event.ChangeEvent} is built from it on
 * a subscriber's delivery thread. Immutable once its sequence number is set; the arrays are never
 * changed after they are stored.
 *
 * @param sequence the change's sequence number, 0 until the operation completes
 * @param kind what happened
 * @param collection the collection
 * @param id the document id, or null for a drop
 * @param timeMillis the store clock's time of the write operation
 * @param before the record before the change, or null (an insert, a drop)
 * @param after the record after the change, or null (a delete, an expiry, a drop)
 * @param update the paths an update set and removed, for {@link Kind#UPDATE}; else null
 */
public record ChangeRecord(long sequence, Kind kind, String collection, String id, long timeMillis, byte[] before,
        byte[] after, UpdatePaths update) {

    /** What a change did; the two expiry kinds say who removed the expired document. */
    public enum Kind {
        /** A new document. */
        INSERT,
        /** A live document replaced by a whole new version. */
        REPLACE,
        /** A live document changed by update operators. */
        UPDATE,
        /** A live document removed. */
        DELETE,
        /** A collection dropped with all its documents. */
        DROP,
        /** An expired document removed by the expiry sweep (background or {@code cleanup()}). */
        EXPIRED_BY_SWEEP,
        /**
         * An expired document removed, or overwritten, by a write that met it before the sweep did:
         * an insert or upsert of its id, a delete, or an index build.
         */
        EXPIRED_ON_WRITE
    }

    /**
     * The paths an update named: the ones it set (their new values are read from the record after)
     * and the ones it removed, in dotted form, cut before the first positional segment.
     *
     * @param updated the paths set; not null
     * @param removed the paths removed; not null
     */
    public record UpdatePaths(List<String> updated, List<String> removed) {

        public UpdatePaths {
            updated = List.copyOf(updated);
            removed = List.copyOf(removed);
        }
    }

    /** @return this change with its sequence number */
    ChangeRecord withSequence(long assigned) {
        return new ChangeRecord(assigned, kind, collection, id, timeMillis, before, after, update);
    }
}
