package io.tetherdb.internal.plan;

import java.util.List;

import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.KeyRange;

/**
 * How a find runs: a collection scan, a scan of key ranges of one index followed by a fetch of
 * each document, or a read of the primary map by id (point lookups or an id range); in each case
 * the whole filter is re-checked on every document read.
 *
 * @param index the index used, or null for a collection scan
 * @param ranges the key ranges to scan, in ascending key order; empty for a collection scan
 * @param reverse whether the ranges are walked in descending key order
 * @param providesSort whether the index order is the requested sort order (no in-memory sort)
 * @param exact whether the ranges hold exactly the matching documents' keys, one key each, so
 *        that counting keys counts matches
 * @param multikey whether one document may appear under several keys
 * @param bounds the bounds in readable form, such as {@code age: [42, 42]}
 * @param ids the ids read from the primary map, or null when the plan does not read by id
 * @param branches the index plans of the branches of an {@code $or} whose matches are united, or
 *        null when the plan is not such a union
 * @since 0.1
 */
public record QueryPlan(IndexDefinition index, List<KeyRange> ranges, boolean reverse, boolean providesSort,
        boolean exact, boolean multikey, String bounds, IdSelection ids, List<QueryPlan> branches) {

    /** The plan that reads every document. */
    public static final QueryPlan COLLECTION_SCAN = new QueryPlan(null, List.of(), false, false, false, false, "");

    /** A plan that reads an index, or scans the collection when {@code index} is null. */
    public QueryPlan(IndexDefinition index, List<KeyRange> ranges, boolean reverse, boolean providesSort,
            boolean exact, boolean multikey, String bounds) {
        this(index, ranges, reverse, providesSort, exact, multikey, bounds, null, null);
    }

    /**
     * @param ids the ids to read; not null
     * @param bounds the bounds in readable form, such as {@code _id: in ["a", "b"]}
     * @return a plan that reads the primary map by id
     */
    public static QueryPlan byId(IdSelection ids, String bounds) {
        return new QueryPlan(null, List.of(), false, false, false, false, bounds, ids, null);
    }

    /**
     * @param branches an index plan for each branch of an {@code $or}; not null
     * @return a plan that reads the ids each branch's index yields, de-duplicated, and then the
     *         documents
     */
    public static QueryPlan union(List<QueryPlan> branches) {
        StringBuilder bounds = new StringBuilder("$or: ");
        for (int i = 0; i < branches.size(); i++) {
            bounds.append(i == 0 ? "" : " | ").append(branches.get(i).index().name()).append(" ")
                    .append(branches.get(i).bounds());
        }
        return new QueryPlan(null, List.of(), false, false, false, false, bounds.toString(), null,
                List.copyOf(branches));
    }

    /** @return whether the plan unites the index scans of the branches of an {@code $or} */
    public boolean isUnion() {
        return branches != null;
    }

    /** @return the names of the indexes the plan reads, comma-separated, or null if it reads none */
    public String indexNames() {
        if (usesIndex()) {
            return index.name();
        }
        if (!isUnion()) {
            return null;
        }
        StringBuilder names = new StringBuilder();
        for (QueryPlan branch : branches) {
            names.append(names.length() == 0 ? "" : ",").append(branch.index().name());
        }
        return names.toString();
    }

    /** @return whether the plan reads an index */
    public boolean usesIndex() {
        return index != null;
    }

    /** @return whether the plan reads the primary map by id */
    public boolean usesIds() {
        return ids != null;
    }

    /**
     * @return the stage {@code explain()} names: {@code IXSCAN}, {@code OR} (an index union),
     *         {@code ID_LOOKUP}, {@code ID_RANGE} or {@code COLLSCAN}
     */
    public String stage() {
        return usesIndex() ? "IXSCAN" : isUnion() ? "OR" : !usesIds() ? "COLLSCAN"
                : ids.lookups() ? "ID_LOOKUP" : "ID_RANGE";
    }
}
