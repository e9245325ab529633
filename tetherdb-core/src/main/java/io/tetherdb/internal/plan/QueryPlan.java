package io.tetherdb.internal.plan;

import java.util.List;

import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.KeyRange;

/**
 * How a find runs: a collection scan, or a scan of key ranges of one index followed by a fetch of
 * each document and a re-check of the whole filter on it.
 *
 * @param index the index used, or null for a collection scan
 * @param ranges the key ranges to scan, in ascending key order; empty for a collection scan
 * @param reverse whether the ranges are walked in descending key order
 * @param providesSort whether the index order is the requested sort order (no in-memory sort)
 * @param exact whether the ranges hold exactly the matching documents' keys, one key each, so
 *        that counting keys counts matches
 * @param multikey whether one document may appear under several keys
 * @param bounds the bounds in readable form, such as {@code age: [42, 42]}
 * @since 0.1
 */
public record QueryPlan(IndexDefinition index, List<KeyRange> ranges, boolean reverse, boolean providesSort,
        boolean exact, boolean multikey, String bounds) {

    /** The plan that reads every document. */
    public static final QueryPlan COLLECTION_SCAN = new QueryPlan(null, List.of(), false, false, false, false, "");

    /** @return whether the plan reads an index */
    public boolean usesIndex() {
        return index != null;
    }
}
