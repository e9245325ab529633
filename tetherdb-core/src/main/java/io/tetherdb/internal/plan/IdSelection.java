package io.tetherdb.internal.plan;

import java.util.List;

/**
 * The documents a plan reads straight from the primary map, by id: either point lookups of the
 * given ids, or a scan of the ids from {@code from} (inclusive) to {@code to} (exclusive) in the
 * map's order ({@link String#compareTo}). The range may hold ids that do not match (the filter is
 * re-checked on each document) but never leaves out one that does.
 *
 * @param points the ids to look up, distinct and in the map's order, or null for a range
 * @param from the first id of the range, or null for the start of the map
 * @param to the first id after the range, or null for the end of the map
 * @since 0.2
 */
public record IdSelection(List<String> points, String from, String to) {

    /** @return whether the plan looks ids up one by one rather than scanning a range */
    public boolean lookups() {
        return points != null;
    }

    /**
     * @param id an id
     * @return whether the id lies before the end of the range
     */
    public boolean beforeEnd(String id) {
        return to == null || id.compareTo(to) < 0;
    }
}
