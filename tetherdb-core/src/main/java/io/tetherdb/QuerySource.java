package io.tetherdb;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * Where a find reads one collection: the store as it is now, or a transaction's snapshot with its
 * buffered writes over it. Thread-safe when reading the store; a transaction's source belongs to
 * the transaction's thread.
 */
interface QuerySource {

    /** @return the indexes the planner may use */
    List<IndexStatus> indexes();

    /** Opens the matches of a plan. */
    Matches open(QueryPlan plan, Filter filter, LongAdder examined, Explanation.Counters counters,
            QueryDeadline deadline);

    /** @return the number of live documents */
    long liveCount();

    /**
     * @return the number of keys of the plan's index in its ranges when that is exactly the number
     *         of matches (no expired document waits for the sweep), else -1
     */
    long exactKeyCount(QueryPlan plan);

    /**
     * @return the number of keys of the plan's index in its ranges (expired documents' keys
     *         included), read in O(log n) per range, or -1 where the index does not describe what
     *         a find reads (a transaction's buffered writes)
     */
    long keysInRanges(QueryPlan plan);

    /** @return whether matches can come in an index's order, so that a plan may provide the sort */
    boolean indexOrdered();
}
