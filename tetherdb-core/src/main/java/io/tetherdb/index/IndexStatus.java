package io.tetherdb.index;

/**
 * The state of one index of a collection, as listed by {@code listIndexes()} and used by the
 * query planner.
 *
 * @param definition what the index covers
 * @param multikey whether some document holds an array on an indexed path (one document may then
 *        have several keys, and range bounds cannot be combined)
 * @param entries the number of keys in the index
 * @since 0.1
 */
public record IndexStatus(IndexDefinition definition, boolean multikey, long entries) {
}
