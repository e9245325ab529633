package io.tetherdb;

import java.util.concurrent.atomic.LongAdder;

/**
 * How a find ran, as {@link FindQuery#explain()} reports it, in the spirit of MongoDB's
 * {@code executionStats}.
 *
 * @param stage {@code IXSCAN} when an index was read, {@code ID_LOOKUP} when documents were looked up
 *        by {@code _id} (an equality or {@code $in}), {@code ID_RANGE} when a range of ids was read (bounds
 *        on {@code _id}), {@code OR} when the branches of an {@code $or} were each read from an index
 *        and their matches united, {@code COLLSCAN} when every document was
 * @param keysExamined index keys read, or ids looked up or read for the {@code ID_} stages
 * @param index the name of the index read (names, comma-separated, for {@code OR}), or null
 * @param bounds the index key bounds in readable form, such as {@code age: [42, 42]}; empty for a
 *        collection scan
 * @param inMemorySort whether results were sorted in memory rather than read in index order
 * @param documentsExamined documents read and tested against the filter
 * @param returned documents returned
 * @since 0.1
 */
public record Explanation(String stage, String index, String bounds, boolean inMemorySort, long keysExamined,
        long documentsExamined, long returned) {

    /** Counts kept while a find runs. */
    static final class Counters {
        final LongAdder keys = new LongAdder();
        final LongAdder documents = new LongAdder();
    }
}
